package io.statewall.benchmarks.jmh;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.nma.sensor.AnalysisStats;
import io.statewall.nma.sensor.AnalyzerConfig;
import io.statewall.nma.sensor.PassiveAnalyzer;
import io.statewall.nma.sensor.TransactionSink;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole passive path, one operation per packet: a fresh {@link PassiveAnalyzer} maps the
 * {@link WorkloadCapture} (200,009 packets), decodes, reassembles and dissects every packet and
 * ends its flows, as one {@code statewall analyze} run does. {@code alertOnly} writes nothing;
 * {@code eve} also formats every EVE record type into a discarding stream, which is the cost of
 * full per-transaction logging without the disk.
 *
 * <p>Each pass builds its analyzer (flow index, port map) and, for {@code eve}, its writer's
 * buffer: that per-run allocation is part of the B/op figure, spread over the pass's packets.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class PipelineBenchmark {
    private WorkloadCapture capture;
    private AnalysisStats lastStats;
    private long lastModbusRecords = -1;

    @Setup(Level.Trial)
    public void setUp() {
        capture = WorkloadCapture.create();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            verify();
        } finally {
            capture.delete();
        }
    }

    @Benchmark
    @OperationsPerInvocation(WorkloadCapture.PACKETS)
    public AnalysisStats alertOnly() throws CaptureFormatException {
        return analyze(null);
    }

    @Benchmark
    @OperationsPerInvocation(WorkloadCapture.PACKETS)
    public AnalysisStats eve() throws CaptureFormatException {
        EveWriter eve = new EveWriter(OutputStream.nullOutputStream(), EnumSet.allOf(EventType.class));
        AnalysisStats stats = analyze(eve);
        eve.flush();
        lastModbusRecords = eve.written(EventType.MODBUS);
        return stats;
    }

    private AnalysisStats analyze(EveWriter eve) throws CaptureFormatException {
        PassiveAnalyzer analyzer = new PassiveAnalyzer(AnalyzerConfig.DEFAULT, eve, TransactionSink.NONE);
        try (CaptureReader reader = CaptureFiles.open(capture.file())) {
            analyzer.analyze(reader);
            analyzer.finish();
        }
        lastStats = analyzer.stats();
        return lastStats;
    }

    /** A pass that did not see every packet and transaction of the capture measured something else. */
    private void verify() {
        if (lastStats == null) {
            return;
        }
        long transactions = capture.summary().transactions();
        if (lastStats.packets != WorkloadCapture.PACKETS || lastStats.gaps != 0
                || lastStats.transactions != transactions
                || (lastModbusRecords >= 0 && lastModbusRecords != transactions)) {
            throw new IllegalStateException("pipeline run is not clean: " + lastStats.packets + " of "
                    + WorkloadCapture.PACKETS + " packets, " + lastStats.gaps + " gaps, " + lastStats.transactions
                    + " of " + transactions + " transactions, " + lastModbusRecords + " modbus EVE records");
        }
    }
}
