package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.baseline.Traffic.Exchange;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shortcuts the detector takes on its hot path decide exactly as the long way does: the
 * fast test of a poll's answer against what the item-by-item look finds, an answer's shape
 * against the general reading of its values, a request compared by its bytes against its kind.
 * Seeded random tables (thousands of cases each), so a failure names its seed and case.
 */
class PollItemsTest {
    private static final int CASES = 3_000;
    private static final int CLIENT = 0x0A00_0001;
    private static final int SERVER = 0x0A00_0002;

    @Test
    void theFastTestOfRegistersSaysWhatTheCloserLookWouldFind() {
        Random r = new Random(20_261_126);
        int flagged = 0;
        for (int c = 0; c < CASES; c++) {
            int n = 1 + r.nextInt(40);
            Envelope[] envelopes = new Envelope[n];
            for (int i = 0; i < n; i++) {
                envelopes[i] = r.nextInt(12) == 0 ? null : register(r);
            }
            PollItems p = new PollItems(points(n), envelopes, new boolean[0], false);
            int[] values = new int[n];
            int[] previous = new int[n];
            boolean unknown = false;
            // how often an item strays: never, now and then, often
            int stray = new int[] {0, 0, 200, 40, 8}[r.nextInt(5)];
            for (int i = 0; i < n; i++) {
                values[i] = near(r, envelopes[i], stray);
                previous[i] = stray > 0 && r.nextInt(stray) == 0 ? PollItems.UNKNOWN : near(r, envelopes[i], stray);
                unknown |= previous[i] == PollItems.UNKNOWN;
                p.setPrevious(i, previous[i]);
            }
            p.previousUnknown = unknown;
            int steppable = r.nextInt(n + 1);
            boolean expected = unknown && steppable > 0;
            for (int i = 0; i < n; i++) {
                expected |= p.outside(i, values[i]);
                expected |= i < steppable && previous[i] != PollItems.UNKNOWN && p.stepMax(i) != Integer.MAX_VALUE
                        && ValueStats.distance(values[i], previous[i]) > p.stepMax(i);
            }
            boolean[] suspect = new boolean[1];
            int answered = n;
            answer(Traffic.read(3, 100, n), Traffic.registers(3, values), tx -> {
                ReadValues v = new ReadValues();
                assertThat(v.readAnswer(tx.response(), 3, n, false)).isEqualTo(answered);
                suspect[0] = p.suspect(v, n, steppable);
                assertThat(v.decoded()).startsWith(values);
            });
            assertThat(suspect[0]).as("case %d: %s", c, describe(envelopes, values, previous, steppable)).isEqualTo(expected);
            flagged += expected ? 1 : 0;
        }
        assertThat(flagged).as("both outcomes are tried").isBetween(CASES / 10, CASES * 9 / 10);
    }

    @Test
    void theFastTestOfBitsSaysWhatTheCloserLookWouldFind() {
        Random r = new Random(502);
        int flagged = 0;
        for (int c = 0; c < CASES; c++) {
            int n = 1 + r.nextInt(r.nextBoolean() ? 16 : 300);
            Envelope[] envelopes = new Envelope[n];
            int[] bits = new int[n];
            int stray = new int[] {0, 0, 8 * n, n, 8}[r.nextInt(5)];
            for (int i = 0; i < n; i++) {
                envelopes[i] = r.nextInt(12) == 0 ? null : bit(r);
                int[] learned = envelopes[i] == null || envelopes[i].readSet == null ? new int[] {0, 1} : envelopes[i].readSet;
                bits[i] = stray > 0 && r.nextInt(stray) == 0 ? r.nextInt(2) : learned[r.nextInt(learned.length)];
            }
            PollItems p = new PollItems(points(n), envelopes, new boolean[0], true);
            boolean expected = false;
            for (int i = 0; i < n; i++) {
                expected |= p.outside(i, bits[i]);
            }
            boolean[] suspect = new boolean[1];
            answer(Traffic.read(1, 0, n), Traffic.bits(1, bits), tx -> {
                ReadValues v = new ReadValues();
                assertThat(v.readAnswer(tx.response(), 1, n, true)).isEqualTo(n);
                suspect[0] = p.suspect(v, n, n);
                if (suspect[0]) {
                    assertThat(v.decoded()).startsWith(bits);
                }
            });
            assertThat(suspect[0]).as("case %d", c).isEqualTo(expected);
            flagged += expected ? 1 : 0;
        }
        assertThat(flagged).as("both outcomes are tried").isBetween(CASES / 10, CASES * 9 / 10);
    }

