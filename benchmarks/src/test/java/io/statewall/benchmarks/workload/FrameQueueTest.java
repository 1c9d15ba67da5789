package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameQueueTest {
    @TempDir
    Path dir;

    private static void stage(FrameQueue q, long ts, int length, byte fill) {
        int at = q.reserve(length);
        for (int i = 0; i < length; i++) {
            q.segment().set(Layouts.U8, at + i, fill);
        }
        q.commit(ts, length);
    }

    @Test
    void framesComeOutInOrderAcrossArenaGrowth() throws IOException {
        FrameQueue q = new FrameQueue(100); // forces growth for the third frame
        stage(q, 10, 60, (byte) 1);
        stage(q, 10, 30, (byte) 2);
        stage(q, 12, 90, (byte) 3);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.headTimestamp()).isEqualTo(10);
        Path pcap = dir.resolve("q.pcap");
        try (PcapFileWriter w = new PcapFileWriter(pcap, 1 << 12)) {
            while (!q.isEmpty()) {
                q.writeHead(w);
            }
        }
        List<PcapRecords.Frame> f = PcapRecords.read(pcap);
        assertThat(f).extracting(PcapRecords.Frame::micros).containsExactly(10L, 10L, 12L);
        assertThat(f).extracting(x -> x.bytes().length).containsExactly(60, 30, 90);
        assertThat(f).extracting(x -> x.bytes()[0]).containsExactly((byte) 1, (byte) 2, (byte) 3);
        assertThat(f.get(2).bytes()).containsOnly((byte) 3);
    }

    @Test
    void aDrainedQueueIsReusedFromTheStart() throws IOException {
        FrameQueue q = new FrameQueue(64);
        stage(q, 1, 40, (byte) 1);
        try (PcapFileWriter w = new PcapFileWriter(dir.resolve("r.pcap"), 1 << 12)) {
            q.writeHead(w);
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.reserve(40)).isZero();
    }

    @Test
    void aFrameEarlierThanTheLastIsAProgrammingError() {
        FrameQueue q = new FrameQueue(64);
        stage(q, 100, 10, (byte) 0);
        assertThatThrownBy(() -> stage(q, 99, 10, (byte) 0)).isInstanceOf(IllegalStateException.class);
    }
}
