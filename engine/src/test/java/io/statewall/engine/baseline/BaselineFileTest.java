package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.baseline.Traffic.Exchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baseline file: learning is deterministic (the same traffic, the same bytes), a baseline
 * survives the trip through its file whole (same text, same verdicts), learning resumed from a
 * file equals learning everything at once, and an engineer's bad edit is reported at its line
 * and column.
 */
class BaselineFileTest {
    @TempDir
    Path dir;

    private static String learnedText(List<Exchange> traffic) {
        return BaselineFile.format(BaselineDetectorTest.learned(traffic));
    }

    @Test
    void learningTheSameTrafficTwiceGivesTheSameBytes() {
        String first = learnedText(new ScanPlant(7).run(0, 120));
        String second = learnedText(new ScanPlant(7).run(0, 120));
        assertThat(second).isEqualTo(first);
        // and the traffic matters: another seed's jitter gives other gaps
        assertThat(learnedText(new ScanPlant(8).run(0, 120))).isNotEqualTo(first);
    }

    @Test
    void aBaselineReadBackFromItsFileIsTheSameBaseline() throws Exception {
        Baseline learned = BaselineDetectorTest.learned(new ScanPlant(7).run(0, 120));
        learned.block("unknown", true);
        Path file = dir.resolve("b.yaml");
        BaselineFile.write(learned, file);
        Baseline read = BaselineFile.read(file);
        assertThat(BaselineFile.format(read)).isEqualTo(Files.readString(file)).isEqualTo(BaselineFile.format(learned));
        assertThat(read.blocks("unknown")).isTrue();
        assertThat(read.summary()).isEqualTo(learned.summary());
        assertThat(read.sources()).isEqualTo(learned.sources());
        // and it judges as the original does, deviations and clean traffic alike
        for (Check expected : List.of(Check.VALUE_RANGE, Check.NEW_CHANNEL)) {
            var tamper = BaselineDetectorTest.deviations().filter(a -> ((java.util.Set<?>) a.get()[2]).contains(expected))
                    .findFirst().orElseThrow().get()[1];
            @SuppressWarnings("unchecked")
            var t = (java.util.function.BiFunction<Integer, List<Exchange>, List<Exchange>>) tamper;
            assertThat(BaselineDetectorTest.detect(read, t)).isEqualTo(BaselineDetectorTest.detect(learned, t)).contains(expected);
        }
        assertThat(BaselineDetectorTest.detect(read, (i, scan) -> scan)).isEmpty();
    }

    @Test
    void resumingFromTheFileEqualsLearningBothCapturesInOneRun() throws Exception {
        ScanPlant plant = new ScanPlant(11);
        List<Exchange> first = plant.run(0, 60);
        List<Exchange> second = plant.run(60, 130);

        BaselineLearner once = new BaselineLearner(new Baseline("p"));
        Traffic t = new Traffic((flow, tx) -> once.learn(flow, tx, "unknown"));
        t.feed(first);
        once.recordSource("first.pcap");
        Traffic t2 = new Traffic((flow, tx) -> once.learn(flow, tx, "unknown"));
        t2.feed(second);
        once.recordSource("second.pcap");

        BaselineLearner part = new BaselineLearner(new Baseline("p"));
        new Traffic((flow, tx) -> part.learn(flow, tx, "unknown")).feed(first);
        part.recordSource("first.pcap");
        Path file = dir.resolve("b.yaml");
        BaselineFile.write(part.baseline(), file);
        BaselineLearner resumed = new BaselineLearner(BaselineFile.read(file));
        new Traffic((flow, tx) -> resumed.learn(flow, tx, "unknown")).feed(second);
        resumed.recordSource("second.pcap");

        assertThat(BaselineFile.format(resumed.baseline())).isEqualTo(BaselineFile.format(once.baseline()));
        assertThat(once.baseline().sources()).extracting(Baseline.Source::capture).containsExactly("first.pcap", "second.pcap");
    }

    @Test
    void statesAreKeptApartAndSorted() throws Exception {
        BaselineLearner learner = new BaselineLearner(new Baseline("two states"));
        List<Exchange> traffic = new ScanPlant(3).run(0, 40);
        int[] n = {0};
        // the first half of the traffic in "startup", the rest in "normal"
        new Traffic((flow, tx) -> learner.learn(flow, tx, n[0]++ < 100 ? "startup" : "normal")).feed(traffic);
        Baseline b = BaselineFile.parse(BaselineFile.format(learner.baseline()), "b.yaml");
        assertThat(b.stateNames()).containsExactly("normal", "startup");
        assertThat(b.statesOutside(List.of("unknown", "startup"))).containsExactly("normal");
        assertThat(b.summary().states()).isEqualTo(2);
        assertThat(b.summary().transactions()).isEqualTo(n[0]);
    }

