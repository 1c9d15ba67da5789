package io.statewall.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.nma.sensor.AnalysisStats;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark body run a few times outside JMH, then its own end-of-trial check: the
 * fixtures do what the figures claim (every byte, packet and transaction accounted for).
 */
class BenchmarksRunOnceTest {
    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void dissectorSessionStaysCleanAcrossInvocations() {
        ModbusDissectorBenchmark b = new ModbusDissectorBenchmark();
        b.setUp();
        for (int i = 0; i < 3; i++) {
            b.session(BLACKHOLE);
            b.recordDecoder(BLACKHOLE);
        }
        b.verify();
    }

    @Test
    void reassemblyContinuesTheStreamsAcrossInvocations() {
        for (int percent : new int[] {0, 5}) {
            TcpReassemblyBenchmark b = new TcpReassemblyBenchmark();
            b.outOfOrderPercent = percent;
            b.setUp();
            for (int i = 0; i < 3; i++) {
                b.process(BLACKHOLE);
            }
            b.verify();
        }
    }

    @Test
    void pipelineSeesEveryPacketAndTransaction() throws Exception {
        PipelineBenchmark b = new PipelineBenchmark();
        b.setUp();
        AnalysisStats plain = b.alertOnly();
        AnalysisStats withEve = b.eve();
        assertThat(plain.packets).isEqualTo(WorkloadCapture.PACKETS);
        assertThat(withEve.transactions).isEqualTo(plain.transactions).isPositive();
        b.tearDown();
    }

    @Test
    void readingReturnsEveryFrameByte() throws Exception {
        PcapReadBenchmark b = new PcapReadBenchmark();
        b.setUp();
        WorkloadCapture capture = b.capture;
        assertThat(b.readOnly()).isEqualTo(capture.summary().frameBytes());
        assertThat(b.readAndDecode()).isPositive().isLessThan(capture.summary().frameBytes());
        b.tearDown();
        assertThat(Files.exists(capture.file())).as("capture deleted after the trial").isFalse();
    }
}
