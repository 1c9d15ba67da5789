package io.statewall.plantsim.attack;

import io.statewall.plantsim.PlantSim;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/** {@link PlantClock#of}: a simulator's time, waited for on its clock or stepped by hand. */
final class SimClock implements PlantClock {
    /** Longest single wait while the plant runs on its clock: keeps interrupts and stalls prompt. */
    private static final long SLICE_NANOS = 20_000_000L;
    /** Plant time that stands still this long (wall) means the clock has stopped. */
    private static final long STALL_NANOS = 5_000_000_000L;

    private final PlantSim sim;

    SimClock(PlantSim sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
    }

    @Override
    public double now() {
        return sim.snapshot().time();
    }

    @Override
    public double timeScale() {
        return sim.config().timeScale();
    }

    @Override
    public void awaitTime(double plantTime) throws InterruptedException {
        double scale = timeScale();
        if (scale == 0) {
            double left = plantTime - now();
            if (left > 1e-9) {
                sim.advance(left);
            }
            return;
        }
        double last = now();
        long lastMoved = System.nanoTime();
        while (true) {
            double t = now();
            if (t >= plantTime - 1e-9) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long nanos = System.nanoTime();
            if (t != last) {
                last = t;
                lastMoved = nanos;
            } else if (nanos - lastMoved > STALL_NANOS || sim.clockFailure() != null) {
                throw new IllegalStateException("the plant's clock has stopped at " + t + " s", sim.clockFailure());
            }
            long wait = (long) Math.ceil((plantTime - t) / scale * 1e9);
            LockSupport.parkNanos(Math.max(1, Math.min(wait, SLICE_NANOS)));
        }
    }
}
