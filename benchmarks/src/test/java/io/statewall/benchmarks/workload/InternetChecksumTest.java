package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InternetChecksumTest {
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("RFC 1071 §3 numerical example: sum dd f2",
                        "00 01 f2 03 f4 f5 f6 f7", 0x220D),
                Arguments.of("IPv4 header (UDP, 192.168.0.1 -> 192.168.0.199), checksum field zeroed",
                        "45 00 00 73 | 00 00 40 00 | 40 11 00 00 | c0 a8 00 01 | c0 a8 00 c7", 0xB861),
                Arguments.of("the same header with its checksum in place sums to zero",
                        "45 00 00 73 | 00 00 40 00 | 40 11 b8 61 | c0 a8 00 01 | c0 a8 00 c7", 0x0000),
                Arguments.of("odd length: the last byte is the high half of a zero-padded word",
                        "ab", 0x54FF),
                Arguments.of("all zero: one's complement of 0 is ffff",
                        "00 00 00 00", 0xFFFF),
                Arguments.of("carries fold back in: ffff + ffff = 1fffe -> fffe + 1 = ffff",
                        "ff ff ff ff", 0x0000),
                Arguments.of("empty", "", 0xFFFF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void checksum(String name, String data, int expected) {
        MemorySegment s = Bytes.segment(data);
        assertThat(InternetChecksum.finish(InternetChecksum.add(0, s, 0, (int) s.byteSize()))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void anOffsetIntoALargerBufferGivesTheSameSum(String name, String data, int expected) {
        byte[] inner = Bytes.hex(data);
        byte[] outer = new byte[inner.length + 5];
        java.util.Arrays.fill(outer, (byte) 0x5A);
        System.arraycopy(inner, 0, outer, 3, inner.length);
        long sum = InternetChecksum.add(0, MemorySegment.ofArray(outer), 3, inner.length);
        assertThat(InternetChecksum.finish(sum)).isEqualTo(expected);
    }

    @Test
    void addIntAddsAnAddressAsTwoWords() {
        MemorySegment a = Bytes.segment("0a 0a 02 65");
        assertThat(InternetChecksum.addInt(0, 0x0A0A0265)).isEqualTo(InternetChecksum.add(0, a, 0, 4));
    }
}
