package io.statewall.nma.sensor;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.state.InvalidStateModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Analyses captures with one {@link PassiveAnalyzer} per worker thread, each owning a shard of
 * the flows and reading the (memory-mapped, shared) capture itself. Workers never talk to
 * each other: a flow's records come out whole and in order from its one worker, and the EVE
 * lines of different flows interleave in blocks of whole records, as with Suricata's worker
 * threads.
 */
public final class ShardedAnalysis {
    private ShardedAnalysis() {
    }

    /**
     * @param stats     all shards' counters added up
     * @param truncated for each capture that ended inside a record: how many packets it held
     */
    public record Result(AnalysisStats stats, List<String> truncated, double elapsedSeconds) {
    }

    /**
     * @param eveOut where EVE lines go, or null for none; written in whole records, never closed
     * @param types  the EVE record types to write
     */
    public static Result run(AnalyzerConfig config, List<Path> captures, int workers, OutputStream eveOut,
                             Set<EventType> types) throws CaptureFormatException {
        return run(config, captures, workers, eveOut, types, null);
    }

    /**
     * With a policy, one worker reads everything: the operating state is one for the whole plant
     * and rate rules count across flows, so the flows cannot be split.
     */
    public static Result run(AnalyzerConfig config, List<Path> captures, int workers, OutputStream eveOut,
                             Set<EventType> types, Policy policy) throws CaptureFormatException {
        return run(config, captures, workers, eveOut, types, policy, DeclarationSchedule.NONE);
    }

    /**
     * @param declarations states the operator declares in capture time (needs a policy with a
     *                     plant model unless empty)
     */
    public static Result run(AnalyzerConfig config, List<Path> captures, int workers, OutputStream eveOut,
                             Set<EventType> types, Policy policy, DeclarationSchedule declarations)
            throws CaptureFormatException {
        if (policy == null && !declarations.isEmpty()) {
            throw new IllegalArgumentException("declared states need a policy with a plant model");
        }
        int n = policy == null ? Math.max(1, workers) : 1;
        OutputStream shared = eveOut == null ? null : new WholeRecordSink(eveOut);
        Worker[] all = new Worker[n];
        for (int i = 0; i < n; i++) {
            EveWriter eve = shared == null ? null : new EveWriter(shared, types);
            all[i] = new Worker(new PassiveAnalyzer(config, eve, TransactionSink.NONE, i, n), eve, captures);
        }
        if (policy != null) {
            try {
                all[0].analyzer.judgeWith(new PolicyJudge(policy, all[0].eve, 0L, declarations));
            } catch (InvalidStateModelException e) {
                throw new IllegalArgumentException("policy's plant model: " + String.join("; ", e.problems()), e);
            }
        }
        long start = System.nanoTime();
        Thread[] threads = new Thread[n];
        for (int i = 1; i < n; i++) {
            threads[i] = Thread.ofPlatform().name("statewall-shard-" + i).start(all[i]);
        }
        all[0].run();
        for (int i = 1; i < n; i++) {
            try {
                threads[i].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for shard " + i, e);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        AnalysisStats total = new AnalysisStats();
        for (Worker w : all) {
            w.rethrow();
            total.add(w.analyzer.stats());
        }
        total.sampleHeapPeak();
        return new Result(total, all[0].truncated, elapsed);
    }

    private static final class Worker implements Runnable {
        final PassiveAnalyzer analyzer;
        final EveWriter eve;
        final List<Path> captures;
        final List<String> truncated = new ArrayList<>();
        Throwable failure;

        Worker(PassiveAnalyzer analyzer, EveWriter eve, List<Path> captures) {
            this.analyzer = analyzer;
            this.eve = eve;
            this.captures = captures;
        }

        @Override
        public void run() {
            try {
                for (Path capture : captures) {
                    try (CaptureReader reader = CaptureFiles.open(capture)) {
                        analyzer.analyze(reader);
                        // Separate captures are not one continuous link: flows do not carry over.
                        analyzer.finish();
                        if (reader.truncated()) {
                            truncated.add(capture + ": capture is truncated after " + reader.packetsRead()
                                    + " complete packets (analysed up to there)");
                        }
                    }
                }
                if (eve != null) {
                    eve.flush();
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        void rethrow() throws CaptureFormatException {
            switch (failure) {
                case null -> { }
                case CaptureFormatException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            }
        }
    }

    /** Serialises the workers' writes; each write is a block of whole EVE lines. */
    private static final class WholeRecordSink extends OutputStream {
        private final OutputStream out;

        WholeRecordSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }
}
