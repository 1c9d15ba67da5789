package io.statewall.engine.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The EVE {@code modbus} record of one exchange per function code: request and response PDUs
 * in (hex, MB-AP §6 layouts), Suricata's object shape and our decoded additions out.
 */
class ModbusEveRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs one request/response pair (either may be empty) through a session and the record writer. */
    static JsonNode record(String requestPdu, String responsePdu) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlowContext flow = new FlowContext().set(7, 4, 0, 0x0A00_0001L, 40_000, 0, 0x0A00_0002L, 502, 6, "modbus");
        ModbusEveRecord record = new ModbusEveRecord();
        try (EveWriter eve = EveWriter.allTypes(bytes)) {
            ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
                long n;

                @Override
                public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                    record.write(eve, flow, tx, ++n);
                }

                @Override
                public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
                }
            }, null);
            if (!requestPdu.isEmpty()) {
                feed(session, true, adu(requestPdu), 1_000_000L);
            }
            if (!responsePdu.isEmpty()) {
                feed(session, false, adu(responsePdu), 3_500_000L);
            }
            session.onEnd(4_000_000L);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private static void feed(ModbusSession session, boolean toServer, byte[] adu, long ts) {
        int consumed = session.onData(toServer, MemorySegment.ofArray(adu), 0, adu.length, ts);
        assertThat(consumed).isEqualTo(adu.length);
    }

    private static byte[] adu(String pduHex) {
        byte[] pdu = HexFormat.of().parseHex(pduHex.replace(" ", ""));
        byte[] adu = new byte[7 + pdu.length];
        adu[1] = 0x2A; // transaction 42
        adu[5] = (byte) (pdu.length + 1);
        adu[6] = 1; // unit 1
        System.arraycopy(pdu, 0, adu, 7, pdu.length);
        return adu;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name           | request PDU                     | response PDU                 | path checked                          | expected
        FC 1 bits        | 01 0013 000A                    | 01 02 CD01                   | response.read.values                  | [1,0,1,1,0,0,1,1,1,0]
        FC 2 address     | 02 00C4 0016                    | 02 03 ACDB35                 | request.read.address                  | 196
        FC 3 values      | 03 006B 0003                    | 03 06 022B00000064           | response.read.values                  | [555,0,100]
        FC 3 data hex    | 03 006B 0003                    | 03 06 022B00000064           | response.read.data                    | "022b00000064"
        FC 4 quantity    | 04 0008 0001                    | 04 02 000A                   | request.read.quantity                 | 1
        FC 5 raw data    | 05 00AC FF00                    | 05 00AC FF00                 | request.write.data                    | 65280
        FC 5 value       | 05 00AC FF00                    | 05 00AC FF00                 | request.write.values                  | [1]
        FC 6 echo        | 06 0001 0003                    | 06 0001 0003                 | response.write.data                   | 3
        FC 15 values     | 0F 0013 000A 02 CD01            | 0F 0013 000A                 | request.write.values                  | [1,0,1,1,0,0,1,1,1,0]
        FC 15 echo       | 0F 0013 000A 02 CD01            | 0F 0013 000A                 | response.write.quantity               | 10
        FC 16 values     | 10 0001 0002 04 000A 0102       | 10 0001 0002                 | request.write.values                  | [10,258]
        FC 22 masks      | 16 0004 00F2 0025               | 16 0004 00F2 0025            | response.write.or_mask                | 37
        FC 23 write      | 17 0003 0006 000E 0003 06 00FF00FF00FF | 17 0C 00FE0ACD00010003000D00FF | request.write.values | [255,255,255]
        FC 23 read       | 17 0003 0006 000E 0003 06 00FF00FF00FF | 17 0C 00FE0ACD00010003000D00FF | response.read.values | [254,2765,1,3,13,255]
        FC 8 listen only | 08 0004 0000                    |                              | request.diagnostic.code               | "ForceListenOnlyMode"
        FC 43/14         | 2B 0E 01 00                     | 2B 0E 01 01 00 00 01 00 03 414243 | response.mei.code                | "RdDevId"
        exception        | 03 0000 0001                    | 83 02                        | response.exception.code               | "IllegalDataAddr"
        user code 65     | 41 0102                         | 41 0102                      | request.data                          | "0102"
        unassigned 50    | 32 00                           |                              | request.category                      | "PUBLIC_UNASSIGNED"
        response only    |                                 | 03 02 0007                   | response.read.values                  | [7]
        """)
    void writesTheRecord(String name, String request, String response, String path, String expected) {
        JsonNode modbus = record(request == null ? "" : request, response == null ? "" : response).path("modbus");
        JsonNode node = modbus;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        assertThat(node.toString()).as(name).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
        FC 3 read   ; 03 006B 0003         ; 03 06 022B00000064 ; read       ; holding_registers ; READ | HOLDING
        FC 16 write ; 10 0001 0001 02 0005 ; 10 0001 0001       ; write      ; holding_registers ; WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE
        FC 8 diag   ; 08 0000 1234         ; 08 0000 1234       ; diagnostic ; none              ; NONE
        """)
    void classifiesMeaningAndAccess(String name, String request, String response, String operation, String area, String access) {
        JsonNode modbus = record(request, response).path("modbus");
        assertThat(modbus.path("operation").asString()).isEqualTo(operation);
        assertThat(modbus.path("data_area").asString()).isEqualTo(area);
        assertThat(modbus.path("request").path("access_type").asString()).isEqualTo(access);
        assertThat(modbus.path("request").path("transaction_id").asInt()).isEqualTo(42);
        assertThat(modbus.path("request").path("unit_id").asInt()).isEqualTo(1);
        assertThat(modbus.path("response_time_us").asInt()).isEqualTo(2500);
        assertThat(modbus.path("id").asInt()).isEqualTo(1);
    }
}
