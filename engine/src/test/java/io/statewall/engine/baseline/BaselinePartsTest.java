package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces the baseline is made of, as tables: request kinds, address sets, gap clusters, names, changes. */
class BaselinePartsTest {

    /** The kind of a request PDU, and its text. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # request PDU (function code first)  | kind
            03 0064 000A                          | FC3(100x10)
            01 0000 07D0                          | FC1(0x2000)
            06 00D2 01F4                          | FC6(210x1)
            05 0005 FF00                          | FC5(5x1)
            0F 0064 000A 02 CD01                  | FC15(100x10)
            10 00C8 0002 04 0708 012C             | FC16(200x2)
            16 0004 00F2 0025                     | FC22(4x1)
            17 0064 0002 00C8 0001 02 0102        | FC23(100x2,w200x1)
            18 0032                               | FC24(50)
            08 000A 0000                          | FC8(sub10)
            2B 0E 01 00                           | FC43(mei14)
            11                                    | FC17
            5A 0102                               | FC90
            # truncated: the address is cut off
            03 00                                 | FC3(malformed)
            # a quantity past 11 bits is kept as 2047: illegal anyway (MB-AP §6.1: at most 2000)
            01 0000 FFFF                          | FC1(0x2047)
            """)
    void aRequestsKindIsItsFunctionAndWhatItAddresses(String pdu, String text) {
        long[] kind = {-1};
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new ModbusListener() {
            @Override
            public void onTransaction(ModbusSession s, ModbusTransaction tx) {
                kind[0] = RequestKind.of(tx);
            }

            @Override
            public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
            }
        }, null);
        byte[] adu = Traffic.adu(1, 1, Traffic.hex(pdu));
        session.onData(true, MemorySegment.ofArray(adu), 0, adu.length, 1);
        session.onEnd(2);
        assertThat(RequestKind.format(kind[0])).isEqualTo(text);
        assertThat(RequestKind.parse(text)).isEqualTo(kind[0]);
        assertThat(kind[0]).isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            FC3
            FC3(100)
            FC6(210)
            FC3 100x10
            FC3(100x10,w5x1)
            FC23(100x2)
            FC8(mei14)
            FC256
            FC3(70000x1)
            FC3(1x4096)
            fc3(1x1)
            FC3(1x1
            FC3()
            ''
            """)
    void onlyTheTextAKindIsWrittenAsParses(String text) {
        assertThat(RequestKind.parse(text == null ? "" : text)).isEqualTo(-1);
    }

    /**
     * Literal blocks are cut out of the document before the YAML parser sees it (the tables are
     * most of a baseline): what comes back must be what the parser itself makes of the block.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            plain block                 | "a:\n  t: |\n    x 1\n    y 2\nb: 3\n"
            blank and deeper lines      | "a:\n  t: |\n    x 1\n\n      deeper\n    y\n  u: 2\n"
            comment after the indicator | "t: |  # rows\n  row\nz: 1\n"
            comment line in the block   | "t: |\n  # area seen\n  row\n"
            block at the end, no newline| "t: |\n  row one\n  row two"
            empty block                 | "t: |\nz: 1\n"
            """)
    void aLiteralBlockCutOutReadsAsTheParserReadsIt(String name, String yaml) throws Exception {
        String text = yaml.replace("\\n", "\n");
        tools.jackson.databind.JsonNode expected = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(text);
        YamlDoc doc = YamlDoc.parse(text);
        assertThat(doc.problems).isEmpty();
        YamlDoc.Node t = doc.root.get("t") != null ? doc.root.get("t") : doc.root.get("a").get("t");
        String want = (expected.get("t") != null ? expected.get("t") : expected.get("a").get("t")).asString();
        assertThat(t.text().stripTrailing()).as(name).isEqualTo(want.stripTrailing());
        assertThat(LiteralBlocks.extract(text).text.chars().filter(c -> c == '\n').count()).as("line numbers kept")
                .isEqualTo(text.chars().filter(c -> c == '\n').count());
    }

    @Test
    void addressSetsMergeTouchingRangesAndAnswerCoverage() {
        RangeSet r = new RangeSet();
        r.add(100, 102);
        r.add(200, 201);
        r.add(103, 103);
        r.add(0, 0);
        assertThat(r).hasToString("0, 100-103, 200-201");
        assertThat(r.contains(100, 103)).isTrue();
        assertThat(r.contains(101, 101)).isTrue();
        assertThat(r.contains(102, 104)).isFalse();
        assertThat(r.contains(199, 199)).isFalse();
        assertThat(r.contains(1, 1)).isFalse();
        r.add(104, 199);
        assertThat(r).hasToString("0, 100-201");
        r.add(0, 65535);
        assertThat(r).hasToString("0-65535");
    }

    @Test
    void gapsClusterByRatioAndStayFew() {
        IntervalClusters g = new IntervalClusters();
        for (long us : new long[] {500_000, 498_000, 503_000, 1_000_000, 497_500, 501_000}) {
            g.add(us);
        }
        assertThat(g.size()).isEqualTo(2);
        assertThat(g.min(0)).isEqualTo(497_500);
        assertThat(g.max(0)).isEqualTo(503_000);
        assertThat(g.count(0)).isEqualTo(5);
        assertThat(g.count(1)).isEqualTo(1);
        assertThat(g.main()).isZero();
        // sporadic gaps everywhere: never more than six clusters, nothing lost
        Random random = new Random(1);
        IntervalClusters s = new IntervalClusters();
        for (int i = 0; i < 10_000; i++) {
            s.add(1 + random.nextInt(100_000_000));
        }
        assertThat(s.size()).isLessThanOrEqualTo(IntervalClusters.MAX_CLUSTERS);
        long total = 0;
        for (int i = 0; i < s.size(); i++) {
            total += s.count(i);
            if (i > 0) {
                assertThat(s.min(i)).isGreaterThan(s.max(i - 1));
            }
        }
        assertThat(total).isEqualTo(10_000).isEqualTo(s.total());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.30.1.10 > 10.30.2.20:502 unit 1
            10.0.0.1 > 10.0.0.2:5020 unit 255
            fd00::1 > [fd00::30]:502 unit 0
            """)
    void channelNamesRoundTrip(String text) {
        assertThat(ChannelKey.parse(text)).isNotNull().hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.30.1.10 > 10.30.2.20:502
            10.30.1.10 > 10.30.2.20:70000 unit 1
            10.30.1.10 > 10.30.2.20:502 unit 256
            10.30.1.10 > fd00::30:502 unit 1
            10.30.1.10 > [fd00::30]:502 unit 1
            plc > 10.30.2.20:502 unit 1
            10.30.1.0/24 > 10.30.2.20:502 unit 1
            """)
    void badChannelNamesAreRefused(String text) {
        assertThat(ChannelKey.parse(text)).isNull();
    }

    @Test
    void channelsSortByTheirNumbers() {
        List<ChannelKey> keys = new ArrayList<>(List.of(ChannelKey.parse("10.0.0.10 > 10.0.0.2:502 unit 1"),
                ChannelKey.parse("10.0.0.2 > 10.0.0.2:502 unit 2"), ChannelKey.parse("10.0.0.2 > 10.0.0.2:502 unit 1")));
        keys.sort(null);
        assertThat(keys).extracting(ChannelKey::toString).containsExactly("10.0.0.2 > 10.0.0.2:502 unit 1",
                "10.0.0.2 > 10.0.0.2:502 unit 2", "10.0.0.10 > 10.0.0.2:502 unit 1");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(textBlock = """
            # a, b, change: the shorter of the unsigned and the int16 difference
            100, 90, 10
            65535, 1, 2
            1, 65535, 2
            32767, 32768, 1
            0, 32768, 32768
            """)
    void aChangeIsTheShorterOfTheTwoReadings(int a, int b, int change) {
        assertThat(ValueStats.distance(a, b)).isEqualTo(change);
    }

    @Test
    void ratesAreRoundedUpToThreeDigitsStably() {
        assertThat(ValueStats.roundUp(45.21)).isEqualTo(45.3);
        assertThat(ValueStats.roundUp(45.3)).isEqualTo(45.3);
        assertThat(ValueStats.roundUp(123456)).isEqualTo(124000);
        assertThat(ValueStats.formatRate(124000)).isEqualTo("124000");
        assertThat(ValueStats.formatRate(0.00123)).isEqualTo("0.00123");
        assertThat(ValueStats.roundUp(0)).isZero();
    }

    /**
     * Hostile traffic, learned and then checked: random garbage PDUs of every function, truncated
     * and oversized, answers that lie. Nothing may throw; all of it is counted.
     */
    @Test
    void garbageIsLearnedAndCheckedWithoutAnException() {
        Random random = new Random(502);
        List<Traffic.Exchange> garbage = new ArrayList<>();
        long t = ScanPlant.START;
        for (int i = 0; i < 20_000; i++) {
            byte[] request = new byte[1 + random.nextInt(40)];
            random.nextBytes(request);
            request[0] = (byte) (random.nextBoolean() ? random.nextInt(25) : random.nextInt(256));
            byte[] response = random.nextInt(10) == 0 ? null : new byte[1 + random.nextInt(40)];
            if (response != null) {
                random.nextBytes(response);
                response[0] = random.nextBoolean() ? request[0] : (byte) (request[0] | 0x80);
            }
            boolean lone = random.nextInt(20) == 0;
            garbage.add(new Traffic.Exchange(0x0A00_0001 + random.nextInt(3), ScanPlant.PLC, 502, random.nextInt(4),
                    lone ? null : request, lone && response == null ? request : response, t, t + random.nextInt(5_000_000)));
            t += random.nextInt(100_000_000);
        }
        List<Traffic.Exchange> learn = garbage.subList(0, 10_000);
        List<Traffic.Exchange> check = garbage.subList(10_000, 20_000);
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        Traffic l = new Traffic((flow, tx) -> learner.learn(flow, tx, "unknown"));
        l.feed(learn);
        long[] deviations = {0};
        Baseline read;
        try {
            read = BaselineFile.parse(BaselineFile.format(learner.baseline()), "g.yaml");
        } catch (BaselineFormatException e) {
            throw new AssertionError(String.join("\n", e.lines()), e);
        }
        assertThat(BaselineFile.format(read)).isEqualTo(BaselineFile.format(learner.baseline()));
        BaselineMonitor monitor = new BaselineMonitor(read, List.of("unknown"), null);
        BaselineDetector detector = new BaselineDetector(read, List.of("unknown"), d -> {
            deviations[0]++;
            assertThat(d.expected()).isNotNull();
            assertThat(d.seen()).isNotNull();
        });
        Traffic c = new Traffic((flow, tx) -> {
            detector.checkRequest(flow, tx, 0);
            detector.checkResponse(flow, tx, 0);
            monitor.onTransaction(flow, tx, 1, 0);
        });
        c.feed(check);
        assertThat(l.transactions()).isPositive();
        assertThat(detector.checked()).isEqualTo(c.transactions());
        assertThat(deviations[0]).isPositive();
        assertThat(monitor.alerts()).isPositive();
        FlowContext f = new FlowContext();
        assertThat(f).isNotNull();
    }
}
