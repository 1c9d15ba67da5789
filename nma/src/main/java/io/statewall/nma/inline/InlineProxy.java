package io.statewall.nma.inline;

import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.policy.Policy;
import io.statewall.nma.metrics.EngineGauges;
import io.statewall.nma.metrics.PrometheusText;
import io.statewall.nma.metrics.RouteMetrics;
import io.statewall.engine.state.InvalidStateModelException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The NMA inline: a Modbus/TCP enforcing proxy. Clients connect to a route's listen address;
 * for each, the proxy opens its own connection to the route's controller, judges every request
 * in the operating state in force before forwarding it, and carries the answers back (see
 * {@link Link}).
 *
 * <h2>One thread</h2>
 * Every connection of every route is served by one event-loop thread ({@code statewall-inline}):
 * the state is inferred from all of them by one tracker, a state change applies to the very
 * next message whatever connection it comes on, and nothing on the message path takes a lock.
 * Requests are judged in microseconds, so one core carries tens of thousands of transactions
 * per second; the controllers, not the proxy, are the bottleneck of a plant network.
 * Other threads talk to the loop through a task queue ({@link #reload}, {@link #declare}).
 *
 * <h2>Availability</h2>
 * A controller that cannot be reached does not cost the client its connection: its requests
 * are answered with exception 0x0B and the proxy tries again, waiting longer each time. A
 * controller that closes the connection has the client's closed too, as a direct connection
 * would. Connection limits refuse new clients (never cut existing ones); full queues stop
 * reading from the side that fills them.
 */
public final class InlineProxy implements AutoCloseable {
    private static final long TICK_NANOS = 1_000_000_000L;

    private final List<InlineRoute> routes;
    private final InlineOptions options;
    private final InlineJudge judge;
    private final InlineEvents events;
    private final EveWriter eve;
    private final Selector selector;
    private final List<RouteState> routeStates = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<InetAddress, int[]> perClient = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LinkBuffers.Pool buffers;
    private final long epochBase;
    private final long nanoBase;
    private Thread loop;
    private ConversationTap tap;
    /** Null: the wall clock. */
    private LongSupplier clock;
    private volatile boolean running;
    private volatile String stateSnapshot;
    private volatile String baselineModeSnapshot = "off";
    private long now;
    private long epochNow;
    private long lastTick;
    private long nextFlowId = 1;
    private long statsIntervalNanos;
    private long lastStats;
    private int active;

    /**
     * @param eve EVE output for alerts, states, anomalies and transactions (as its types say), or null
     */
    public InlineProxy(List<InlineRoute> routes, Policy policy, InlineOptions options, EveWriter eve)
            throws IOException, InvalidStateModelException {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no route");
        }
        this.routes = List.copyOf(routes);
        this.options = Objects.requireNonNull(options, "options");
        this.eve = eve;
        this.epochBase = System.currentTimeMillis() * 1_000_000L;
        this.nanoBase = System.nanoTime();
        this.judge = new InlineJudge(policy, eve, epochBase);
        this.events = new InlineEvents(eve);
        this.stateSnapshot = judge.state();
        this.selector = Selector.open();
        this.buffers = new LinkBuffers.Pool(options.maxQueuedBytes(), Math.min(options.maxConnections(), 256));
    }

    /**
     * Writes an EVE {@code stats} record every {@code interval} (and one when stopping); zero:
     * only the one when stopping. Call before {@link #start}.
     */
    public void statsEvery(java.time.Duration interval) {
        statsIntervalNanos = interval.toNanos();
    }

    /** Shows every conversation to {@code tap} (see {@link ConversationTap}). Call before {@link #start}. */
    public void tap(ConversationTap conversations) {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        this.tap = conversations;
    }

    /**
     * Takes the time of every message, state, event and tapped packet from {@code epochNanos}
     * (nanoseconds since the epoch, never decreasing, not before now) instead of the wall clock:
     * a simulated plant run faster than real time is then judged and recorded in its own time.
     * Timers (ticks, stats, reconnection) then count in that time too. Call before {@link #start}.
     */
    public void clock(LongSupplier epochNanos) {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        this.clock = Objects.requireNonNull(epochNanos, "epochNanos");
    }

    /** Wall-clock time for the tap: exact, not the loop's cached time, so recorded packets keep their order. */
    long tapTime() {
        return epochNow();
    }

    /** Binds every route's listen address and starts serving. */
    public void start() throws IOException {
        try {
            for (InlineRoute r : routes) {
                ServerSocketChannel server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(r.listen(), 256);
                server.configureBlocking(false);
                RouteState state = new RouteState(r, server);
                server.register(selector, SelectionKey.OP_ACCEPT, state);
                routeStates.add(state);
            }
        } catch (IOException e) {
            closeListeners();
            selector.close();
            throw e;
        }
        running = true;
        loop = Thread.ofPlatform().name("statewall-inline").daemon(false).unstarted(this::run);
        loop.start();
    }

    /** The bound listen addresses, in route order (a port 0 in the route shows the one chosen). */
    public List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (RouteState r : routeStates) {
            try {
                out.add((InetSocketAddress) r.listener.getLocalAddress());
            } catch (IOException e) {
                out.add(r.route().listen());
            }
        }
        return out;
    }

    /** The operating state in force (a snapshot the loop refreshes after every event). */
    public String state() {
        return stateSnapshot;
    }

    InlineOptions options() {
        return options;
    }

    InlineJudge judge() {
        return judge;
    }

    InlineEvents events() {
        return events;
    }

    /**
     * Puts a new policy in force between two messages, without touching a connection.
     * Completes when installed; fails when the plant model is invalid (the old policy stays).
     */
    public CompletableFuture<Void> reload(Policy next) {
        return submit(() -> {
            try {
                judge.install(next, epochNow());
            } catch (InvalidStateModelException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    /**
     * Checks requests and answers against {@code baseline} from the next message on, blocking
     * departures in the states it marks {@code block} (see {@code docs/baseline.md}). Fails (the
     * baseline in force stays) when it was learned in states the policy in force does not have.
     */
    public CompletableFuture<Void> detectWith(Baseline baseline) {
        return onLoop(() -> {
            requireStates(baseline);
            judge.useBaseline(InlineBaseline.detecting(baseline, eve));
        });
    }

    /**
     * Learns from the traffic the policy forwards, into {@code start} (empty, or a baseline to
     * go on learning), for {@code learnFor}; then marks the states of {@code blockIn} as
     * blocking, hands the result to {@code whenLearned} (on the proxy's loop: write the file
     * elsewhere) and detects with it, as {@link #detectWith}.
     */
    public CompletableFuture<Void> learnBaseline(Baseline start, Duration learnFor, Set<String> blockIn,
                                                 Consumer<LearnedBaseline> whenLearned) {
        return onLoop(() -> {
            requireStates(start);
            List<String> unknown = blockIn.stream().filter(s -> !judge.stateNames().contains(s)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("no state " + String.join(", ", unknown) + " in the policy in force (states: "
                        + String.join(", ", judge.stateNames()) + ")");
            }
            judge.useBaseline(InlineBaseline.learning(start, learnFor, blockIn, epochNow(), eve, whenLearned));
        });
    }

    /** Ends the baseline's learning now rather than when its time is up (no effect unless learning). */
    public CompletableFuture<Void> finishLearning() {
        return onLoop(() -> judge.finishLearning(epochNow()));
    }

    private void requireStates(Baseline baseline) {
        List<String> outside = baseline.statesOutside(judge.stateNames());
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("the baseline was learned in state" + (outside.size() == 1 ? " " : "s ")
                    + String.join(", ", outside) + ", which the policy in force does not have (states: "
                    + String.join(", ", judge.stateNames()) + ")");
        }
    }

    /** The learned baseline's mode: {@code off}, {@code learning} or {@code detecting}. */
    public String baselineMode() {
        return baselineModeSnapshot;
    }

    /** Before {@link #start}, runs {@code task} at once (nothing else touches the judge yet); after, on the loop. */
    private CompletableFuture<Void> onLoop(Runnable task) {
        Runnable andSnapshot = () -> {
            task.run();
            baselineModeSnapshot = judge.baselineMode();
        };
        if (loop == null) {
            try {
                andSnapshot.run();
                return CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return submit(andSnapshot);
    }

    /** The state in force, who declared it and the plant model's variables, read on the loop. */
    public CompletableFuture<PlantStatus> plantStatus() {
        PlantStatus[] read = new PlantStatus[1];
        return submit(() -> read[0] = judge.plantStatus()).thenApply(done -> read[0]);
    }

    /** An operator or the ASMA declares the state; it wins until {@link #release}. */
    public CompletableFuture<Void> declare(String state, String by) {
        return submit(() -> judge.declare(state, by, epochNow()));
    }

    public CompletableFuture<Void> release() {
        return submit(() -> judge.release(epochNow()));
    }

    /**
     * Completes once everything the proxy has done so far is in its EVE output (flushed): a
     * consumer of that output that has read up to here has seen every alert of every request
     * answered before this call.
     */
    public CompletableFuture<Void> sync() {
        return submit(() -> {
            if (eve != null) {
                eve.flush();
            }
        });
    }

    private CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the proxy is not running"));
            return done;
        }
        tasks.add(new Task(task, done));
        selector.wakeup();
        if (!running) {
            // The loop stopped between the check above and the add: it will not run this.
            failPending();
        }
        return done;
    }

    /** Something to do on the loop, and who waits for it. */
    private record Task(Runnable work, CompletableFuture<Void> done) implements Runnable {
        @Override
        public void run() {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    private void failPending() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            ((Task) t).done().completeExceptionally(new IllegalStateException("the proxy stopped"));
        }
    }

    /** Counters of every route, as of now. */
    public List<RouteStats> stats() {
        List<RouteStats> out = new ArrayList<>();
        for (RouteState r : routeStates) {
            out.add(RouteStats.of(r.metrics));
        }
        return out;
    }

    public long policyGeneration() {
        return judge.policyGeneration();
    }

    /** Every route's counters and latencies and the engine's gauges, as Prometheus text. */
    public String prometheusText() {
        List<RouteMetrics> metrics = new ArrayList<>();
        for (RouteState r : routeStates) {
            metrics.add(r.metrics);
        }
        return PrometheusText.render(new EngineGauges(stateSnapshot, judge.policyGeneration(), judge.stateChanges(),
                judge.forbiddenTransitions(), baselineModeSnapshot, judge.baselineLearned(), judge.baselineAlerts(),
                judge.baselineBlocked()), metrics);
    }

    // -------------------------------------------------------------------------------------------
    // The loop
    // -------------------------------------------------------------------------------------------

    private void run() {
        try {
            updateClock();
            lastTick = epochNow;
            lastStats = epochNow;
            while (running) {
                selector.select(onReady, timeoutMillis());
                updateClock();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                timers();
                if (eve != null) {
                    eve.flush();
                }
                stateSnapshot = judge.state();
                baselineModeSnapshot = judge.baselineMode();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("statewall nma: the inline loop stopped: " + e);
        } finally {
            for (Link l : new ArrayList<>(links)) {
                closeLink(l);
            }
            closeListeners();
            updateClock();
            writeStats();
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (eve != null) {
                eve.flush();
            }
            running = false;
            failPending();
            stopped.countDown();
        }
    }

    private void writeStats() {
        lastStats = epochNow;
        InlineStatsRecord.write(eve, epochNow, (now - nanoBase) / 1e9, judge.state(), judge.policyGeneration(), stats());
    }

    private void updateClock() {
        now = System.nanoTime();
        epochNow = clock == null ? epochBase + (now - nanoBase) : clock.getAsLong();
    }

    private long epochNow() {
        return clock == null ? epochBase + (System.nanoTime() - nanoBase) : clock.getAsLong();
    }

    private long timeoutMillis() {
        long next = lastTick + TICK_NANOS;
        if (statsIntervalNanos > 0) {
            next = Math.min(next, lastStats + statsIntervalNanos);
        }
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.upstreamState == Link.Upstream.DOWN) {
                next = Math.min(next, l.retryAt);
            }
        }
        // The clock as read after the last wake-up or at the last event, older only by the tasks
        // and timers run since: a deadline may be met that much late, which no timer here minds
        // (ticks of a second, statistics, reconnection back-off).
        return Math.max(1, (next - epochNow) / 1_000_000L + 1);
    }

    private void timers() {
        if (epochNow - lastTick >= TICK_NANOS) {
            judge.tick(epochNow);
            lastTick = epochNow;
        }
        if (statsIntervalNanos > 0 && epochNow - lastStats >= statsIntervalNanos) {
            writeStats();
        }
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.upstreamState == Link.Upstream.DOWN && l.retryAt <= epochNow) {
                connectUpstream(l);
            }
        }
    }

    private void onReady(SelectionKey key) {
        // Called from within select(): the time of this wake-up, not of the one before, which
        // may be a whole tick ago when the loop was idle.
        updateClock();
        Object a = key.attachment();
        try {
            if (a instanceof RouteState route) {
                accept(route);
                return;
            }
            Side side = (Side) a;
            Link link = side.link;
            if (link.closed) {
                return;
            }
            if (side.upstream) {
                onUpstreamReady(link, key);
            } else {
                onClientReady(link, key);
            }
        } catch (IOException e) {
            if (a instanceof Side side) {
                closeLink(side.link);
            }
        }
    }

    private void onClientReady(Link link, SelectionKey key) throws IOException {
        if (key.isReadable()) {
            long noticed = now; // onReady read the clock a moment ago
            if (!link.onClientReadable(now, epochNow)) {
                closeLink(link);
                return;
            }
            if (link.hasForUpstream() && link.upstreamState == Link.Upstream.CONNECTED) {
                link.flushUpstream();
                link.route.metrics.recordAddedNanos(System.nanoTime() - noticed);
            }
            if (link.hasForClient()) {
                link.flushClient();
            }
        }
        if (key.isValid() && key.isWritable()) {
            link.flushClient();
        }
        if (link.finished()) {
            closeLink(link);
            return;
        }
        interests(link);
    }

    private void onUpstreamReady(Link link, SelectionKey key) throws IOException {
        if (key.isConnectable()) {
            try {
                link.upstream.finishConnect();
            } catch (IOException refused) {
                upstreamDown(link, refused);
                return;
            }
            link.upstreamState = Link.Upstream.CONNECTED;
            link.retryWaitNanos = 0;
        }
        if (key.isReadable()) {
            long noticed = now;
            if (!link.onUpstreamReadable(now, epochNow)) {
                closeLink(link);
                return;
            }
            if (link.hasForClient()) {
                link.flushClient();
                link.route.metrics.recordAnswerAddedNanos(System.nanoTime() - noticed);
            }
        }
        if (key.isValid() && key.isWritable()) {
            link.flushUpstream();
        }
        if (link.finished()) {
            closeLink(link);
            return;
        }
        interests(link);
    }

    private void interests(Link link) {
        if (link.closed) {
            return;
        }
        int c = 0;
        if (link.canReadClient()) {
            c |= SelectionKey.OP_READ;
        } else if (link.upstreamState != Link.Upstream.CONNECTING) {
            link.route.metrics.countQueueOverflow();
        }
        if (link.hasForClient()) {
            c |= SelectionKey.OP_WRITE;
        }
        if (link.clientKey.interestOps() != c) {
            link.clientKey.interestOps(c);
        }
        if (link.upstreamKey != null && link.upstreamKey.isValid()) {
            int u;
            if (link.upstreamState == Link.Upstream.CONNECTING) {
                u = SelectionKey.OP_CONNECT;
            } else if (link.upstreamState == Link.Upstream.CONNECTED) {
                u = (link.canReadUpstream() ? SelectionKey.OP_READ : 0) | (link.hasForUpstream() ? SelectionKey.OP_WRITE : 0);
            } else {
                u = 0;
            }
            if (link.upstreamKey.interestOps() != u) {
                link.upstreamKey.interestOps(u);
            }
        }
    }

    private void accept(RouteState route) throws IOException {
        SocketChannel client;
        while ((client = route.listener.accept()) != null) {
            InetSocketAddress from = (InetSocketAddress) client.getRemoteAddress();
            int[] count = perClient.computeIfAbsent(from.getAddress(), k -> new int[1]);
            if (active >= options.maxConnections() || count[0] >= options.maxConnectionsPerClient()) {
                route.metrics.countConnectionRejected();
                events.connectionRejected(route, epochNow, from + ": " + (active >= options.maxConnections()
                        ? "total limit " + options.maxConnections() : "per-client limit " + options.maxConnectionsPerClient()));
                if (count[0] == 0) {
                    perClient.remove(from.getAddress());
                }
                client.close();
                continue;
            }
            count[0]++;
            active++;
            route.metrics.countConnectionAccepted();
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Link link = new Link(this, route, client, from, nextFlowId++, buffers.take());
            links.add(link);
            if (tap != null) {
                try {
                    link.tapped = tap.open(from, route.route().upstream(), epochNow);
                } catch (RuntimeException e) {
                    link.tapped = null; // untapped, but served
                }
            }
            link.clientKey = client.register(selector, 0, new Side(link, false));
            connectUpstream(link);
        }
    }

    private void connectUpstream(Link link) {
        try {
            SocketChannel up = SocketChannel.open();
            up.configureBlocking(false);
            up.setOption(StandardSocketOptions.TCP_NODELAY, true);
            link.upstream = up;
            link.upstreamState = Link.Upstream.CONNECTING;
            boolean connected = up.connect(link.route.route().upstream());
            link.upstreamKey = up.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
                    new Side(link, true));
            if (connected) {
                link.upstreamState = Link.Upstream.CONNECTED;
                link.retryWaitNanos = 0;
            }
            interests(link);
        } catch (IOException e) {
            upstreamDown(link, e);
        }
    }

    private void upstreamDown(Link link, IOException why) {
        link.route.metrics.countUpstreamConnectFailure();
        events.upstreamUnreachable(link.route, link.flow, epochNow, String.valueOf(why.getMessage()));
        closeQuietly(link.upstream);
        if (link.upstreamKey != null) {
            link.upstreamKey.cancel();
        }
        link.upstream = null;
        link.upstreamKey = null;
        link.upstreamState = Link.Upstream.DOWN;
        long initial = options.retryInitial().toNanos();
        long max = options.retryMax().toNanos();
        link.retryWaitNanos = link.retryWaitNanos == 0 ? initial : Math.min(max, link.retryWaitNanos * 2);
        link.retryAt = epochNow + link.retryWaitNanos;
        interests(link);
    }

    private void closeLink(Link link) {
        if (link.closed) {
            return;
        }
        link.closed = true;
        links.remove(link);
        active--;
        link.route.metrics.countConnectionClosed();
        int[] count = perClient.get(link.clientAddress.getAddress());
        if (count != null && --count[0] == 0) {
            perClient.remove(link.clientAddress.getAddress());
        }
        link.session.onEnd(epochNow);
        link.untap(epochNow());
        closeQuietly(link.client);
        closeQuietly(link.upstream);
        buffers.give(link.buffers);
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void closeListeners() {
        for (RouteState r : routeStates) {
            try {
                r.listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops serving: every connection is closed, then the listeners. Waits for the loop to end. */
    @Override
    public void close() {
        if (loop == null) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the proxy stops (close, or the loop failing). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Which connection of a link a selection key belongs to. */
    private record Side(Link link, boolean upstream) {}
}
