package io.statewall.asma.store;

import java.time.Duration;

/**
 * How the store runs.
 *
 * @param fullSync     {@code true}: every commit is on disk before it is acknowledged (WAL with
 *                     {@code synchronous=FULL}, one fsync per group commit), so an acknowledged
 *                     batch survives a power cut; {@code false}: {@code synchronous=NORMAL}, which
 *                     survives a crash of the program but may lose the last commits on a power cut
 * @param readers      connections serving queries beside the writer
 * @param maxGroupRecords records at most in one group commit
 * @param queueCapacity write requests waiting for the writer before callers block (back-pressure)
 * @param compress      keep each event's JSON compressed ({@link EveCodec#DEFLATE_DICT_1}: a third of
 *                      the bytes on disk, for 10 to 20 µs more CPU per event, spent in the link's
 *                      threads) rather than as is; for a disk slower than the CPU
 * @param processHistory how long the NMAs' process values are kept (older rows are deleted every
 *                      hour); null keeps them all
 */
public record StoreOptions(boolean fullSync, int readers, int maxGroupRecords, int queueCapacity, boolean compress,
                           Duration processHistory) {
    /**
     * How long the NMAs' process values are kept by default: a month of trends behind the
     * console's process page. Every NMA summary adds a row per point (tens of millions a year
     * for a plant), and nothing else depends on the old rows; events, states and the audit log
     * are kept.
     */
    public static final Duration DEFAULT_PROCESS_HISTORY = Duration.ofDays(30);
    public static final StoreOptions DEFAULT = new StoreOptions(true, 4, 50_000, 256, false);

    public StoreOptions(boolean fullSync, int readers, int maxGroupRecords, int queueCapacity) {
        this(fullSync, readers, maxGroupRecords, queueCapacity, false);
    }

    public StoreOptions(boolean fullSync, int readers, int maxGroupRecords, int queueCapacity, boolean compress) {
        this(fullSync, readers, maxGroupRecords, queueCapacity, compress, DEFAULT_PROCESS_HISTORY);
    }

    public StoreOptions withCompress(boolean c) {
        return new StoreOptions(fullSync, readers, maxGroupRecords, queueCapacity, c, processHistory);
    }

    /** {@code keep}: how long process values are kept; null keeps them all. */
    public StoreOptions withProcessHistory(Duration keep) {
        return new StoreOptions(fullSync, readers, maxGroupRecords, queueCapacity, compress, keep);
    }

    public StoreOptions {
        if (readers < 1 || maxGroupRecords < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("readers, maxGroupRecords and queueCapacity must be at least 1");
        }
        if (processHistory != null && (processHistory.isNegative() || processHistory.isZero())) {
            throw new IllegalArgumentException("processHistory must be positive (null keeps everything)");
        }
    }
}
