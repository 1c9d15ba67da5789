package io.statewall.engine.baseline;

import static io.statewall.engine.baseline.Traffic.bits;
import static io.statewall.engine.baseline.Traffic.read;
import static io.statewall.engine.baseline.Traffic.registers;
import static io.statewall.engine.baseline.Traffic.writeRegister;
import static io.statewall.engine.baseline.Traffic.writeRegisters;
import static io.statewall.engine.baseline.Traffic.wroteRegisters;

import io.statewall.engine.baseline.Traffic.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A small plant's clean traffic, deterministic for a seed: an HMI (10.0.0.1) scans a PLC
 * (10.0.0.2:502, unit 1) every 500 ms (±3 ms), in this order, each answer about a millisecond
 * later:
 * <pre>
 *  0  FC 3  100x3   pressure (slow sine 1420..1580), flow (200..202), temperature (5000..5020)
 *  1  FC 4  20x2    fuel flow as two words, the low one noisy
 *  2  FC 1  0x8     coils: 1 (auto) always on, 5 (breaker) toggling every 20 scans
 *  3  FC 3  200x12  setpoints 200..211: 1800, 300, zeros, the operator's setpoint at 210
 *  4  FC 16 200x2   the HMI's periodic write of 1800, 300
 * </pre>
 * and an operator station (10.0.0.5) writes setpoint 210 (FC 6) every 3 to 15 scans at a
 * random point of the scan, moving it by 20 along a triangle between 440 and 560.
 */
final class ScanPlant {
    static final int HMI = 0x0A00_0001;
    static final int PLC = 0x0A00_0002;
    static final int OPERATOR = 0x0A00_0005;
    static final int ROGUE = 0x0A00_0009;
    static final long START = 1_700_000_000_000_000_000L;
    static final long CYCLE = 500_000_000L;
    static final long MS = 1_000_000L;

    private final Random random;
    private int setpoint = 500;
    private int direction = 1;
    private int nextOperatorCycle = 4;
    private int cycle;

    ScanPlant(long seed) {
        random = new Random(seed);
    }

    static int pressure(int i) {
        return 1500 + (int) Math.round(80 * Math.sin(2 * Math.PI * i / 100.0));
    }

    /** Every exchange of scans {@code from} (inclusive) to {@code to}, each scan's list passed through {@code tamper}. */
    List<Exchange> run(int from, int to, BiFunction<Integer, List<Exchange>, List<Exchange>> tamper) {
        List<Exchange> out = new ArrayList<>();
        while (cycle < to) {
            List<Exchange> scan = scan(cycle);
            if (cycle >= from) {
                out.addAll(tamper.apply(cycle, scan));
            }
            cycle++;
        }
        return out;
    }

    List<Exchange> run(int from, int to) {
        return run(from, to, (i, scan) -> scan);
    }

    private List<Exchange> scan(int i) {
        long t = START + i * CYCLE + (random.nextInt(6_001) - 3_000) * 1_000L;
        int operatorAfter = i == nextOperatorCycle ? random.nextInt(5) : -1;
        List<Exchange> scan = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            long answer = t + MS + random.nextInt(800) * 1_000L;
            scan.add(new Exchange(HMI, PLC, 502, 1, request(k), response(k, i), t, answer));
            t += 2 * MS;
            if (k == operatorAfter) {
                if (setpoint + 20 * direction > 560 || setpoint + 20 * direction < 440) {
                    direction = -direction;
                }
                setpoint += 20 * direction;
                byte[] pdu = writeRegister(210, setpoint);
                scan.add(new Exchange(OPERATOR, PLC, 502, 1, pdu, pdu, t - MS / 2, t - MS / 2 + 700_000));
                nextOperatorCycle = i + 3 + random.nextInt(13);
            }
        }
        return scan;
    }

    private static byte[] request(int k) {
        return switch (k) {
            case 0 -> read(3, 100, 3);
            case 1 -> read(4, 20, 2);
            case 2 -> read(1, 0, 8);
            case 3 -> read(3, 200, 12);
            default -> writeRegisters(200, 1800, 300);
        };
    }

    private byte[] response(int k, int i) {
        return switch (k) {
            case 0 -> registers(3, pressure(i), 200 + i % 3, 5000 + 10 * ((i / 5) % 3));
            case 1 -> registers(4, 0x4120, (i * 7919) & 0xFFFF);
            case 2 -> bits(1, 0, 1, 0, 0, 0, (i / 20) % 2, 0, 0);
            case 3 -> registers(3, 1800, 300, 0, 0, 0, 0, 0, 0, 0, 0, setpoint, 0);
            default -> wroteRegisters(200, 2);
        };
    }
}
