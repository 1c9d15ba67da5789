package io.statewall.benchmarks.jmh;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.Packet;
import io.statewall.capture.PacketDecoder;
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
 * Reading the {@link WorkloadCapture}, one operation per packet: {@link CaptureFiles#open}
 * (mapping the file, page cache warm) and {@link CaptureReader#next}, with ({@code
 * readAndDecode}) and without ({@code readOnly}) {@link PacketDecoder#decode} of the
 * Ethernet/IPv4/TCP headers. The difference is the decoder's share.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class PcapReadBenchmark {
    private final Packet packet = new Packet();
    private final PacketDecoder decoder = new PacketDecoder();
    /** Package-private for the run-once test. */
    WorkloadCapture capture;
    private long lastPackets = -1;
    private long lastPayloadBytes = -1;

    @Setup(Level.Trial)
    public void setUp() {
        capture = WorkloadCapture.create();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (lastPackets >= 0 && lastPackets != WorkloadCapture.PACKETS) {
                throw new IllegalStateException("read " + lastPackets + " of " + WorkloadCapture.PACKETS + " packets");
            }
            if (lastPayloadBytes == 0) {
                throw new IllegalStateException("decoded no TCP payload: the decoder did not run as intended");
            }
        } finally {
            capture.delete();
        }
    }

    @Benchmark
    @OperationsPerInvocation(WorkloadCapture.PACKETS)
    public long readOnly() throws CaptureFormatException {
        Packet p = packet;
        long bytes = 0;
        try (CaptureReader reader = CaptureFiles.open(capture.file())) {
            while (reader.next(p)) {
                bytes += p.capturedLength();
            }
            lastPackets = reader.packetsRead();
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(WorkloadCapture.PACKETS)
    public long readAndDecode() throws CaptureFormatException {
        Packet p = packet;
        PacketDecoder d = decoder;
        long payload = 0;
        try (CaptureReader reader = CaptureFiles.open(capture.file())) {
            while (reader.next(p)) {
                d.decode(p);
                payload += p.payloadLength();
            }
            lastPackets = reader.packetsRead();
        }
        lastPayloadBytes = payload;
        return payload;
    }
}