    /**
     * Edits of a learned file, each wrong in one way: the problem's text and where it is (the
     * line and column of the token named in the last column).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            # what                  | replace                          | with                               | message                                                                 | at
            unknown top-level key   | 'tolerances:'                     | 'tolerance:'                        | unknown key 'tolerance' in the baseline                                  | 'tolerance:'
            wrong format version    | 'statewall-baseline: 1'           | 'statewall-baseline: 2'             | statewall-baseline: format 2 is not supported                            | '2'
            margin not a number     | 'range_margin: 0.25'              | 'range_margin: wide'                | range_margin: expected a number 0..1000000, found 'wide'                 | 'wide'
            negative margin         | 'rate_margin: 0.5'                | 'rate_margin: -1'                   | rate_margin: expected a number 0..1000000, found '-1'                    | '-1'
            bad action              | 'action: alert'                   | 'action: drop'                      | action: expected alert or block, found 'drop'                            | 'drop'
            bad state name          | '  unknown:'                      | '  9lives:'                         | state '9lives': a state name starts with a letter                        | '9lives'
            channel without unit    | '10.0.0.1 > 10.0.0.2:502 unit 1'  | '10.0.0.1 > 10.0.0.2:502'           | channel '10.0.0.1 > 10.0.0.2:502': expected 'CLIENT > SERVER:PORT unit N' | '"10.0.0.1 > 10.0.0.2:502"'
            function out of range   | '16: { seen'                      | '316: { seen'                       | function '316': expected a function code 0..255                          | '316:'
            range upside down       | 'read: [20-21]'                   | 'read: [21-20]'                     | read: '21-20' is not a range of addresses 0..65535 with a <= b           | '21-20'
            address too large       | 'read: [0-7]'                     | 'read: [0-70000]'                   | read: '0-70000' is not a range of addresses 0..65535 with a <= b         | '0-70000'
            unknown request kind    | 'FC4(20x2)    40'                 | 'FC4(twenty)  40'                   | request: expected a kind such as FC3(100x10)                             | 'FC4(twenty)'
            gap with four decimals  | '495.520..505.214(39)'            | '495.5201..505.214(39)'             | gaps_ms: expected shortest..longest(count) clusters                      | '495.5201'
            gap reversed            | '495.520..505.214(39)'            | '505.214..495.520(39)'              | gaps_ms: expected shortest..longest(count) clusters                      | '505.214..'
            predecessor unknown     | 'FC4(20x2)    495.520'            | 'FC4(x)    495.520'                 | after: expected kinds separated by                                       | 'FC4(x)'
            request line short      | '1.062..1.798(40)  '              | ''                                  | a request's line has 5 columns (request seen response_ms after gaps_ms), this one 4 | 'FC1(0x8)'
            misspelt area           | 'coils              0 '           | 'colis              0 '             | area: expected coils, discrete_inputs, input_registers or holding_registers, found 'colis' | 'colis'
            value out of 16 bits    | '16672 '                          | '76672 '                            | values: expected values 0..65535 separated by commas, or a range 'lo..hi', found '76672' | '76672'
            coil of 2               | '0,1              -              1 ' | '0,2              -              1 ' | values: expected values 0..1 separated by commas, or a range 'lo..hi', found '0,2' | '0,2'
            range upside down       | '1500..1580       1500'           | '1580..1500       1500'             | values: expected a range 'lo..hi' of values 0..65535 with lo <= hi, found '1580..1500' | '1580..1500'
            range without int16     | '0..64719         -32493..31676'  | '0..64719         -'                | int16: expected the int16 range 'lo..hi' (-32768..32767) of the same values, found '-' | '-'
            step without rate       | '5         10.1'                  | '5         -'                       | give max_step and max_rate together, or a dash for both                  | '5 '
            a column missing        | '5000,5010,5020   -   '           | '5000,5010,5020   '                 | a point's line has 11 columns (area address seen values int16 max_step max_rate written values int16 max_move), this one 10 | 'holding_registers  102'
            a point twice           | 'holding_registers  203 '         | 'holding_registers  202 '           | holding_registers 202 is listed twice                                    | 'holding_registers  202'
            duplicate key           | '        transactions: 200'       | '        transactions: 200\n        transactions: 201' | duplicate key 'transactions' (first at line                     | 'transactions: 201'
            YAML syntax             | 'policy: ""'                      | 'policy: ["'                        | YAML syntax:                                                             | 'policy'
            """)
    void aBadEditIsReportedAtItsLineAndColumn(String what, String replace, String with, String message, String at) {
        String good = learnedText(new ScanPlant(7).run(0, 40));
        assertThat(good).as("the file holds what the edit replaces").contains(replace);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(replace), java.util.regex.Matcher.quoteReplacement(
                with.replace("\\n", "\n")));
        int token = bad.indexOf(at, good.lastIndexOf('\n', good.indexOf(replace)) + 1);
        assertThatThrownBy(() -> BaselineFile.parse(bad, "b.yaml"))
                .isInstanceOfSatisfying(BaselineFormatException.class, e -> {
                    String first = e.lines().stream().filter(l -> l.contains(message)).findFirst()
                            .orElseThrow(() -> new AssertionError(what + ": no problem says '" + message + "' in " + e.lines()));
                    if (what.equals("YAML syntax")) {
                        assertThat(first).matches("b\\.yaml:\\d+:\\d+: YAML syntax: .*");
                    } else {
                        assertThat(first).as(what).startsWith("b.yaml:" + position(bad, token) + ": ");
                    }
                });
    }

    /** {@code line:column} of a character index, both 1-based. */
    private static String position(String text, int index) {
        assertThat(index).as("token found").isNotNegative();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (index - lineStart + 1);
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        String good = learnedText(new ScanPlant(7).run(0, 40));
        String bad = good.replace("action: alert", "action: drop").replace("range_margin: 0.25", "range_margin: x");
        assertThatThrownBy(() -> BaselineFile.parse(bad, "b.yaml")).isInstanceOfSatisfying(BaselineFormatException.class,
                e -> assertThat(e.lines()).hasSize(2).allMatch(l -> l.matches("b\\.yaml:\\d+:\\d+: .*")));
    }