    /** Only an answer of exactly the expected length, function and byte count is taken as read; its values are the general reading's. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the answer asked for            | 03 0064 0003 | 03 06 0001 0002 FFFF     | 3
            a byte count too short          | 03 0064 0003 | 03 04 0001 0002 FFFF     | 0
            a byte count too long           | 03 0064 0003 | 03 08 0001 0002 FFFF     | 0
            an extra byte after the data    | 03 0064 0003 | 03 06 0001 0002 FFFF 00  | 0
            fewer registers than asked      | 03 0064 0003 | 03 04 0001 0002          | 0
            an exception                    | 03 0064 0003 | 83 02                    | 0
            another function's answer       | 03 0064 0003 | 04 06 0001 0002 FFFF     | 0
            coils asked for                 | 01 0000 000A | 01 02 FF 03              | 10
            coils, a byte short             | 01 0000 000A | 01 01 FF                 | 0
            """)
    void anAnswerIsTakenAsReadOnlyInTheShapeAsked(String name, String request, String response, int expected) {
        byte[] q = Traffic.hex(request);
        int function = q[0];
        int count = (q[3] & 0xFF) << 8 | q[4] & 0xFF;
        boolean[] checked = {false};
        answer(q, Traffic.hex(response), tx -> {
            ReadValues v = new ReadValues();
            int n = v.readAnswer(tx.response(), function, count, function <= 2);
            assertThat(n).isEqualTo(expected);
            if (n > 0) {
                int[] decoded = v.decode(n);
                for (int i = 0; i < n; i++) {
                    assertThat(decoded[i]).as("value %d", i).isEqualTo(tx.readValue(i)).isEqualTo(v.value(i));
                }
            }
            checked[0] = true;
        });
        assertThat(checked[0]).isTrue();
    }

    /** A kind recognised by the request's bytes is exactly the kind {@link RequestKind#of} gives. */
    @Test
    void aRequestIsRecognisedByItsBytesExactlyAsByItsKind() {
        Random r = new Random(7);
        int[] functions = {1, 2, 3, 4, 5, 6, 15, 16, 8, 23, 43, 90};
        List<Long> kinds = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        for (int c = 0; c < 400; c++) {
            int f = functions[r.nextInt(functions.length)];
            int a = r.nextInt(4) == 0 ? r.nextInt(65_536) : r.nextInt(8);
            int q = r.nextInt(4) == 0 ? r.nextInt(65_536) : 1 + r.nextInt(3);
            byte[] pdu = switch (f) {
                case 1, 2, 3, 4 -> Traffic.read(f, a, q);
                case 5 -> new byte[] {5, (byte) (a >>> 8), (byte) a, (byte) (r.nextBoolean() ? 0xFF : 0), 0};
                case 6 -> Traffic.writeRegister(a, r.nextInt(65_536));
                case 16 -> Traffic.writeRegisters(a, new int[Math.min(q, 3)]);
                case 15 -> new byte[] {15, (byte) (a >>> 8), (byte) a, (byte) (q >>> 8), (byte) q, 1, 0};
                case 23 -> Traffic.hex("17 0064 0002 00C8 0001 02 0102");
                case 43 -> Traffic.hex("2B 0E 01 00");
                case 8 -> Traffic.hex("08 000A 0000");
                default -> new byte[] {(byte) f, 1, 2};
            };
            // now and then cut short: no longer the full request
            requests.add(r.nextInt(10) == 0 ? java.util.Arrays.copyOf(pdu, r.nextInt(pdu.length) + 1) : pdu);
        }
        List<byte[]> seen = new ArrayList<>();
        for (byte[] pdu : requests) {
            answer(pdu, null, tx -> {
                kinds.add(RequestKind.of(tx));
                seen.add(pdu);
            });
        }
        requests = seen;
        assertThat(requests).hasSizeGreaterThan(300);
        int matched = 0;
        for (int c = 0; c < requests.size(); c++) {
            byte[] request = requests.get(c);
            long own = kinds.get(c);
            long other = kinds.get(r.nextInt(kinds.size()));
            for (long kind : new long[] {own, other}) {
                KindCheck k = new KindCheck(kind, new KindStats(kind), null, Tolerances.DEFAULT, false, new int[0],
                        new Envelope[0], new boolean[0], false);
                boolean[] same = new boolean[2];
                answer(request, null, tx -> {
                    same[0] = k.sameKind(tx);
                    same[1] = RequestKind.of(tx) == kind;
                });
                assertThat(same[0]).as("%s against %s", RequestKind.format(kinds.get(c)), RequestKind.format(kind))
                        .isEqualTo(same[1]);
                matched += same[1] ? 1 : 0;
            }
        }
        assertThat(matched).isGreaterThan(requests.size());
    }

