package io.statewall.asma.store;

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
 */
public record StoreOptions(boolean fullSync, int readers, int maxGroupRecords, int queueCapacity, boolean compress) {
    public static final StoreOptions DEFAULT = new StoreOptions(true, 4, 50_000, 256, false);

    public StoreOptions(boolean fullSync, int readers, int maxGroupRecords, int queueCapacity) {
        this(fullSync, readers, maxGroupRecords, queueCapacity, false);
    }

    public StoreOptions withCompress(boolean c) {
        return new StoreOptions(fullSync, readers, maxGroupRecords, queueCapacity, c);
    }

    public StoreOptions {
        if (readers < 1 || maxGroupRecords < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("readers, maxGroupRecords and queueCapacity must be at least 1");
        }
    }
}