    @Test
    void garbageAndEmptyFilesAreProblemsNotCrashes() throws IOException {
        for (String text : List.of("", "\u0000\u0001\u0002", "- a\n- b\n", "statewall-baseline: 1\n", "{{{{", "a: b\n---\nc: d\n",
                "statewall-baseline: 1\nstates: 7\n", "statewall-baseline: 1\nstates:\n  s: { channels: { x: 1 } }\n")) {
            assertThatThrownBy(() -> BaselineFile.parse(text, "g.yaml")).as("%s", text)
                    .isInstanceOf(BaselineFormatException.class);
        }
        Path binary = dir.resolve("bin.yaml");
        Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28, 0x0A});
        assertThatThrownBy(() -> BaselineFile.read(binary)).isInstanceOfSatisfying(BaselineFormatException.class,
                e -> assertThat(e.lines().getFirst()).endsWith("not UTF-8 text (is this a baseline file?)"));
    }

    @Test
    void anEmptyBaselineIsAValidFile() throws Exception {
        Baseline empty = new Baseline("");
        Baseline read = BaselineFile.parse(BaselineFile.format(empty), "e.yaml");
        assertThat(read.stateNames()).isEmpty();
        assertThat(BaselineFile.format(read)).isEqualTo(BaselineFile.format(empty));
    }

    @Test
    void anEditedToleranceIsUsed() throws Exception {
        String text = learnedText(new ScanPlant(7).run(0, 120)).replace("min_samples: 10", "min_samples: 1000");
        Baseline b = BaselineFile.parse(text, "b.yaml");
        assertThat(b.tolerances().minSamples()).isEqualTo(1000);
        // nothing has 1000 observations: no timing, order or value check is left
        var spoof = BaselineDetectorTest.deviations().filter(a -> a.get()[0].toString().startsWith("a spoofed pressure"))
                .findFirst().orElseThrow().get()[1];
        @SuppressWarnings("unchecked")
        var t = (java.util.function.BiFunction<Integer, List<Exchange>, List<Exchange>>) spoof;
        assertThat(BaselineDetectorTest.detect(b, t)).isEmpty();
    }
}