    /** The quick reading of the common form accepts exactly what the full one accepts. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FC3(100x10)   | FC3(100x10)
            FC3(0x0)      | FC3(0x0)
            FC1(65535x2000) | FC1(65535x2000)
            FC5(7x1)      | FC5(7x1)
            FC3(0100x10)  | -
            FC3(100x010)  | -
            FC03(100x10)  | -
            FC3(100x2048) | -
            FC3(65536x1)  | -
            FC3(-1x1)     | -
            FC8(100x2)    | -
            FC24(5x1)     | -
            FC3(1x2)x)    | -
            FC300(1x1)    | -
            """)
    void theCommonFormReadsAsTheFullReadingReadsIt(String text, String expected) {
        long kind = RequestKind.parse(text);
        if (expected.equals("-")) {
            assertThat(kind).isEqualTo(-1);
        } else {
            assertThat(RequestKind.format(kind)).isEqualTo(expected);
        }
    }

    // ---- helpers ----

    private static int[] points(int n) {
        int[] p = new int[n];
        java.util.Arrays.fill(p, -1);
        return p;
    }

    /** One exchange through a real session; {@code check} runs while the transaction is valid. */
    private static void answer(byte[] request, byte[] response, Consumer<ModbusTransaction> check) {
        new Traffic((flow, tx) -> check.accept(tx)).feed(new Exchange(CLIENT, SERVER, 502, 1, request, response, 1_000,
                response == null ? 0 : 2_000));
    }

    /** A register's envelope learned from random traffic: a drifting value, a few codes, or too little. */
    private static Envelope register(Random r) {
        PointBaseline p = new PointBaseline(0);
        int style = r.nextInt(4);
        int center = r.nextInt(4) == 0 ? (r.nextBoolean() ? 0 : 0x8000) : r.nextInt(65_536);
        int spread = 1 + r.nextInt(r.nextBoolean() ? 50 : 5_000);
        int samples = style == 3 ? 1 + r.nextInt(9) : 10 + r.nextInt(60);
        int[] codes = {r.nextInt(65_536), r.nextInt(65_536), r.nextInt(65_536)};
        int previous = center;
        for (int s = 0; s < samples; s++) {
            int v = style == 1 ? codes[r.nextInt(codes.length)] : style == 2 ? center + r.nextInt(3)
                    : center + r.nextInt(2 * spread + 1) - spread;
            v &= 0xFFFF;
            p.read.observe(v);
            p.read.maxStep = Math.max(p.read.maxStep, ValueStats.distance(v, previous));
            previous = v;
        }
        p.read.maxRate = r.nextInt(5) == 0 ? 0 : r.nextDouble() * 10_000;
        return new Envelope(0, p, false, Tolerances.DEFAULT);
    }

    private static Envelope bit(Random r) {
        PointBaseline p = new PointBaseline(0);
        int style = r.nextInt(4);
        int samples = style == 3 ? 1 + r.nextInt(9) : 10 + r.nextInt(30);
        for (int s = 0; s < samples; s++) {
            p.read.observe(style == 0 ? 0 : style == 1 ? 1 : r.nextInt(2));
        }
        return new Envelope(0, p, true, Tolerances.DEFAULT);
    }

    /**
     * A value inside the envelope or at its edges, and one time in {@code stray} (never for 0)
     * just outside it, or anywhere.
     */
    private static int near(Random r, Envelope e, int stray) {
        boolean astray = stray > 0 && r.nextInt(stray) == 0;
        if (e == null || e.readMode == Envelope.NONE || astray && r.nextBoolean()) {
            return r.nextInt(65_536);
        }
        if (e.readMode == Envelope.SET) {
            int[] set = e.readSet;
            return (set[r.nextInt(set.length)] + (astray ? 1 : 0)) & 0xFFFF;
        }
        int lo = e.readLo;
        int hi = e.readHi;
        int v = astray ? (r.nextBoolean() ? lo - 1 : hi + 1) : switch (r.nextInt(3)) {
            case 0 -> lo;
            case 1 -> hi;
            default -> lo + r.nextInt(Math.max(1, hi - lo + 1));
        };
        return v & 0xFFFF;
    }

    private static String describe(Envelope[] envelopes, int[] values, int[] previous, int steppable) {
        StringBuilder b = new StringBuilder("steppable ").append(steppable);
        for (int i = 0; i < values.length; i++) {
            Envelope e = envelopes[i];
            b.append("; ").append(i).append(": ").append(values[i]).append(" after ").append(previous[i]).append(" in ")
                    .append(e == null ? "none" : e.readMode == Envelope.SET ? java.util.Arrays.toString(e.readSet)
                            : e.readMode == Envelope.RANGE ? (e.readSigned ? "int16 " : "") + e.readLo + ".." + e.readHi : "-")
                    .append(" step ").append(e == null ? "-" : e.stepLimit);
        }
        return b.toString();
    }
}
