package io.statewall.plantsim.attack;

import io.statewall.plantsim.Command;
import io.statewall.plantsim.CommandOutcome;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.PlantListener;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.Points;
import io.statewall.plantsim.Role;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A command re-timed (T0831): malware on the operator desk captures the desk's next write of a
 * holding register that the controller acknowledged, and sends it again, same function, address
 * and value, {@code copies} times as fast as answers come (well within one second). Each copy is a
 * legitimate command; only their timing is not.
 */
final class ReplayBurst implements Attack {
    /** Refresh periods to wait for a write of the desk before giving up. */
    private static final int PERIODS = 3;

    private final Controller target;
    private final int address;
    private final int copies;

    ReplayBurst(Controller target, int address, int copies) {
        this.target = target;
        this.address = address;
        this.copies = copies;
    }

    @Override
    public void perform(AttackSession session) throws InterruptedException {
        PlantSim sim = session.context().sim();
        BlockingQueue<Integer> captured = new LinkedBlockingQueue<>();
        PlantListener tap = new PlantListener() {
            @Override
            public void onCommand(CommandOutcome o) {
                if (o.ok() && o.step().role() == Role.OPERATOR && o.step().command() instanceof Command.WriteRegister w
                        && w.controller() == target && w.address() == address) {
                    captured.offer(w.value());
                }
            }
        };
        sim.addListener(tap);
        Integer value;
        double wait = PERIODS * session.context().refreshPeriod();
        try {
            value = session.await(captured, wait);
        } finally {
            sim.removeListener(tap);
        }
        if (value == null) {
            session.note("no write of the operator desk to " + target.asset() + " HR " + address + " within " + wait
                    + " plant s: nothing to replay");
            return;
        }
        MbapClient client = session.client(target);
        byte[] pdu = RequestPdu.writeSingleRegister(address, value);
        for (int i = 0; i < copies; i++) {
            session.send(client, target, Points.UNIT_ID, pdu);
        }
    }
}
