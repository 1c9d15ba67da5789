package io.statewall.engine.baseline;

import static io.statewall.engine.baseline.ScanPlant.HMI;
import static io.statewall.engine.baseline.ScanPlant.MS;
import static io.statewall.engine.baseline.ScanPlant.OPERATOR;
import static io.statewall.engine.baseline.ScanPlant.PLC;
import static io.statewall.engine.baseline.ScanPlant.ROGUE;
import static io.statewall.engine.baseline.Traffic.bits;
import static io.statewall.engine.baseline.Traffic.hex;
import static io.statewall.engine.baseline.Traffic.read;
import static io.statewall.engine.baseline.Traffic.registers;
import static io.statewall.engine.baseline.Traffic.writeRegister;
import static io.statewall.engine.baseline.Traffic.writeRegisters;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.baseline.Traffic.Exchange;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every detector against the same plant: learned on 120 clean scans of {@link ScanPlant}, then
 * run on the next 120 scans. Clean, they raise nothing; with one deviation put into scan 150
 * (or from there on), exactly the checks named in the table fire, and nothing else.
 */
class BaselineDetectorTest {
    private static final int LEARN = 120;
    private static final int DEVIATE_AT = 150;
    private static Baseline baseline;

    @BeforeAll
    static void learn() {
        baseline = learned(new ScanPlant(7).run(0, LEARN));
    }

    static Baseline learned(List<Exchange> exchanges) {
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        new Traffic((flow, tx) -> learner.learn(flow, tx, "unknown")).feed(exchanges);
        learner.recordSource("scan-plant");
        return learner.baseline();
    }

    /** The checks that fired on scans 120..240 of the plant, tampered with. */
    static List<Check> detect(Baseline b, BiFunction<Integer, List<Exchange>, List<Exchange>> tamper) {
        List<Exchange> test = new ScanPlant(7).run(LEARN, 2 * LEARN, tamper);
        List<Check> found = new ArrayList<>();
        BaselineDetector detector = new BaselineDetector(b, List.of("unknown"), d -> {
            found.add(d.check());
            // The words are part of the contract: building them must work for every check.
            assertThat(d.expected()).isNotBlank();
            assertThat(d.seen()).isNotBlank();
            assertThat(d.subject()).isNotBlank();
        });
        new Traffic((flow, tx) -> {
            detector.checkRequest(flow, tx, 0);
            detector.checkResponse(flow, tx, 0);
        }).feed(test);
        return found;
    }

    @Test
    void theSameTrafficWithoutADeviationRaisesNothing() {
        assertThat(detect(baseline, (i, scan) -> scan)).isEmpty();
    }

    /** Applies {@code change} to scan {@value #DEVIATE_AT} only. */
    private static BiFunction<Integer, List<Exchange>, List<Exchange>> at(java.util.function.UnaryOperator<List<Exchange>> change) {
        return (i, scan) -> i == DEVIATE_AT ? change.apply(new ArrayList<>(scan)) : scan;
    }

    /** The HMI's exchange {@code k} of the scan (operator writes skipped). */
    private static int hmi(List<Exchange> scan, int k) {
        int seen = 0;
        for (int i = 0; i < scan.size(); i++) {
            if (scan.get(i).client() == HMI && seen++ == k) {
                return i;
            }
        }
        throw new AssertionError("no HMI exchange " + k);
    }

