package io.statewall.benchmarks.jmh;

import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusPduDecoder;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Modbus/TCP dissector alone, one operation per ADU: {@link ModbusSession#onData} offered
 * one ADU at a time, as reassembly delivers a segment that carries one, request then response,
 * with a listener that reads the fields a rule would look at. For comparison, {@link
 * ModbusPduDecoder#decode} turning the same PDUs into immutable records.
 *
 * <p>The session is fed for the whole trial, the clock advancing 0.5 ms per ADU: every request
 * is answered, so the open-transaction table stays small and nothing times out.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class ModbusDissectorBenchmark {
    static final int TRANSACTIONS = 1024;
    static final int ADUS = 2 * TRANSACTIONS;
    private static final long NANOS_PER_ADU = 500_000;

    /** Reads what a rule reads of each transaction; the flyweight is only valid during the call. */
    static final class FieldReader implements ModbusListener {
        Blackhole blackhole;
        long transactions;
        long anomalies;

        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            transactions++;
            Blackhole bh = blackhole;
            bh.consume(tx.transactionId());
            bh.consume(tx.functionRaw());
            bh.consume(tx.anomalyFlags());
            if (tx.readValueCount() > 0) {
                bh.consume(tx.readAddress());
                bh.consume(tx.readValue(0));
            } else {
                bh.consume(tx.writeAddress());
                bh.consume(tx.writeQuantity());
            }
        }

        @Override
        public void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer,
                              long timestampNanos, int transactionId, long detail) {
            anomalies++;
        }
    }

    private ModbusTraffic traffic;
    private MemorySegment data;
    private int[] offset;
    private int[] length;
    private boolean[] toServer;
    private FieldReader reader;
    private ModbusSession session;
    private long clock;
    private long offered;
    private long consumed;
    private long sessionInvocations;

    @Setup(Level.Trial)
    public void setUp() {
        traffic = ModbusTraffic.build(TRANSACTIONS);
        data = MemorySegment.ofArray(traffic.bytes);
        offset = traffic.offset;
        length = traffic.length;
        toServer = traffic.toServer;
        reader = new FieldReader();
        session = new ModbusSession(ModbusLimits.DEFAULT, reader, null);
        clock = 1_740_981_600_000_000_000L;
    }

    @Benchmark
    @OperationsPerInvocation(ADUS)
    public void session(Blackhole bh) {
        reader.blackhole = bh;
        ModbusSession s = session;
        MemorySegment d = data;
        long t = clock;
        long taken = 0;
        long given = 0;
        for (int i = 0; i < ADUS; i++) {
            int n = length[i];
            taken += s.onData(toServer[i], d, offset[i], n, t);
            given += n;
            t += NANOS_PER_ADU;
        }
        clock = t;
        consumed += taken;
        offered += given;
        sessionInvocations++;
    }

    @Benchmark
    @OperationsPerInvocation(ADUS)
    public void recordDecoder(Blackhole bh) {
        ModbusTraffic f = traffic;
        MemorySegment d = data;
        for (int i = 0; i < ADUS; i++) {
            bh.consume(ModbusPduDecoder.decode(d, f.pduOffset(i), f.pduLength(i), toServer[i]));
        }
    }

    /** A run that measured something else than clean, fully consumed traffic is void. */
    @TearDown(Level.Trial)
    public void verify() {
        if (sessionInvocations == 0) {
            return;
        }
        long expected = sessionInvocations * TRANSACTIONS;
        if (consumed != offered || reader.anomalies != 0 || reader.transactions != expected
                || session.openTransactions() != 0) {
            throw new IllegalStateException("dissector run is not clean: consumed " + consumed + " of " + offered
                    + " bytes, " + reader.anomalies + " anomalies, " + reader.transactions + " of " + expected
                    + " transactions, " + session.openTransactions() + " left open");
        }
    }
}
