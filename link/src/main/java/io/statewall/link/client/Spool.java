package io.statewall.link.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The NMA's on-disk spool: every record goes through it on its way to the ASMA, so that what
 * the ASMA has not acknowledged survives an outage of the link, of the ASMA, and a restart of
 * the NMA. Append-only segment files in {@code DATA/spool/}, named after the seq of their first
 * record; a segment is deleted once the ASMA acknowledged all of it (the newest one stays: its
 * last record tells a restarted NMA where numbering continues).
 *
 * <pre>
 * DATA/spool/00000000000000000001.seg, 00000000000000004097.seg, …
 * record = length:u32 (17 + n)  seq:u64  kind:u8  time_ns:i64  json (n bytes)  crc32c:u32 (of seq … json)
 * </pre>
 *
 * <h2>Bounded</h2>
 * The segments together hold at most {@code maxBytes}. When a record does not fit, <em>it</em>
 * is dropped and counted, and the older unacknowledged records stay: in an incident the first
 * events (the reconnaissance, the first forbidden write, the state change) explain the rest,
 * so they are the ones to keep, and the count of what was lost travels in every heartbeat
 * ({@code spool_dropped}) while the dropped seqs show as a gap at the ASMA.
 *
 * <h2>Crashes</h2>
 * Records are written without waiting for the disk and forced about once a second and at every
 * segment change: a crash of the NMA's process loses nothing (the page cache keeps it), a power
 * cut at most the last second. At start every segment is read through; a record cut short or
 * failing its CRC ends its segment (the tail is truncated and the loss logged).
 *
 * <p>Threads: one writer (the link's spool thread: {@link #append}, {@link #force}); the link's
 * sending thread reads through a {@link Reader}; acknowledgements come from the receiving thread.
 */
final class Spool implements AutoCloseable {
    static final int OVERHEAD = 4 + 8 + 1 + 8 + 4;
    private static final String SUFFIX = ".seg";

    /** One segment file. Sizes are published after the bytes are written. */
    static final class Segment {
        final long base;
        final Path path;
        volatile long size;
        volatile long lastSeq;

        Segment(long base, Path path) {
            this.base = base;
            this.path = path;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final int maxRecordBytes;
    private final Consumer<String> log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private final List<Segment> segments = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer writeBuf;
    private FileChannel active;
    private long totalBytes;
    private long lastSeq;
    private long dropped;
    private long acked;
    private boolean dirty;
    private boolean closed;
    private long pendingLastSeq;
    private int buffered;
    private String writeFailure;

    private Spool(Path dir, long maxBytes, int maxRecordBytes, Consumer<String> log) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes(maxBytes);
        this.maxRecordBytes = maxRecordBytes;
        this.log = log;
        this.writeBuf = ByteBuffer.allocate(Math.max(64 * 1024, maxRecordBytes + OVERHEAD));
    }

    /** About a sixteenth of the bound: acknowledged space comes back in small steps. */
    static long segmentBytes(long maxBytes) {
        return Math.min(16L << 20, Math.max(4096, maxBytes / 16));
    }

    /** Opens (and checks) the spool in {@code dir}, creating it if needed. */
    static Spool open(Path dir, long maxBytes, int maxRecordBytes, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        Spool s = new Spool(dir, maxBytes, maxRecordBytes, log);
        s.recover();
        return s;
    }

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        files.sort(null); // 20-digit names: text order is seq order
        for (Path f : files) {
            String n = f.getFileName().toString();
            long base;
            try {
                base = Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
            } catch (NumberFormatException e) {
                log.accept("spool: ignoring " + f + " (not a segment name)");
                continue;
            }
            Segment seg = new Segment(base, f);
            scan(seg);
            segments.add(seg);
            totalBytes += seg.size;
            lastSeq = Math.max(lastSeq, Math.max(seg.lastSeq, base - 1));
        }
        // Empty segments other than the newest carry nothing.
        for (int i = segments.size() - 2; i >= 0; i--) {
            if (segments.get(i).size == 0) {
                Files.deleteIfExists(segments.get(i).path);
                segments.remove(i);
            }
        }
        if (!segments.isEmpty()) {
            Segment last = segments.getLast();
            active = FileChannel.open(last.path, StandardOpenOption.WRITE);
            active.position(last.size);
        }
    }

    /** Reads a segment through, sets its size and last seq, truncates a damaged tail. */
    private void scan(Segment seg) throws IOException {
        try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = ch.size();
            Reader r = new Reader(this, 0, maxRecordBytes + OVERHEAD + 256 * 1024);
            r.attach(seg, ch);
            long good = 0;
            long last = 0;
            while (true) {
                int status = r.nextRecord(fileSize);
                if (status == Reader.RECORD) {
                    if (r.seq <= last || r.seq < seg.base) {
                        break; // out of order: treat as damage from here on
                    }
                    last = r.seq;
                    r.consume();
                    good = r.consumedPosition();
                } else {
                    break;
                }
            }
            if (good < fileSize) {
                log.accept("spool: " + seg.path.getFileName() + " damaged at byte " + good + " (" + (fileSize - good)
                        + " bytes cut off: a crash while writing, or a bad disk)");
                ch.truncate(good);
                ch.force(true);
            }
            seg.size = good;
            seg.lastSeq = last;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Writing (the spool thread)
    // ---------------------------------------------------------------------------------------

    /**
     * Appends the {@link MemoryQueue} entries in {@code entries[0, length)}; records that would
     * pass the bound are dropped and counted.
     */
    void append(byte[] entries, int length) {
        int p = 0;
        try {
            while (p < length) {
                int n = getInt(entries, p);
                long seq = getLong(entries, p + 4);
                int record = OVERHEAD + n;
                if (totalBytes() + writeBuf.position() + record > maxBytes) {
                    countDropped(1);
                    p += MemoryQueue.ENTRY_HEADER + n;
                    continue;
                }
                Segment seg = segments.isEmpty() ? null : segments.getLast();
                long inSegment = seg == null ? 0 : seg.size + writeBuf.position();
                if (seg == null || (inSegment + record > segmentBytes && inSegment > 0)) {
                    flush();
                    roll(seq);
                }
                if (writeBuf.remaining() < record) {
                    flush();
                }
                writeBuf.putInt(17 + n);
                int crcFrom = writeBuf.position();
                writeBuf.put(entries, p + 4, 17 + n); // seq, kind, time, json: the entry's own layout
                crc.reset();
                crc.update(writeBuf.array(), crcFrom, 17 + n);
                writeBuf.putInt((int) crc.getValue());
                buffered++;
                pendingLastSeq = seq;
                p += MemoryQueue.ENTRY_HEADER + n;
            }
            flush();
            writeFailure = null;
        } catch (IOException e) {
            // A full or failing disk: what was not written is dropped and counted, the file is
            // cut back to its last whole record, and the NMA goes on.
            int lost = buffered;
            while (p < length) {
                p += MemoryQueue.ENTRY_HEADER + getInt(entries, p);
                lost++;
            }
            buffered = 0;
            writeBuf.clear();
            countDropped(lost);
            if (!String.valueOf(e.getMessage()).equals(writeFailure)) {
                writeFailure = String.valueOf(e.getMessage());
                log.accept("spool: cannot write to " + dir + " (" + e.getMessage() + "): records are dropped until it works");
            }
            try {
                if (active != null && !segments.isEmpty()) {
                    active.truncate(segments.getLast().size);
                    active.position(segments.getLast().size);
                }
            } catch (IOException ignored) {
                // the next append tries again
            }
        }
    }

    /** Writes the buffer to the active segment and publishes it. */
    private void flush() throws IOException {
        int n = writeBuf.position();
        if (n == 0) {
            return;
        }
        writeBuf.flip();
        while (writeBuf.hasRemaining()) {
            active.write(writeBuf);
        }
        writeBuf.clear();
        buffered = 0;
        dirty = true;
        Segment seg = segments.getLast();
        lock.lock();
        try {
            seg.size += n;
            seg.lastSeq = pendingLastSeq;
            totalBytes += n;
            lastSeq = Math.max(lastSeq, pendingLastSeq);
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void roll(long base) throws IOException {
        if (active != null) {
            active.force(false);
            active.close();
        }
        Path path = dir.resolve(String.format("%020d%s", base, SUFFIX));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Segment seg = new Segment(base, path);
        active = ch;
        dirty = false;
        lock.lock();
        try {
            segments.add(seg);
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Forces written records to the disk (the spool thread calls it about once a second). */
    void force() throws IOException {
        if (dirty && active != null) {
            active.force(false);
            dirty = false;
        }
    }

    private void countDropped(int n) {
        lock.lock();
        try {
            dropped += n;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Acknowledgements (the receiving thread)
    // ---------------------------------------------------------------------------------------

    /** The ASMA stored everything up to {@code seq}: whole segments up to it are deleted. */
    void acknowledge(long seq) {
        List<Path> gone = new ArrayList<>();
        lock.lock();
        try {
            if (seq <= acked) {
                return;
            }
            acked = seq;
            while (segments.size() > 1 && segments.getFirst().lastSeq <= seq) {
                Segment s = segments.removeFirst();
                totalBytes -= s.size;
                gone.add(s.path);
            }
        } finally {
            lock.unlock();
        }
        for (Path p : gone) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.accept("spool: cannot delete " + p + " (" + e.getMessage() + ")");
            }
        }
    }

    long totalBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    int segmentCount() {
        lock.lock();
        try {
            return segments.size();
        } finally {
            lock.unlock();
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    /** A reader of the records after {@code afterSeq}, oldest first. */
    Reader reader(long afterSeq, int bufferBytes) {
        return new Reader(this, afterSeq, bufferBytes);
    }

    /** The segment to start reading records after {@code afterSeq} in (null: none yet). */
    private Segment startSegment(long afterSeq) {
        lock.lock();
        try {
            Segment pick = null;
            for (Segment s : segments) {
                if (pick == null || s.base <= afterSeq + 1) {
                    pick = s;
                }
            }
            return pick;
        } finally {
            lock.unlock();
        }
    }

    /** The segment after {@code seg} if {@code seg} is sealed (complete), else null. */
    private Segment nextAfter(Segment seg) {
        lock.lock();
        try {
            for (Segment s : segments) {
                if (s.base > seg.base) {
                    return s;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code seg} grows past {@code size} (-1: never mind) or gets a successor, the
     * time is up, or {@link #wakeReaders} is called.
     */
    private void awaitGrowth(Segment seg, long size, long nanos) throws InterruptedException {
        lock.lock();
        try {
            // size -1: only a successor segment will do.
            if (nanos > 0 && !closed && (seg == null ? segments.isEmpty()
                    : (size < 0 || seg.size == size) && nextAfterLocked(seg) == null)) {
                grown.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes readers waiting for records (one of them is to stop). */
    void wakeReaders() {
        lock.lock();
        try {
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Segment nextAfterLocked(Segment seg) {
        for (Segment s : segments) {
            if (s.base > seg.base) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
        if (active != null) {
            force();
            active.close();
            active = null;
        }
    }

    private static int getInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static long getLong(byte[] b, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    /**
     * Reads records in seq order across segments, from one thread. Reads in large chunks into
     * its own buffer; hands each record's bytes out without copying them.
     */
    static final class Reader implements AutoCloseable {
        static final int RECORD = 0;
        static final int NEED_MORE = 1;
        static final int DAMAGED = 2;

        private final Spool spool;
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer buf;
        private Segment seg;
        private FileChannel ch;
        private boolean ownsChannel;
        /** File position of the end of what is in the buffer. */
        private long filePos;
        private long after;
        private volatile boolean aborted;
        // The record parsed by nextRecord, valid until consume().
        long seq;
        int kind;
        long time;
        int jsonOff;
        int jsonLen;
        private int recordLen;

        Reader(Spool spool, long afterSeq, int bufferBytes) {
            this.spool = spool;
            this.after = afterSeq;
            this.buf = ByteBuffer.allocate(bufferBytes);
            buf.flip();
        }

        /** Reads {@code channel} (owned by the caller) as segment {@code s}: for the start-up scan. */
        void attach(Segment s, FileChannel channel) {
            seg = s;
            ch = channel;
            ownsChannel = false;
            filePos = 0;
            buf.clear().flip();
        }

        long consumedPosition() {
            return filePos - buf.remaining();
        }

        /** The last seq handed out (or skipped as already stored). */
        long after() {
            return after;
        }

        /**
         * Parses the next record of the attached segment, reading from the file up to
         * {@code limit} as needed: RECORD (fields set), NEED_MORE (the segment has no more
         * complete records below the limit), DAMAGED.
         */
        int nextRecord(long limit) throws IOException {
            if (buf.remaining() < 4 && !fill(limit, 4)) {
                return buf.remaining() == 0 ? NEED_MORE : partial(limit);
            }
            int len = buf.getInt(buf.position());
            int max = spool.maxRecordBytes + 17;
            if (len < 17 || len > max) {
                return DAMAGED;
            }
            if (buf.remaining() < 4 + len + 4 && !fill(limit, 4 + len + 4)) {
                return partial(limit);
            }
            int p = buf.position();
            crc.reset();
            crc.update(buf.array(), p + 4, len);
            if ((int) crc.getValue() != buf.getInt(p + 4 + len)) {
                return DAMAGED;
            }
            seq = buf.getLong(p + 4);
            kind = buf.get(p + 12);
            time = buf.getLong(p + 13);
            jsonOff = p + 21;
            jsonLen = len - 17;
            recordLen = 4 + len + 4;
            return RECORD;
        }

        /**
         * An incomplete record below the limit. Sizes are published on record boundaries and
         * the scan's limit is the file's end: either way, a record cut short is damage.
         */
        private int partial(long limit) {
            return DAMAGED;
        }

        void consume() {
            buf.position(buf.position() + recordLen);
        }

        /** Reads until {@code need} bytes are buffered or the limit is reached. */
        private boolean fill(long limit, int need) throws IOException {
            if (need > buf.capacity()) {
                return false;
            }
            buf.compact();
            try {
                while (buf.position() < need && filePos < limit) {
                    int room = (int) Math.min(buf.remaining(), limit - filePos);
                    int oldLimit = buf.limit();
                    buf.limit(buf.position() + room);
                    int r = ch.read(buf, filePos);
                    buf.limit(oldLimit);
                    if (r <= 0) {
                        break;
                    }
                    filePos += r;
                }
            } finally {
                buf.flip();
            }
            return buf.remaining() >= need;
        }

        /**
         * Hands out the next records after the last one handed out: at most {@code maxRecords},
         * and no more once {@code maxBytes} of JSON is reached (but always at least one). Waits
         * up to {@code waitNanos} when there is nothing yet. Returns how many.
         */
        int next(RecordSink out, int maxRecords, int maxBytes, long waitNanos) throws IOException, InterruptedException {
            int count = 0;
            long bytes = 0;
            long deadline = System.nanoTime() + waitNanos;
            while (count < maxRecords && !aborted) {
                if (seg == null) {
                    Segment s = spool.startSegment(after);
                    if (s == null) {
                        if (count > 0 || !waitFor(null, 0, deadline)) {
                            return count;
                        }
                        continue;
                    }
                    open(s);
                }
                long size = seg.size;
                int status = nextRecord(size);
                if (status == RECORD) {
                    if (seq <= after) {
                        consume(); // already stored at the ASMA (or handed out): skip
                        continue;
                    }
                    if (count > 0 && bytes + jsonLen > maxBytes) {
                        return count;
                    }
                    out.add(seq, kind, time, buf.array(), jsonOff, jsonLen);
                    after = seq;
                    bytes += jsonLen;
                    count++;
                    consume();
                    continue;
                }
                if (status == DAMAGED) {
                    spool.log.accept("spool: " + seg.path.getFileName() + " damaged at byte " + consumedPosition()
                            + " while sending: the rest of that segment is skipped");
                }
                Segment next = spool.nextAfter(seg);
                if (next != null && (status == DAMAGED || seg.size == size)) {
                    open(next);
                    continue;
                }
                if (status == DAMAGED) {
                    // The active segment damaged under us: only its successor can be read.
                    if (count > 0 || !waitFor(seg, -1, deadline)) {
                        return count;
                    }
                    continue;
                }
                if (count > 0 || !waitFor(seg, size, deadline)) {
                    return count;
                }
            }
            return count;
        }

        /** Makes {@link #next} return at once, now and from now on (the connection is closing). */
        void abort() {
            aborted = true;
            spool.wakeReaders();
        }

        /** Waits for growth until the deadline; false when the time is up. */
        private boolean waitFor(Segment s, long size, long deadline) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            spool.awaitGrowth(s, size, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            return true;
        }

        private void open(Segment s) throws IOException {
            close();
            seg = s;
            ch = FileChannel.open(s.path, StandardOpenOption.READ);
            ownsChannel = true;
            filePos = 0;
            buf.clear().flip();
        }

        @Override
        public void close() throws IOException {
            if (ch != null && ownsChannel) {
                ch.close();
            }
            ch = null;
        }
    }
}
