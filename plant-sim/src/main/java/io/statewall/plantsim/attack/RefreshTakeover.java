package io.statewall.plantsim.attack;

import io.statewall.plantsim.Compromise;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.Points;
import io.statewall.plantsim.Step;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A modified part of an otherwise normal periodic write (T0831, T0836): malware on the operator
 * desk takes over {@code writes} of the desk's periodic writes of one holding register and sends
 * each, in its slot, with {@code value} instead: same source host, function, address and cadence,
 * only the value part changed. The desk's own write of a taken slot never leaves.
 */
final class RefreshTakeover implements Attack {
    private static final int PERIODS = 3;

    private final Controller target;
    private final int address;
    private final int value;
    private final int writes;

    RefreshTakeover(Controller target, int address, int value, int writes) {
        this.target = target;
        this.address = address;
        this.value = value;
        this.writes = writes;
    }

    @Override
    public void perform(AttackSession session) throws InterruptedException {
        BlockingQueue<Step> slots = new LinkedBlockingQueue<>();
        MbapClient client = session.client(target);
        byte[] pdu = RequestPdu.writeSingleRegister(address, value);
        double wait = PERIODS * session.context().refreshPeriod();
        try (Compromise taken = session.context().sim().takeOverRefreshes(target, address, slots::offer)) {
            for (int i = 0; i < writes; i++) {
                if (session.await(slots, wait) == null) {
                    session.note("no periodic write of " + target.asset() + " HR " + address + " within " + wait
                            + " plant s to take over");
                    return;
                }
                session.send(client, target, Points.UNIT_ID, pdu);
            }
        }
    }
}