    static Stream<Arguments> deviations() {
        return Stream.of(
                Arguments.of("a rogue client reads what the HMI reads", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 0));
                    scan.add(hmi(scan, 1), e.from(ROGUE));
                    return scan;
                }), EnumSet.of(Check.NEW_CHANNEL)),
                Arguments.of("the HMI asks for diagnostics (FC 8 return query data)", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 4));
                    scan.add(new Exchange(HMI, PLC, 502, 1, hex("08 0000 1234"), hex("08 0000 1234"),
                            e.requestAt() + MS, e.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.NEW_FUNCTION)),
                Arguments.of("the HMI reads discrete inputs it never read", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 4));
                    scan.add(new Exchange(HMI, PLC, 502, 1, read(2, 0, 8), bits(2, 0, 0, 0, 0, 0, 0, 0, 0),
                            e.requestAt() + MS, e.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.NEW_DATA_AREA)),
                Arguments.of("the HMI also reads holding registers 300..301, never read", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 3));
                    scan.add(hmi(scan, 3) + 1, e.withRequest(read(3, 300, 2)).withResponse(registers(3, 0, 0))
                            .at(e.requestAt() + MS, e.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.NEW_ADDRESS)),
                Arguments.of("a spoofed pressure of 3000 (learned 1420..1580)", at(scan -> {
                    int k = hmi(scan, 0);
                    scan.set(k, scan.get(k).withResponse(registers(3, 3000, 200, 5000)));
                    return scan;
                }), EnumSet.of(Check.VALUE_RANGE)),
                Arguments.of("the pressure jumps by 120 within its range (learned steps of 5)", (BiFunction<Integer, List<Exchange>, List<Exchange>>) (i, scan) -> {
                    if (i < DEVIATE_AT) {
                        return scan;
                    }
                    List<Exchange> s = new ArrayList<>(scan);
                    int k = hmi(s, 0);
                    // from scan 150 on the reported pressure is offset: one jump, then steady
                    s.set(k, s.get(k).withResponse(registers(3, Math.max(1420, ScanPlant.pressure(i) - 120), 200 + i % 3,
                            5000 + 10 * ((i / 5) % 3))));
                    return s;
                }, EnumSet.of(Check.VALUE_RATE)),
                Arguments.of("coil 3, always off, reported on", at(scan -> {
                    int k = hmi(scan, 2);
                    scan.set(k, scan.get(k).withResponse(bits(1, 0, 1, 0, 1, 0, 1, 0, 0)));
                    return scan;
                }), EnumSet.of(Check.VALUE_SET)),
                Arguments.of("the scan cycle runs every 250 ms instead of 500", (BiFunction<Integer, List<Exchange>, List<Exchange>>) (i, scan) -> {
                    long shift = i < DEVIATE_AT ? 0 : -(i - DEVIATE_AT) * ScanPlant.CYCLE / 2;
                    List<Exchange> s = new ArrayList<>();
                    for (Exchange e : scan) {
                        s.add(e.at(e.requestAt() + shift, e.responseAt() + shift));
                    }
                    return s;
                }, EnumSet.of(Check.PERIOD_EARLY)),
                Arguments.of("the fuel flow poll is missing from one scan", at(scan -> {
                    scan.remove(hmi(scan, 1));
                    return scan;
                }), EnumSet.of(Check.PERIOD_LATE, Check.ORDER)),
                Arguments.of("an extra pressure poll in the middle of the scan", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 0));
                    Exchange f = scan.get(hmi(scan, 2));
                    scan.add(hmi(scan, 2) + 1, e.at(f.requestAt() + MS, f.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.PERIOD_EARLY, Check.ORDER)),
                Arguments.of("an answer 40 ms late (learned under 2 ms)", at(scan -> {
                    int k = hmi(scan, 1);
                    Exchange e = scan.get(k);
                    scan.set(k, e.at(e.requestAt(), e.requestAt() + 40 * MS));
                    return scan;
                }), EnumSet.of(Check.RESPONSE_TIME)),
                // moved, the write also leaves the next scan's first poll after another request
                Arguments.of("the periodic setpoint write sent right after the pressure poll", at(scan -> {
                    Exchange w = scan.remove(hmi(scan, 4));
                    Exchange p = scan.get(hmi(scan, 0));
                    scan.add(hmi(scan, 0) + 1, w.at(p.requestAt() + MS, p.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.CYCLE_POSITION, Check.ORDER)),
                // swapped, the coils poll is not judged (its predecessor departed) but the write after it is
                Arguments.of("the HMI reads setpoints before the coils", at(scan -> {
                    int coils = hmi(scan, 2);
                    int setpoints = hmi(scan, 3);
                    Exchange c = scan.get(coils);
                    Exchange s = scan.get(setpoints);
                    scan.set(coils, s.at(c.requestAt(), c.responseAt()));
                    scan.set(setpoints, c.at(s.requestAt(), s.responseAt()));
                    return scan;
                }), EnumSet.of(Check.ORDER, Check.CYCLE_POSITION)),
                Arguments.of("the HMI also reads setpoints 200..201: inside what it reads, not a request of its scan", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 3));
                    scan.add(hmi(scan, 3) + 1, e.withRequest(read(3, 200, 2)).withResponse(registers(3, 1800, 300))
                            .at(e.requestAt() + MS, e.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.UNKNOWN_REQUEST)),
                Arguments.of("the periodic write carries 1900 instead of 1800", at(scan -> {
                    int k = hmi(scan, 4);
                    scan.set(k, scan.get(k).withRequest(writeRegisters(200, 1900, 300)));
                    return scan;
                }), EnumSet.of(Check.COMMAND_VALUE)),
                Arguments.of("the operator's setpoint jumps by 400 (learned moves of 20)", at(scan -> {
                    Exchange e = scan.get(hmi(scan, 4));
                    byte[] pdu = writeRegister(210, 950);
                    scan.add(new Exchange(OPERATOR, PLC, 502, 1, pdu, pdu, e.requestAt() + MS, e.requestAt() + 2 * MS));
                    return scan;
                }), EnumSet.of(Check.COMMAND_MOVE)));
    }

    /**
     * The checks named fire and no other. Where a deviation has consequences of its own (a
     * moved or missing request leaves another out of order), the table names them too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deviations")
    void eachDeviationIsCaughtByTheChecksNamed(String name, BiFunction<Integer, List<Exchange>, List<Exchange>> tamper,
                                              Set<Check> expected) {
        List<Check> found = detect(baseline, tamper);
        assertThat(found).as(name).isNotEmpty();
        assertThat(EnumSet.copyOf(found)).as(name + ": %s", found).isEqualTo(expected);
    }
}
