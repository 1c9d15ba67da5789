package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request encoders against the worked examples of the Modbus Application Protocol v1.1b3. */
class ModbusAduTest {
    private static final int AT = 3; // encoders write at an offset, not at 0

    static Stream<Arguments> requests() {
        return Stream.of(
                example("§6.1 read coils 20-38", "01 | 00 13 | 00 13",
                        s -> ModbusAdu.readRequest(s, AT, 1, 0x13, 0x13)),
                example("§6.2 read discrete inputs 197-218", "02 | 00 c4 | 00 16",
                        s -> ModbusAdu.readRequest(s, AT, 2, 0xC4, 0x16)),
                example("§6.3 read holding registers 108-110", "03 | 00 6b | 00 03",
                        s -> ModbusAdu.readRequest(s, AT, 3, 0x6B, 3)),
                example("§6.4 read input register 9", "04 | 00 08 | 00 01",
                        s -> ModbusAdu.readRequest(s, AT, 4, 8, 1)),
                example("§6.5 write coil 173 ON", "05 | 00 ac | ff 00",
                        s -> ModbusAdu.writeSingleCoil(s, AT, 0xAC, true)),
                example("§6.5 write coil OFF is 0x0000", "05 | 00 ac | 00 00",
                        s -> ModbusAdu.writeSingleCoil(s, AT, 0xAC, false)),
                example("§6.6 write register 2 to 0x0003", "06 | 00 01 | 00 03",
                        s -> ModbusAdu.writeSingleRegister(s, AT, 1, 3)),
                example("§6.11 write 10 coils from 20: CD 01", "0f | 00 13 | 00 0a | 02 | cd 01",
                        s -> ModbusAdu.writeMultipleCoils(s, AT, 0x13, 10, 0x01CD)),
                example("§6.11 bits above the quantity are zero-filled", "0f | 00 13 | 00 0a | 02 | cd 01",
                        s -> ModbusAdu.writeMultipleCoils(s, AT, 0x13, 10, 0xFFFF_FDCDL)),
                example("§6.12 write two registers from 2: 000A 0102", "10 | 00 01 | 00 02 | 04 | 00 0a 01 02",
                        s -> ModbusAdu.writeMultipleRegisters(s, AT, 1, new int[] {0x000A, 0x0102}, 2)),
                example("§6.21 read device identification, basic, from object 0", "2b | 0e | 01 | 00",
                        s -> ModbusAdu.readDeviceIdentification(s, AT, 1, 0)),
                example("§7 exception: illegal data address to FC 3", "83 | 02",
                        s -> ModbusAdu.exception(s, AT, 3, 2)),
                example("MBAP §3.1.3: tid 0x1501, proto 0, length = unit + 5-byte PDU, unit 0xff",
                        "15 01 | 00 00 | 00 06 | ff", s -> ModbusAdu.mbap(s, AT, 0x1501, 0xFF, 5)));
    }

    private static Arguments example(String name, String hex, ToIntFunction<MemorySegment> encode) {
        return Arguments.of(name, hex, encode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void encodesTheSpecificationExample(String name, String hex, ToIntFunction<MemorySegment> encode) {
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        int n = encode.applyAsInt(s);
        assertThat(Bytes.hex(s, AT, n)).isEqualTo(HexFormat.of().formatHex(Bytes.hex(hex)));
        assertThat(s.get(Layouts.U8, AT - 1)).as("nothing written before the offset").isZero();
        assertThat(s.get(Layouts.U8, AT + n)).as("nothing written past the returned length").isZero();
    }

    @Test
    void quantitiesOutsideTheEncodersRangeAreProgrammingErrors() {
        MemorySegment s = MemorySegment.ofArray(new byte[300]);
        assertThatThrownBy(() -> ModbusAdu.writeMultipleRegisters(s, 0, 0, new int[124], 124))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusAdu.writeMultipleRegisters(s, 0, 0, new int[1], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusAdu.writeMultipleCoils(s, 0, 0, 65, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
