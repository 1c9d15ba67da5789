package io.statewall.protocols.modbus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed request/response PDU pairs covering every public function code, every public
 * FC 8 sub-function, exceptions, user-defined, unassigned and legacy codes. Most come from
 * the examples of MB-AP §6. Shared by the transaction, framing, allocation and fuzz tests.
 */
final class ModbusVectors {
    /** @param response null when the server sends nothing (FC 8/04 Force Listen Only Mode) */
    record Exchange(String name, String request, String response) {
        byte[] requestAdu(int transactionId, int unitId) {
            return Frames.adu(transactionId, unitId, request);
        }

        byte[] responseAdu(int transactionId, int unitId) {
            return response == null ? new byte[0] : Frames.adu(transactionId, unitId, response);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ModbusVectors() {}

    static String ascii(String text) {
        return Frames.hex(text.getBytes(StandardCharsets.US_ASCII));
    }

    static final String DEVICE_ID_RESPONSE = "2B 0E | 01 | 01 | 00 | 00 | 03"
            + " | 00 16 " + ascii("Company identification")
            + " | 01 0F " + ascii("Product code XX")
            + " | 02 05 " + ascii("V2.11");

    static List<Exchange> all() {
        List<Exchange> all = new ArrayList<>(List.of(
                new Exchange("FC1 read coils 20-38 (§6.1)", "01 | 0013 | 0013", "01 | 03 | CD 6B 05"),
                new Exchange("FC2 read inputs 197-218 (§6.2)", "02 | 00C4 | 0016", "02 | 03 | AC DB 35"),
                new Exchange("FC3 read holding 108-110 (§6.3)", "03 | 006B | 0003", "03 | 06 | 022B 0000 0064"),
                new Exchange("FC4 read input register 9 (§6.4)", "04 | 0008 | 0001", "04 | 02 | 000A"),
                new Exchange("FC5 coil 173 ON (§6.5)", "05 | 00AC | FF00", "05 | 00AC | FF00"),
                new Exchange("FC5 coil 173 OFF", "05 | 00AC | 0000", "05 | 00AC | 0000"),
                new Exchange("FC6 register 2 = 3 (§6.6)", "06 | 0001 | 0003", "06 | 0001 | 0003"),
                new Exchange("FC7 exception status (§6.7)", "07", "07 | 6D"),
                new Exchange("FC11 event counter (§6.9)", "0B", "0B | FFFF | 0108"),
                new Exchange("FC12 event log (§6.10)", "0C", "0C | 08 | 0000 0108 0121 | 20 00"),
                new Exchange("FC15 write 10 coils from 20 (§6.11)", "0F | 0013 | 000A | 02 | CD 01", "0F | 0013 | 000A"),
                new Exchange("FC16 write 2 registers at 2 (§6.12)", "10 | 0001 | 0002 | 04 | 000A 0102", "10 | 0001 | 0002"),
                new Exchange("FC17 report server id (§6.13)", "11", "11 | 03 | 2A FF 01"),
                new Exchange("FC20 read two file groups (§6.14)", "14 | 0E | 06 0004 0001 0002 | 06 0003 0009 0002",
                        "14 | 0C | 05 06 0DFE 0020 | 05 06 33CD 0040"),
                new Exchange("FC21 write file 4 from 7 (§6.15)", "15 | 0D | 06 0004 0007 0003 | 06AF 04BE 100D",
                        "15 | 0D | 06 0004 0007 0003 | 06AF 04BE 100D"),
                new Exchange("FC22 mask write register 5 (§6.16)", "16 | 0004 | 00F2 | 0025", "16 | 0004 | 00F2 | 0025"),
                new Exchange("FC23 write 3 at 15, read 6 from 4 (§6.17)",
                        "17 | 0003 0006 | 000E 0003 | 06 | 00FF 00FF 00FF", "17 | 0C | 00FE 0ACD 0001 0003 000D 00FF"),
                new Exchange("FC24 FIFO at 1246 (§6.18)", "18 | 04DE", "18 | 0006 | 0002 | 01B8 1284"),
                new Exchange("FC43/14 basic device id (§6.21)", "2B 0E | 01 | 00", DEVICE_ID_RESPONSE),
                new Exchange("FC43/13 CANopen general reference", "2B 0D | 0001 0203", "2B 0D | 0001 FFFF"),
                new Exchange("FC3 exception illegal data address", "03 | FFF0 | 0010", "83 | 02"),
                new Exchange("FC20 exception memory parity error", "14 | 07 | 06 0001 0000 0001", "94 | 08"),
                new Exchange("FC43/14 exception illegal data address", "2B 0E | 04 | 07", "AB | 02"),
                new Exchange("FC65 user-defined", "41 | 0102", "41 | 0304"),
                new Exchange("FC100 user-defined, exception", "64", "E4 | 01"),
                new Exchange("FC9 legacy Program 484", "09 | 0001", "09 | 00")));
        // §6.8.1: every public sub-function with its request data and a normal response.
        all.add(new Exchange("FC8/00 return query data", "08 | 0000 | A537", "08 | 0000 | A537"));
        all.add(new Exchange("FC8/01 restart communications, clear log", "08 | 0001 | FF00", "08 | 0001 | FF00"));
        all.add(new Exchange("FC8/02 return diagnostic register", "08 | 0002 | 0000", "08 | 0002 | 1234"));
        all.add(new Exchange("FC8/03 change ASCII delimiter to ':'", "08 | 0003 | 3A00", "08 | 0003 | 3A00"));
        all.add(new Exchange("FC8/04 force listen only mode (no response)", "08 | 0004 | 0000", null));
        all.add(new Exchange("FC8/0A clear counters", "08 | 000A | 0000", "08 | 000A | 0000"));
        for (int sub = 0x0B; sub <= 0x12; sub++) {
            String code = String.format("%04X", sub);
            all.add(new Exchange("FC8/" + code + " " + DiagnosticSubFunction.of(sub).suricataName(),
                    "08 | " + code + " | 0000", "08 | " + code + " | 00" + String.format("%02X", sub)));
        }
        all.add(new Exchange("FC8/14 clear overrun counter", "08 | 0014 | 0000", "08 | 0014 | 0000"));
        return all;
    }
}
