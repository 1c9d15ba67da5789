package io.statewall.plantsim;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's HMI: polls every controller in its own scan cycle, over its own j2mod connection,
 * and keeps the last value of each tag. These polls are the sensor-information flows an NMA
 * watches: their answers carry the plant variables from which it infers the operating state.
 *
 * <p>Tags are named after the policy's plant variables where one is bound ({@code drum_pressure},
 * {@code steam_temp}, {@code fuel_flow}, {@code turbine_speed}, {@code governor_valve},
 * {@code breaker_closed}, {@code load_mw}, {@code tripped}; booleans as 0/1), plus
 * {@code steam_flow}, {@code pressure_setpoint}, {@code fuel_setpoint}, {@code boiler_auto},
 * {@code speed_reference}, {@code load_setpoint}, {@code safety_status}, {@code overspeed_limit},
 * {@code pressure_limit}. Each scan cycle issues these reads (function, address, quantity):
 *
 * <pre>
 * boiler-plc   FC 3 100×3 (pressure, steam flow, temperature)   FC 4 20×2 (fuel flow)
 *              FC 3 200×2 (setpoints)                           FC 1 0×8 (coil 1: AUTO)
 * turbine-plc  FC 4 10×2 (speed)   FC 4 30×2 (load)   FC 3 300×21 (valve, speed ref, load SP)
 *              FC 1 0×8 (coil 5: breaker)
 * safety-plc   FC 3 0×3 (status word, limits)
 * </pre>
 *
 * A failed read is counted and the cycle goes on with the next controller; the connection is
 * opened again on the next cycle.
 */
public final class Hmi implements AutoCloseable {
    private final HmiConfig config;
    private final Map<Controller, ModbusLink> links = new EnumMap<>(Controller.class);
    private final Map<Controller, AtomicLong> scans = new EnumMap<>(Controller.class);
    private final Map<Controller, AtomicLong> failures = new EnumMap<>(Controller.class);
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Object scanned = new Object();
    private ScheduledExecutorService scheduler;

    public Hmi(Endpoints targets, HmiConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        for (Controller c : Controller.values()) {
            links.put(c, new ModbusLink(targets.get(c), config.localAddress(), config.timeout()));
            scans.put(c, new AtomicLong());
            failures.put(c, new AtomicLong());
        }
    }

    /** Starts polling every controller in its scan cycle, on the HMI's own threads. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(Controller.values().length,
                Thread.ofPlatform().daemon().name("hmi-", 0).factory());
        for (Controller c : Controller.values()) {
            long period = config.cycle(c).toNanos();
            scheduler.scheduleAtFixedRate(() -> pollQuietly(c), 0, period, TimeUnit.NANOSECONDS);
        }
    }

    /** One scan of every controller, in the caller's thread (tests step the plant between scans). */
    public void pollOnce() throws IOException {
        IOException first = null;
        for (Controller c : Controller.values()) {
            try {
                poll(c);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One scan of one controller. */
    public void poll(Controller c) throws IOException {
        ModbusLink link = links.get(c);
        try {
            switch (c) {
                case BOILER -> pollBoiler(link);
                case TURBINE -> pollTurbine(link);
                case SAFETY -> pollSafety(link);
            }
            scans.get(c).incrementAndGet();
            synchronized (scanned) {
                scanned.notifyAll();
            }
        } catch (IOException e) {
            failures.get(c).incrementAndGet();
            throw e;
        }
    }

    private void pollQuietly(Controller c) {
        try {
            poll(c);
        } catch (IOException | RuntimeException e) {
            // counted in poll(); the next cycle tries again
        }
    }

    private void pollBoiler(ModbusLink l) throws IOException {
        int[] measured = l.readHoldingRegisters(Points.BOILER_HR_DRUM_PRESSURE, 3);
        put("drum_pressure", measured[0] * 0.1);
        put("steam_flow", measured[1] * 0.1);
        put("steam_temp", (short) measured[2] * 0.1);
        int[] fuel = l.readInputRegisters(Points.BOILER_IR_FUEL_FLOW, 2);
        put("fuel_flow", float32(fuel[0], fuel[1]));
        int[] setpoints = l.readHoldingRegisters(Points.BOILER_HR_PRESSURE_SETPOINT, 2);
        put("pressure_setpoint", setpoints[0] * 0.1);
        put("fuel_setpoint", setpoints[1] * 0.1);
        boolean[] coils = l.readCoils(0, 8);
        put("boiler_auto", coils[Points.BOILER_COIL_AUTO] ? 1 : 0);
    }

    private void pollTurbine(ModbusLink l) throws IOException {
        int[] speed = l.readInputRegisters(Points.TURBINE_IR_SPEED, 2);
        put("turbine_speed", float32(speed[0], speed[1]));
        int[] load = l.readInputRegisters(Points.TURBINE_IR_LOAD, 2);
        put("load_mw", float32(load[0], load[1]));
        int base = Points.TURBINE_HR_GOVERNOR_VALVE;
        int[] hr = l.readHoldingRegisters(base, Points.TURBINE_HR_LOAD_SETPOINT - base + 1);
        put("governor_valve", hr[0] * 0.01);
        put("speed_reference", hr[Points.TURBINE_HR_SPEED_REFERENCE - base]);
        put("load_setpoint", hr[Points.TURBINE_HR_LOAD_SETPOINT - base] * 0.1);
        boolean[] coils = l.readCoils(0, 8);
        put("breaker_closed", coils[Points.TURBINE_COIL_BREAKER] ? 1 : 0);
    }

    private void pollSafety(ModbusLink l) throws IOException {
        int[] hr = l.readHoldingRegisters(Points.SAFETY_HR_STATUS, 3);
        put("safety_status", hr[0]);
        put("tripped", (hr[0] & Points.SAFETY_TRIPPED) != 0 ? 1 : 0);
        put("overspeed_limit", hr[1]);
        put("pressure_limit", hr[2] * 0.1);
    }

    /** IEEE 754 single precision from two registers, high word first. */
    static double float32(int high, int low) {
        return Float.intBitsToFloat((high << 16) | (low & 0xFFFF));
    }

    private void put(String tag, double value) {
        values.put(tag, value);
    }

    /** The tag's last value, NaN until read. */
    public double value(String tag) {
        return values.getOrDefault(tag, Double.NaN);
    }

    /** Every tag read so far, by name. */
    public Map<String, Double> values() {
        return new TreeMap<>(values);
    }

    /** Completed scans of a controller. */
    public long scans(Controller c) {
        return scans.get(c).get();
    }

    /**
     * Waits until every controller has been scanned at least {@code n} times in all, or the
     * timeout passes.
     *
     * @return whether the scans happened in time
     */
    public boolean awaitScans(long n, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (scanned) {
            while (true) {
                boolean all = true;
                for (Controller c : Controller.values()) {
                    all &= scans(c) >= n;
                }
                if (all) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(scanned, left);
            }
        }
    }

    /** Failed scans of a controller. */
    public long failures(Controller c) {
        return failures.get(c).get();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        links.values().forEach(ModbusLink::close);
    }
}
