package io.statewall.plantsim.attack;

import io.statewall.plantsim.Controller;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of a scenario: opens the attacker's connections, sends through them and keeps the
 * tally that becomes its {@link AttackOutcome}. Thread-safe, for attacks that send from several
 * threads at once.
 */
final class AttackSession {
    /** Exchanges kept per run; a flood sends more, and its counts cover them all. */
    static final int MAX_EXCHANGES = 4096;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final AttackScenario scenario;
    private final AttackContext context;
    private final long wallStart = System.currentTimeMillis();
    private final double plantStart;
    private final List<MbapClient> clients = new ArrayList<>();
    private final List<String> connections = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final Map<Integer, Long> exceptions = new TreeMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private long requests;
    private long responses;
    private long noAnswer;
    private long closed;
    private long malformed;

    AttackSession(AttackScenario scenario, AttackContext context) {
        this.scenario = scenario;
        this.context = context;
        this.plantStart = context.clock().now();
    }

    AttackContext context() {
        return context;
    }

    PlantClock clock() {
        return context.clock();
    }

    /** True when plant time moves only as the attack steps it. */
    boolean stepped() {
        return context.clock().timeScale() == 0;
    }

    double plantStart() {
        return plantStart;
    }

    /** A client from the attacker's address to {@code target} (or whatever stands in front of it). */
    synchronized MbapClient client(Controller target) {
        InetAddress from = context.hosts().address(scenario.attacker());
        if (from == null) {
            throw new IllegalStateException(scenario.id() + ": a " + scenario.attacker() + " sends no requests");
        }
        MbapClient c = new MbapClient(context.targets().get(target), from, this::connected);
        clients.add(c);
        return c;
    }

    private synchronized void connected(String local) {
        connections.add(local);
    }

    /** Sends one request and records it with its answer. */
    Answer send(MbapClient client, Controller target, int unitId, byte[] pdu) {
        long wall = System.currentTimeMillis();
        double plant = context.clock().now();
        Answer a = client.request(unitId, pdu);
        synchronized (this) {
            requests++;
            switch (a.kind()) {
                case RESPONSE -> responses++;
                case EXCEPTION -> exceptions.merge(a.exceptionCode(), 1L, Long::sum);
                case NO_ANSWER -> noAnswer++;
                case CLOSED -> closed++;
                case MALFORMED -> malformed++;
            }
            if (a.connection() == null && client.lastFailure() != null) {
                notes.add(client.lastFailure());
            }
            if (exchanges.size() < MAX_EXCHANGES) {
                exchanges.add(new Exchange(target, a.connection(), a.transactionId(), unitId, pdu[0] & 0xFF,
                        HEX.formatHex(pdu), a.kind(), a.exceptionCode(), wall, plant));
            }
        }
        return a;
    }

    /** Why the run did less than it meant to; kept once. */
    synchronized void note(String why) {
        notes.add(why);
    }

    /**
     * The next item of {@code queue}, waiting up to {@code plantSeconds} of plant time for it (by
     * stepping the plant when {@linkplain #stepped() stepped}); null if none came.
     */
    <T> T await(BlockingQueue<T> queue, double plantSeconds) throws InterruptedException {
        PlantClock clock = context.clock();
        if (!stepped()) {
            return queue.poll((long) Math.ceil(plantSeconds / clock.timeScale() * 1e9), TimeUnit.NANOSECONDS);
        }
        double step = context.sim().config().parameters().stepSeconds();
        double deadline = clock.now() + plantSeconds;
        T item;
        while ((item = queue.poll()) == null) {
            double now = clock.now();
            if (now >= deadline - 1e-9) {
                return null;
            }
            clock.awaitTime(Math.min(deadline, now + step));
        }
        return item;
    }

    void closeClients() {
        List<MbapClient> all;
        synchronized (this) {
            all = List.copyOf(clients);
        }
        all.forEach(MbapClient::close);
    }

    synchronized AttackOutcome finish() {
        return new AttackOutcome(scenario.id(), requests, responses, exceptions, noAnswer, closed, malformed,
                connections, exchanges, wallStart, System.currentTimeMillis(), plantStart, context.clock().now(),
                notes.isEmpty() ? null : String.join("; ", notes));
    }
}
