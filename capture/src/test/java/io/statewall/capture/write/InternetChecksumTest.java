package io.statewall.capture.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InternetChecksumTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                argumentSet("RFC 1071 §3 example: sum ddf2, checksum its complement",
                        "00 01 f2 03 f4 f5 f6 f7", 0x220D),
                argumentSet("nothing: the complement of zero", "", 0xFFFF),
                argumentSet("one byte: padded with zero on the right, word 0100", "01", 0xFEFF),
                argumentSet("three bytes: 0102 + 0300", "01 02 03", 0xFBFD),
                argumentSet("a carry out of bit 15 is added back: ffff + 0001 = 0001", "ff ff 00 01", 0xFFFE),
                argumentSet("eight words of ffff fold to ffff: checksum zero", "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff", 0x0000),
                argumentSet("IPv4 header 192.168.0.1 → 192.168.0.199, checksum field zeroed", """
                        45 00 00 73  00 00 40 00  40 11 00 00   # UDP, TTL 64, checksum 0
                        c0 a8 00 01  c0 a8 00 c7                # addresses
                        """, 0xB861),
                argumentSet("the same header with its checksum in place verifies to zero", """
                        45 00 00 73  00 00 40 00  40 11 b8 61  c0 a8 00 01  c0 a8 00 c7
                        """, 0x0000));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void checksumsOfKnownVectors(String hex, int expected) {
        byte[] bytes = Hex.bytes(hex);
        long sum = InternetChecksum.add(0, MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThat(InternetChecksum.finish(sum)).isEqualTo(expected);
        assertThat(NaiveChecksum.checksum(bytes, 0, bytes.length)).as("the reference agrees").isEqualTo(expected);
    }

    @Test
    void agreesWithWordByWordSummingAtEveryOffsetAndLength() {
        SplittableRandom random = new SplittableRandom(1071);
        byte[] data = new byte[4096];
        for (int round = 0; round < 5_000; round++) {
            random.nextBytes(data);
            if (round % 7 == 0) {
                java.util.Arrays.fill(data, (byte) 0xFF); // the most carries there can be
            }
            int offset = random.nextInt(64);
            int length = random.nextInt(data.length - offset);
            long sum = InternetChecksum.add(0, MemorySegment.ofArray(data), offset, length);
            assertThat(InternetChecksum.finish(sum)).as("offset %d, length %d", offset, length)
                    .isEqualTo(NaiveChecksum.checksum(data, offset, offset + length));
        }
    }

    @Test
    void summingInPiecesOfEvenLengthEqualsSummingTheWhole() {
        SplittableRandom random = new SplittableRandom(9293);
        byte[] data = new byte[1600];
        random.nextBytes(data);
        MemorySegment s = MemorySegment.ofArray(data);
        for (int cut = 0; cut < data.length; cut += 2) {
            long pieces = InternetChecksum.add(InternetChecksum.add(0, s, 0, cut), s, cut, data.length - cut - 1);
            long whole = InternetChecksum.add(0, s, 0, data.length - 1);
            assertThat(InternetChecksum.finish(pieces)).as("cut at %d", cut).isEqualTo(InternetChecksum.finish(whole));
        }
    }

    @Test
    void aLongRunningSumFoldsExactly() {
        // 100,000 words of ffff: the deferred carries must all come back in.
        byte[] data = new byte[200_000];
        java.util.Arrays.fill(data, (byte) 0xFF);
        long sum = InternetChecksum.add(0, MemorySegment.ofArray(data), 0, data.length);
        assertThat(InternetChecksum.finish(sum)).isEqualTo(NaiveChecksum.checksum(data, 0, data.length)).isZero();
    }
}
