package io.statewall.asma.console;

import io.statewall.asma.api.ApiBodies;
import io.statewall.asma.api.ApiRequest;
import io.statewall.asma.api.ApiResponse;
import io.statewall.asma.api.Json;
import io.statewall.asma.auth.Principal;
import io.statewall.asma.store.CommittedEvent;
import io.statewall.asma.store.EveTimestamps;
import io.statewall.asma.store.Events;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's live feed, {@code GET /api/v1/stream}: server-sent events
 * ({@code event: NAME\ndata: ONE-LINE-JSON\n\n}, and {@code : keepalive} comments) that tell the
 * page what changed, so it never polls.
 *
 * <p>One ticker, every {@value #TICK_MS} ms while anyone is subscribed, works out what changed
 * once for everybody and queues the messages to each {@link Subscriber}:
 * <ul>
 *   <li>{@code plant}, the body of {@code GET /api/v1/plant}, when anything but heartbeat times changed;</li>
 *   <li>{@code state}, each new row of the plant-state history;</li>
 *   <li>{@code alert}, each newly stored alert, oldest first; more than {@value #MAX_ALERTS} in a tick:
 *       the newest {@value #MAX_ALERTS}, after {@code alerts-skipped {"count"}};</li>
 *   <li>{@code ack} {@code {"id","ack"}}, each acknowledgement;</li>
 *   <li>every other tick, {@code nmas}, {@code summary} and {@code process} when their bodies changed.</li>
 * </ul>
 * A new subscriber gets {@code hello {"user","role","time"}} at once and, at the next tick, the
 * current {@code plant}, {@code nmas}, {@code summary} and {@code process}; then the changes.
 * Changes are found by comparing with the JSON last sent, and new alerts and states by id, so the
 * store's writer thread is told nothing but the highest alert id it committed.
 */
public final class LiveFeed implements AutoCloseable {
    static final int TICK_MS = 250;
    static final int QUEUE = 1_000;
    static final int MAX_SUBSCRIBERS = 64;
    static final int MAX_ALERTS = 100;
    static final long KEEPALIVE_MS = 10_000;
    static final long RECHECK_MS = 10_000;
    /** The alert counts are one pass over the alerts: redone when alerts or acks came, else this often (last hour ages). */
    private static final long COUNTS_EVERY_MS = 10_000;
    private static final String CONTENT_TYPE = "text/event-stream";

    private final ApiBodies bodies;
    private final Function<String, Optional<Principal>> authenticate;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Queue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final Queue<ObjectNode> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLong committedAlert = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private ScheduledFuture<?> running;
    private volatile boolean closed;

    // The ticker's own state (only its thread touches it).
    private boolean primed;
    private long tick;
    private long lastAlertId;
    private long lastStateId;
    private final LastSent plant = new LastSent("plant");
    private final LastSent nmas = new LastSent("nmas");
    private final LastSent summary = new LastSent("summary");
    private final LastSent process = new LastSent("process");
    private Events.AlertCounts counts;
    private long countsAt;
    private boolean countsStale;

    /** {@code authenticate} is the API's: a bearer secret to its principal, checked again while a stream lasts. */
    public LiveFeed(ApiBodies bodies, Function<String, Optional<Principal>> authenticate) {
        this.bodies = bodies;
        this.authenticate = authenticate;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("statewall-asma-feed").daemon(true).unstarted(r));
    }

    /** The store's listener (on its writer thread: only notes the highest alert id). */
    public void committed(List<CommittedEvent> events) {
        for (CommittedEvent e : events) {
            if ("alert".equals(e.digest().eventType)) {
                committedAlert.accumulateAndGet(e.id(), Math::max);
            }
        }
    }

    /** An alert was acknowledged (committed): {@code {"id","ack":{by, at, comment}}}. */
    public void acknowledged(ObjectNode ack) {
        if (count.get() > 0) {
            acks.add(ack);
        }
    }

    /** Streams subscribed now (joining or joined). */
    public int subscribers() {
        return count.get();
    }

    /** {@code GET /api/v1/stream}, authenticated by the router. */
    public ApiResponse subscribe(ApiRequest r) {
        if (!r.query().isEmpty()) {
            return ApiResponse.error(400, "unknown query parameter '" + r.query().keySet().iterator().next()
                    + "' (the stream takes none)");
        }
        if (closed) {
            return ApiResponse.error(503, "the ASMA is stopping");
        }
        if (count.incrementAndGet() > MAX_SUBSCRIBERS) {
            count.decrementAndGet();
            return ApiResponse.error(503, "too many live feeds open (at most " + MAX_SUBSCRIBERS + ")");
        }
        Principal p = r.principal();
        String secret = r.header("Authorization").substring(7).strip();
        Subscriber[] self = new Subscriber[1];
        Subscriber s = new Subscriber(p, secret, authenticate, () -> {
            subscribers.remove(self[0]);
            all.remove(self[0]);
            count.decrementAndGet();
        });
        self[0] = s;
        ObjectNode hello = Json.object();
        hello.put("user", p.name());
        hello.put("role", p.role().text());
        hello.put("time", EveTimestamps.rfc3339(System.currentTimeMillis() * 1_000));
        s.send(message("hello", hello));
        return ApiResponse.streaming(CONTENT_TYPE, out -> {
            all.add(s);
            s.start(out);
            join(s);
        });
    }

    private synchronized void join(Subscriber s) {
        if (closed) {
            s.end("server stopping");
            return;
        }
        joining.add(s);
        if (running == null) {
            running = ticker.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops when nobody listens; true when stopped. */
    private synchronized boolean idle() {
        if (!subscribers.isEmpty() || !joining.isEmpty()) {
            return false;
        }
        if (running != null) {
            running.cancel(false);
            running = null;
        }
        primed = false;
        return true;
    }

    private void tick() {
        try {
            if (idle()) {
                return;
            }
            if (!primed) {
                // Only what happens from now on is news; what is stored already the page reads over REST.
                lastAlertId = Math.max(bodies.lastEventId(), committedAlert.get());
                lastStateId = bodies.lastPlantStateId();
                acks.clear();
                for (LastSent l : List.of(plant, nmas, summary, process)) {
                    l.forget();
                }
                counts = null;
                tick = 0;
                primed = true;
            }
            List<byte[]> news = changes();
            for (Subscriber s : subscribers) {
                news.forEach(s::send);
            }
            for (Subscriber s; (s = joining.poll()) != null; ) {
                for (LastSent l : List.of(plant, nmas, summary, process)) {
                    if (l.message != null) {
                        s.send(l.message);
                    }
                }
                subscribers.add(s);
            }
            tick++;
        } catch (RuntimeException e) {
            // The store may be closing; the next tick tries again.
        }
    }

    private List<byte[]> changes() {
        List<byte[]> out = new ArrayList<>();
        if (bodies.hasPlant()) {
            ObjectNode p = bodies.plant();
            ObjectNode key = p.deepCopy();
            for (JsonNode n : key.path("nmas")) {
                ((ObjectNode) n).remove("heartbeat_at");
            }
            plant.ifChanged(p, key.toString(), out);
        }
        for (ObjectNode s : bodies.plantStatesAfter(lastStateId, 1_000)) {
            lastStateId = Math.max(lastStateId, s.get("id").asLong());
            out.add(message("state", s));
        }
        boolean newAlerts = committedAlert.get() > lastAlertId;
        if (newAlerts) {
            ApiBodies.NewAlerts n = bodies.alertsAfter(lastAlertId, MAX_ALERTS);
            if (n.skipped() > 0) {
                ObjectNode skipped = Json.object();
                skipped.put("count", n.skipped());
                out.add(message("alerts-skipped", skipped));
            }
            n.items().forEach(a -> out.add(message("alert", a)));
            lastAlertId = Math.max(lastAlertId, Math.max(n.lastId(), committedAlert.get()));
            countsStale = true;
        }
        for (ObjectNode a; (a = acks.poll()) != null; ) {
            out.add(message("ack", a));
            countsStale = true;
        }
        if (tick % 2 == 0) {
            ObjectNode n = bodies.nmas();
            nmas.ifChanged(n, out);
            long now = System.currentTimeMillis();
            if (counts == null || countsStale || now - countsAt >= COUNTS_EVERY_MS) {
                counts = bodies.alertCounts();
                countsAt = now;
                countsStale = false;
            }
            summary.ifChanged(bodies.summary(n, counts), out);
            process.ifChanged(bodies.processLatest(), out);
        }
        return out;
    }

    /** One SSE message: {@code event: NAME}, {@code data: JSON} on one line (JSON escapes line breaks), a blank line. */
    static byte[] message(String event, JsonNode data) {
        return message(event, Json.MAPPER.writeValueAsString(data));
    }

    private static byte[] message(String event, String json) {
        return ("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The last body sent under one event name, and its message for subscribers who join later.
     * A body is news when its comparison text differs from the last one's. Ticker thread only.
     */
    private static final class LastSent {
        private final String event;
        private String key;
        byte[] message;

        LastSent(String event) {
            this.event = event;
        }

        /** Adds {@code body}'s message to {@code out} when it differs from the last: compared as sent. */
        void ifChanged(JsonNode body, List<byte[]> out) {
            String json = Json.MAPPER.writeValueAsString(body);
            if (!json.equals(key)) {
                key = json;
                message = message(event, json);
                out.add(message);
            }
        }

        /** As {@link #ifChanged(JsonNode, List)}, compared by {@code compared} (the body without what changes anyway). */
        void ifChanged(JsonNode body, String compared, List<byte[]> out) {
            if (!compared.equals(key)) {
                key = compared;
                message = message(event, body);
                out.add(message);
            }
        }

        /** The next body is news whatever it says. */
        void forget() {
            key = null;
        }
    }

    static ObjectNode reason(String reason) {
        ObjectNode o = Json.object();
        o.put("reason", reason);
        return o;
    }

    /** Ends every stream with {@code bye} "server stopping" and waits a moment for the goodbyes to be written. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (running != null) {
                running.cancel(false);
                running = null;
            }
        }
        ticker.shutdownNow();
        List<Subscriber> open = List.copyOf(all);
        open.forEach(s -> s.end("server stopping"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Subscriber s : open) {
            try {
                s.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
