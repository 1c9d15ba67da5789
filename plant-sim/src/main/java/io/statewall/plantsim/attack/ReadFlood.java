package io.statewall.plantsim.attack;

import io.statewall.plantsim.Controller;
import io.statewall.plantsim.Points;
import java.util.ArrayList;
import java.util.List;

/**
 * A request flood (T0814): {@code connections} connections to one controller, each sending the
 * same request again as soon as the previous one is answered: for {@code wallSeconds} of wall time
 * on the plant's clock, or {@code steppedCount} requests per connection when the plant is stepped
 * (wall time means nothing to it then, and a fixed count keeps a test run repeatable).
 */
final class ReadFlood implements Attack {
    private final Controller target;
    private final byte[] pdu;
    private final int connections;
    private final double wallSeconds;
    private final int steppedCount;

    ReadFlood(Controller target, byte[] pdu, int connections, double wallSeconds, int steppedCount) {
        this.target = target;
        this.pdu = pdu;
        this.connections = connections;
        this.wallSeconds = wallSeconds;
        this.steppedCount = steppedCount;
    }

    @Override
    public void perform(AttackSession session) throws InterruptedException {
        boolean stepped = session.stepped();
        long deadline = System.nanoTime() + (long) (wallSeconds * 1e9);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            MbapClient client = session.client(target);
            senders.add(Thread.ofPlatform().daemon().name("flood-" + i).start(() -> {
                for (int n = 0; stepped ? n < steppedCount : System.nanoTime() < deadline; n++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    session.send(client, target, Points.UNIT_ID, pdu);
                }
            }));
        }
        try {
            for (Thread t : senders) {
                t.join();
            }
        } catch (InterruptedException e) {
            // Each sender stops within one answer timeout; their clients are closed only after that.
            senders.forEach(Thread::interrupt);
            for (Thread t : senders) {
                t.join(2L * MbapClient.TIMEOUT_MILLIS);
            }
            throw e;
        }
    }
}
