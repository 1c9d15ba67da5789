package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheClassicHeaderAndRecordHeadersLittleEndian() throws IOException {
        Path f = dir.resolve("one.pcap");
        try (PcapFileWriter w = new PcapFileWriter(f, 1 << 12)) {
            w.append(1_740_981_600_123_456L, Bytes.segment("aa bb cc"), 0, 3);
        }
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(f))).isEqualTo(HexFormat.of().formatHex(Bytes.hex("""
                d4 c3 b2 a1 | 02 00 | 04 00        // magic (µs), version 2.4
                00 00 00 00 | 00 00 00 00          // reserved
                ff ff 00 00 | 01 00 00 00          // snaplen 65535, LINKTYPE_ETHERNET
                60 45 c5 67 | 40 e2 01 00          // 1740981600 s, 123456 µs
                03 00 00 00 | 03 00 00 00          // captured 3, original 3
                aa bb cc
                """)));
    }

    @Test
    void aSmallBufferFlushesToTheSameBytesAsALargeOne() throws IOException {
        Path small = dir.resolve("small.pcap");
        Path large = dir.resolve("large.pcap");
        MemorySegment frame = MemorySegment.ofArray(new byte[100]);
        for (int i = 0; i < 100; i++) {
            frame.set(Layouts.U8, i, (byte) i);
        }
        try (PcapFileWriter a = new PcapFileWriter(small, 150); PcapFileWriter b = new PcapFileWriter(large, 1 << 16)) {
            for (int i = 0; i < 50; i++) {
                a.append(1_000_000L * i + i, frame, i, 100 - i);
                b.append(1_000_000L * i + i, frame, i, 100 - i);
            }
            assertThat(a.packets()).isEqualTo(50);
            assertThat(a.frameBytes()).isEqualTo(b.frameBytes()).isEqualTo(3775); // 100 + 99 + ... + 51
        }
        assertThat(Files.readAllBytes(small)).isEqualTo(Files.readAllBytes(large));
        assertThat(PcapRecords.read(small)).hasSize(50);
    }

    @Test
    void aFrameLongerThanTheSnapLengthIsAProgrammingError() throws IOException {
        try (PcapFileWriter w = new PcapFileWriter(dir.resolve("big.pcap"), 1 << 12)) {
            assertThatThrownBy(() -> w.append(0, MemorySegment.ofArray(new byte[70_000]), 0, 70_000))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
