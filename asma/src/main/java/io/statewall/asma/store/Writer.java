package io.statewall.asma.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The store's one writer. It takes the first waiting request, adds whatever else is waiting (up
 * to {@link StoreOptions#maxGroupRecords()} records) and runs them all in one transaction, each
 * inside a savepoint so that one failing request fails alone; then commits, and only then
 * completes the requests' futures and tells the listeners. If the commit fails, every request
 * of the group fails and the in-memory state (sequence numbers, next event id) is reloaded.
 */
final class Writer implements Runnable {
    /** A write waiting for the writer. */
    sealed interface Request<T> permits Ingest, Task, Stop {
        CompletableFuture<T> future();

        /** Records it carries (1 for other writes), for sizing a group. */
        int size();
    }

    /** Any other write. */
    static final class Task<T> implements Request<T> {
        final Store.WriteTask<T> task;
        private final CompletableFuture<T> future = new CompletableFuture<>();

        Task(Store.WriteTask<T> task) {
            this.task = task;
        }

        @Override
        public CompletableFuture<T> future() {
            return future;
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** Sent by {@link #stop()}: finish what is queued before it, then end. */
    static final class Stop implements Request<Void> {
        private final CompletableFuture<Void> future = new CompletableFuture<>();

        @Override
        public CompletableFuture<Void> future() {
            return future;
        }

        @Override
        public int size() {
            return 0;
        }
    }

    /** An NMA's row id and the highest sequence number stored for it. */
    private static final class NmaEntry {
        final String name;
        final long id;
        long lastSeq;

        NmaEntry(String name, long id, long lastSeq) {
            this.name = name;
            this.id = id;
            this.lastSeq = lastSeq;
        }
    }

    /** The write-ahead log is started again from its beginning once it is this long (see {@link Checkpointer}). */
    static final long WAL_RESTART_BYTES = 256L << 20;

    final BlockingQueue<Request<?>> queue;
    private final java.nio.file.Path wal;
    volatile Store.Observer observer;
    private final Connection c;
    private final StoreOptions options;
    private final Consumer<List<CommittedEvent>> publish;
    private final Map<String, NmaEntry> nmas = new HashMap<>();
    private long nextEventId;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertAttack;
    private final PreparedStatement insertState;
    private final PreparedStatement updateSeq;
    private final PreparedStatement updateHeartbeat;
    private final PreparedStatement upsertLatest;
    private final PreparedStatement insertHistory;

    Writer(Connection c, java.nio.file.Path wal, StoreOptions options, Consumer<List<CommittedEvent>> publish)
            throws SQLException {
        this.c = c;
        this.wal = wal;
        this.options = options;
        this.publish = publish;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        c.setAutoCommit(false);
        insertEvent = c.prepareStatement("INSERT INTO event(id, nma_id, seq, ts, event_type, flow_id, src_ip, src_port,"
                + " dest_ip, dest_port, proto, app_proto, state, rule, detector, severity, action, signature_id, signature,"
                + " attack, codec, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        insertAttack = c.prepareStatement("INSERT OR IGNORE INTO event_attack(technique, event_id) VALUES (?, ?)");
        insertState = c.prepareStatement("INSERT INTO nma_state(nma_id, ts, from_state, to_state, origin, allowed,"
                + " declared_by, event_id) VALUES (?,?,?,?,?,?,?,?)");
        updateSeq = c.prepareStatement("UPDATE nma SET last_seq = ?, last_seen = max(last_seen, ?) WHERE id = ?");
        updateHeartbeat = c.prepareStatement("UPDATE nma SET state = ?, declared_by = ?, policy_version = ?,"
                + " baseline_version = ?, uptime_s = ?, spool_dropped = ?, counters = ?, heartbeat_at = ? WHERE id = ?");
        upsertLatest = c.prepareStatement("INSERT INTO process_latest(nma_id, point, ts, value, text) VALUES (?,?,?,?,?)"
                + " ON CONFLICT(nma_id, point) DO UPDATE SET ts = excluded.ts, value = excluded.value, text = excluded.text"
                + " WHERE excluded.ts >= process_latest.ts");
        insertHistory = c.prepareStatement("INSERT INTO process_history(nma_id, point, ts, value, text) VALUES (?,?,?,?,?)");
        reload();
    }

    private void reload() throws SQLException {
        nmas.clear();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM event")) {
            nextEventId = r.next() ? r.getLong(1) + 1 : 1;
        }
    }

    void stop() {
        Stop stop = new Stop();
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(stop);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        List<Request<?>> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            Request<?> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            group.clear();
            int records = 0;
            Request<?> r = first;
            while (r != null) {
                if (r instanceof Stop) {
                    stopping = true;
                    break;
                }
                group.add(r);
                records += r.size();
                if (records >= options.maxGroupRecords()) {
                    break;
                }
                r = queue.poll();
            }
            if (!group.isEmpty()) {
                runGroup(group, records);
            }
        }
        // Anything queued after the stop is refused.
        for (Request<?> left; (left = queue.poll()) != null; ) {
            left.future().completeExceptionally(new StoreException("the store is closed"));
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private void runGroup(List<Request<?>> group, int records) {
        long start = System.nanoTime();
        List<CommittedEvent> events = new ArrayList<>();
        Object[] results = new Object[group.size()];
        Throwable[] failures = new Throwable[group.size()];
        for (int i = 0; i < group.size(); i++) {
            int eventsBefore = events.size();
            try (Statement s = c.createStatement()) {
                s.execute("SAVEPOINT request");
                try {
                    results[i] = apply(group.get(i), events);
                    s.execute("RELEASE request");
                } catch (SQLException | RuntimeException e) {
                    s.execute("ROLLBACK TO request");
                    s.execute("RELEASE request");
                    failures[i] = e;
                    events.subList(eventsBefore, events.size()).clear();
                    reload();
                }
            } catch (SQLException e) {
                failures[i] = e;
            }
        }
        try {
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
                reload();
            } catch (SQLException ignored) {
                // the next group will find out
            }
            for (Request<?> r : group) {
                r.future().completeExceptionally(new StoreException("commit failed: " + e.getMessage(), e));
            }
            return;
        }
        Store.Observer o = observer;
        if (o != null) {
            o.committed(records, System.nanoTime() - start);
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results[i], failures[i]);
        }
        if (!events.isEmpty()) {
            publish.accept(events);
        }
        restartLogIfLong();
    }

    /**
     * The checkpointer's passive copies keep the log backfilled but cannot restart it while writes
     * go on; between two groups, with the write lock free, a RESTART checkpoint copies the little
     * left and makes the next transaction write from the log's beginning.
     */
    private void restartLogIfLong() {
        try {
            if (java.nio.file.Files.size(wal) > WAL_RESTART_BYTES) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(RESTART)");
                }
            }
        } catch (java.io.IOException | SQLException e) {
            // No log file yet, or readers still on an old snapshot: the next group tries again.
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Request<T> r, Object result, Throwable failure) {
        if (failure != null) {
            r.future().completeExceptionally(failure instanceof RuntimeException ? failure
                    : new StoreException(failure.getMessage(), failure));
        } else {
            r.future().complete((T) result);
        }
    }

    private Object apply(Request<?> r, List<CommittedEvent> events) throws SQLException {
        return switch (r) {
            case Ingest in -> ingest(in, events);
            case Task<?> t -> t.task.run(c);
            case Stop s -> null;
        };
    }

    /** The NMA's entry, its row made if it is new. */
    private NmaEntry nma(String name, long nowMicros) throws SQLException {
        NmaEntry e = nmas.get(name);
        if (e != null) {
            return e;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id, last_seq FROM nma WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    e = new NmaEntry(name, r.getLong(1), r.getLong(2));
                }
            }
        }
        if (e == null) {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO nma(name, first_seen, last_seen) VALUES (?, ?, ?) RETURNING id")) {
                p.setString(1, name);
                p.setLong(2, nowMicros);
                p.setLong(3, nowMicros);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    e = new NmaEntry(name, r.getLong(1), 0);
                }
            }
        }
        nmas.put(name, e);
        return e;
    }

    /** An NMA connected: its row (made if new) notes the time and address; returns its highest stored seq. */
    long touch(String name, String address) throws SQLException {
        long now = System.currentTimeMillis() * 1_000;
        NmaEntry e = nma(name, now);
        try (PreparedStatement p = c.prepareStatement("UPDATE nma SET last_seen = ?, last_address = ? WHERE id = ?")) {
            p.setLong(1, now);
            p.setString(2, address);
            p.setLong(3, e.id);
            p.executeUpdate();
        }
        return e.lastSeq;
    }

    private IngestResult ingest(Ingest in, List<CommittedEvent> events) throws SQLException {
        long now = System.currentTimeMillis() * 1_000;
        NmaEntry n = nma(in.nma, now);
        long last = n.lastSeq;
        int stored = 0;
        int duplicates = 0;
        int malformed = 0;
        long newest = 0;
        for (Ingest.Item item : in.items) {
            if (item.seq() <= last) {
                duplicates++;
                continue;
            }
            last = item.seq();
            stored++;
            newest = Math.max(newest, item.tsMicros());
            switch (item.kind()) {
                case EVENT -> {
                    if (item.malformed()) {
                        malformed++;
                    }
                    event(n, item, events);
                }
                case HEARTBEAT -> heartbeat(n, item);
                case PROCESS -> process(n, item);
            }
        }
        if (stored > 0) {
            updateSeq.setLong(1, last);
            updateSeq.setLong(2, Math.max(now, 0));
            updateSeq.setLong(3, n.id);
            updateSeq.executeUpdate();
        }
        n.lastSeq = last;
        return new IngestResult(stored, duplicates, malformed, last);
    }

    private void event(NmaEntry n, Ingest.Item item, List<CommittedEvent> events) throws SQLException {
        EveDigest d = item.event();
        long id = nextEventId++;
        PreparedStatement p = insertEvent;
        p.setLong(1, id);
        p.setLong(2, n.id);
        p.setLong(3, item.seq());
        p.setLong(4, d.tsMicros);
        p.setString(5, d.eventType);
        if (d.hasFlow) {
            p.setLong(6, d.flowId);
        } else {
            p.setNull(6, Types.INTEGER);
        }
        p.setString(7, d.srcIp);
        intOrNull(p, 8, d.srcPort);
        p.setString(9, d.destIp);
        intOrNull(p, 10, d.destPort);
        p.setString(11, d.proto);
        p.setString(12, d.appProto);
        p.setString(13, d.state);
        p.setString(14, d.rule);
        p.setString(15, d.detector);
        intOrNull(p, 16, d.severity);
        p.setString(17, d.action);
        if (d.signatureId >= 0) {
            p.setLong(18, d.signatureId);
        } else {
            p.setNull(18, Types.INTEGER);
        }
        p.setString(19, d.signature);
        p.setString(20, d.attackText());
        p.setInt(21, item.codec());
        p.setBytes(22, item.stored());
        p.executeUpdate();
        for (String t : d.attack) {
            insertAttack.setString(1, t);
            insertAttack.setLong(2, id);
            insertAttack.executeUpdate();
        }
        if ("state".equals(d.eventType) && d.state != null) {
            insertState.setLong(1, n.id);
            insertState.setLong(2, d.tsMicros);
            insertState.setString(3, d.fromState);
            insertState.setString(4, d.state);
            insertState.setString(5, d.origin);
            if (d.allowed == null) {
                insertState.setNull(6, Types.INTEGER);
            } else {
                insertState.setInt(6, d.allowed ? 1 : 0);
            }
            insertState.setString(7, d.declaredBy);
            insertState.setLong(8, id);
            insertState.executeUpdate();
        }
        events.add(new CommittedEvent(id, n.name, d, item.json()));
    }

    private void heartbeat(NmaEntry n, Ingest.Item item) throws SQLException {
        Ingest.Heartbeat h = item.heartbeat();
        if (h == null) {
            return;
        }
        PreparedStatement p = updateHeartbeat;
        p.setString(1, h.state());
        p.setString(2, h.declaredBy());
        p.setString(3, h.policyVersion());
        p.setString(4, h.baselineVersion());
        longOrNull(p, 5, h.uptimeS());
        longOrNull(p, 6, h.spoolDropped());
        p.setString(7, h.counters());
        p.setLong(8, item.tsMicros());
        p.setLong(9, n.id);
        p.executeUpdate();
    }

    private void process(NmaEntry n, Ingest.Item item) throws SQLException {
        for (Map.Entry<String, JsonNode> e : item.points().entrySet()) {
            JsonNode v = e.getValue();
            for (PreparedStatement p : new PreparedStatement[] {upsertLatest, insertHistory}) {
                p.setLong(1, n.id);
                p.setString(2, e.getKey());
                p.setLong(3, item.tsMicros());
                if (v.isNumber()) {
                    p.setDouble(4, v.asDouble());
                    p.setNull(5, Types.VARCHAR);
                } else if (v.isBoolean()) {
                    p.setDouble(4, v.asBoolean() ? 1 : 0);
                    p.setNull(5, Types.VARCHAR);
                } else {
                    p.setNull(4, Types.REAL);
                    p.setString(5, v.isString() ? v.asString() : v.toString());
                }
                p.executeUpdate();
            }
        }
    }

    private static void intOrNull(PreparedStatement p, int i, int v) throws SQLException {
        if (v >= 0) {
            p.setInt(i, v);
        } else {
            p.setNull(i, Types.INTEGER);
        }
    }

    private static void longOrNull(PreparedStatement p, int i, Long v) throws SQLException {
        if (v != null) {
            p.setLong(i, v);
        } else {
            p.setNull(i, Types.INTEGER);
        }
    }
}
