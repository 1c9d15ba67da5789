package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.baseline.Traffic.Exchange;
import io.statewall.engine.baseline.YamlDoc.Kind;
import io.statewall.engine.baseline.YamlDoc.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SimpleYaml, the reader of what BaselineWriter writes that keeps Jackson off a cold start: every
 * written baseline is read by it, whatever it reads it reads as Jackson does (the same nodes in
 * the same order with the same texts, lines and columns), and whatever is outside its subset it
 * leaves to Jackson, so that YamlDoc reads it, mistakes and all, as before.
 */
class SimpleYamlTest {
    private static final List<String> WRITTEN = writtenBaselines();

    /** SimpleYaml alone, on the text YamlDoc gives it; null when it gives up. */
    private static Node simple(String text) {
        LiteralBlocks cut = LiteralBlocks.extract(text);
        return SimpleYaml.parse(cut.text, cut.blocks);
    }

    /**
     * Asserts that YamlDoc reads {@code text} as Jackson alone does, problems and all, and that
     * SimpleYaml either gave up or read it so; whether SimpleYaml read it.
     */
    private static boolean readAsJacksonReadsIt(String text) {
        YamlDoc jackson = YamlDoc.parseWithJackson(text);
        YamlDoc doc = YamlDoc.parse(text);
        assertThat(doc.problems).as("%s", text).isEqualTo(jackson.problems);
        assertThat(tree(doc.root)).as("%s", text).isEqualTo(tree(jackson.root));
        assertThat(doc.root).as("%s", text).isEqualTo(jackson.root);
        return simpleReadsAsJackson(text);
    }

    /** Asserts that SimpleYaml gave up on {@code text} or read it as Jackson does; whether it read it. */
    private static boolean simpleReadsAsJackson(String text) {
        Node fast = simple(text);
        if (fast == null) {
            return false;
        }
        YamlDoc jackson = YamlDoc.parseWithJackson(text);
        assertThat(jackson.problems).as("SimpleYaml read a document with problems: %s", text).isEmpty();
        assertThat(tree(fast)).as("%s", text).isEqualTo(tree(jackson.root));
        assertThat(fast).as("%s", text).isEqualTo(jackson.root);
        return true;
    }

    /** A node as text: kinds, texts and locations of nodes and entries, entries in their order. */
    private static String tree(Node n) {
        StringBuilder b = new StringBuilder();
        if (n != null) {
            tree(n, "", b);
        }
        return b.toString();
    }

    private static void tree(Node n, String indent, StringBuilder b) {
        b.append(indent).append(n.kind()).append(" @").append(n.at());
        if (n.isScalar()) {
            b.append(" [").append(n.text()).append(']');
        }
        b.append('\n');
        for (Map.Entry<String, YamlDoc.Entry> e : n.entries().entrySet()) {
            assertThat(e.getValue().key()).isEqualTo(e.getKey());
            b.append(indent).append("key [").append(e.getKey()).append("] @").append(e.getValue().at()).append('\n');
            tree(e.getValue().value(), indent + "    ", b);
        }
        for (Node item : n.items()) {
            tree(item, indent + "  - ", b);
        }
    }

    /** Baselines as learned from the test plants, with every kind of name the writer quotes. */
    private static List<String> writtenBaselines() {
        List<String> out = new ArrayList<>();
        out.add(BaselineFile.format(new Baseline("")));
        Baseline scan = BaselineDetectorTest.learned(new ScanPlant(7).run(0, 120));
        out.add(BaselineFile.format(scan));
        scan.block("unknown", true);
        out.add(BaselineFile.format(scan));

        BaselineLearner states = new BaselineLearner(new Baseline("a \"policy\" \\ with ü, ∑ and \u0001\u007f"));
        int[] n = {0};
        new Traffic((flow, tx) -> states.learn(flow, tx, n[0]++ < 100 ? "startup" : n[0] < 200 ? "true" : "two words"))
                .feed(new ScanPlant(3).run(0, 60));
        states.recordSource("dir/capture \"1\".pcap");
        states.recordSource("zweite Aufnahme.pcap");
        out.add(BaselineFile.format(states.baseline()));

        // each deviation of the detector's table learned as if normal: other channels, functions, units, exceptions
        BaselineDetectorTest.deviations().forEach(a -> {
            @SuppressWarnings("unchecked")
            var tamper = (BiFunction<Integer, List<Exchange>, List<Exchange>>) a.get()[1];
            out.add(BaselineFile.format(BaselineDetectorTest.learned(new ScanPlant(7).run(0, 240, tamper))));
        });
        return out;
    }

    @Test
    void everyWrittenBaselineIsReadByItAsJacksonReadsIt() {
        for (String text : WRITTEN) {
            assertThat(simple(text)).as("SimpleYaml gave up on a written baseline:\n%s", text).isNotNull();
            assertThat(readAsJacksonReadsIt(text)).isTrue();
        }
    }

    /** Every construct of the subset, each read as Jackson reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "a: 1",
        "a: 1\nb: x\n",
        "# a comment\n\na: 1   # after a value\n\n  # indented\nb:  two\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3",
        "  a: 1\n  b:\n    c: d",
        "a:\nb:   \nc:  # nothing\nd:\n  # only a comment below\n",
        "\"10.10.1.10 > 10.10.2.100:502 unit 1\":\n  transactions: 41000\n  \"\": 1",
        "3: { seen: 9028, read: [116-147, 150-213] }   # RdCoils, coils\n43: { seen: 2 }\n-5: x\n.inf: y\nnull: 1\ntrue: 2",
        "learned_from:\n  - { capture: \"modbus_2m.pcap\", transactions: 911742 }\n  - { capture: \"b\", transactions: 0 }\nx: 1",
        "learned_from:\n- { capture: \"a\" }\n- plain\n- \"quoted\"   # c\nnext: 1",
        "learned_from: []\nstates: {}\nc: { a: [], b: {}, c: [[1, [2]], {d: {e: f}}] }\nd: [ a ,b,  c ]",
        "policy: \"Modbus anchor benchmark (Suricata sid 9000001-9000010) # not a comment: 'x'\"",
        "p: \"a \\\"q\\\" \\\\ \\u0001\\u007f\\u00e9\\u00E9\\u20AC\"\n\"k\\\"ey\": \"\"",
        "p: \"ä ∑ € \u00a0\"  # ü\n\"ö\": [\"é\", 1]",
        "requests: |\n  # request  seen\n  FC1(0x8)   40\n\npoints:\n  \"10.0.0.2:502 unit 1\": |\n    area  address\n    coils   0\nx: ''",
        "a: ''\nb: { c: '', d: [''] }\nc: \"\"",
        "v: [0, -5, 1e5, 1., 0.25, -0.0, 1.0E-5, true, false, null, .inf, -.inf, .nan, 9223372036854775807]",
        "v: [007, 1_000, 0x1F, 0o17, .5, +1, True, TRUE, yes, Null, .Inf, 116-147, a.b-c_d, --, 1e, 1.5e+]",
    })
    void theSubsetIsReadAsJacksonReadsIt(String yaml) {
        assertThat(simple(yaml)).as("SimpleYaml gave up on %s", yaml).isNotNull();
        assertThat(readAsJacksonReadsIt(yaml)).isTrue();
    }

    /** Outside the subset, valid YAML or not: SimpleYaml gives up and YamlDoc reads it through Jackson. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", "# only a comment\n", "a", "- a\n- b", "{a: 1}", "[1]",
        "a:\tb", "a: 1\r\nb: 2", "a: \"\u0085\"", "a: \"\u2028\"", "\uFEFFa: 1", "a: \"\uD83D\uDE00\"", "a: \u0001",
        "---\na: 1", "a: 1\n...\n", "a: 1\n---\nb: 2", "%YAML 1.2\n---\na: 1",
        "a: &x 1\nb: *x", "a: !!str 1", "a: !x y", "? a\n: b", "a: @x", "a: `x`",
        "a: 'x'", "a: ''''", "'a': 1", "a: >\n  folded", "a: |-\n  kept", "a: |2\n  x",
        "a: \"x\\ty\"", "a: \"\\x41\"", "a: \"\\ud800\"", "a: \"\\u00\"", "a: \"unterminated",
        "a: \"two\n  lines\"", "a: plain\n  continued", "a: two words", "a: b: c", "a: b#c", "a: {}#c", "a: \"x\"#c",
        "a: [1,\n  2]", "a: {b: 1,\n  c: 2}", "a: [1, 2,]", "a: {b: 1, }", "a: {b}", "a: {b: }", "a: {b:1}", "a: [b: 1]",
        "a: [b c]", "a: [\"x\": 1]", "a: {\"b\":1}", "a: [1] x", "a: -", "a: - b", "a: ~", "a: 10.10.2.100:502",
        "a: FC3(1914x8)", "a: x,y", "a: ?x", "a : 1", "\"a\" : 1", "\"a\":1", "a:1", "a b: 1", "-: 1",
        "a: 1\na: 2", "a: {b: 1, b: 2}", "a:\n  b: 1\n  b: 2",
        "a:\n    b: 1\n  c: 2", "a: 1\n  b: 2", "a:\n  - x\n  b: 1", "a:\n- x\n  - y", "a:\n  -\n  - x", "a:\n  - b: 1",
        "a:\n  - - x", "a:\n  -x", "a:\n  b", "a: 1\n- b", "  a: 1\nb: 2",
        "a: 1234567890123456789012345", "a: 1.2345678901234567890123456789012345", "a: ${HOME}",
    })
    void outsideTheSubsetItGivesUp(String yaml) {
        assertThat(simple(yaml)).as("SimpleYaml read %s", yaml).isNull();
        assertThat(readAsJacksonReadsIt(yaml)).isFalse();
    }

    @Test
    void aKeyTooLongForSnakeyamlIsLeftToIt() {
        assertThat(simple("k".repeat(1001) + ": 1")).isNull();
        assertThat(simple("a: {" + "k".repeat(1001) + ": 1}")).isNull();
        assertThat(simple("a: " + "[".repeat(20) + "]".repeat(20))).isNull();
        assertThat(readAsJacksonReadsIt("k".repeat(1000) + ": 1")).isTrue();
    }

    /** Plain scalars typed as Jackson 3 with snakeyaml-engine's JSON schema types them, and read so. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0           | INTEGER
            -5          | INTEGER
            -0          | INTEGER
            007         | STRING
            00          | STRING
            1_000       | STRING
            0x1F        | STRING
            0o17        | STRING
            0b101       | STRING
            +1          | STRING
            1e5         | DECIMAL
            1E+5        | DECIMAL
            1.          | DECIMAL
            1.e5        | DECIMAL
            .5          | STRING
            -.5         | STRING
            0.25        | DECIMAL
            -0.0        | DECIMAL
            +0.0        | STRING
            0001.5      | STRING
            1.0E-5      | DECIMAL
            1e          | STRING
            1e+         | STRING
            1.2.3       | STRING
            true        | BOOLEAN
            false       | BOOLEAN
            True        | STRING
            TRUE        | STRING
            yes         | STRING
            on          | STRING
            y           | STRING
            null        | NULL
            Null        | STRING
            NULL        | STRING
            .inf        | DECIMAL
            -.inf       | DECIMAL
            .Inf        | STRING
            .nan        | DECIMAL
            .NaN        | STRING
            116-147     | STRING
            alert       | STRING
            """)
    void plainScalarsAreTypedAsJacksonTypesThem(String scalar, Kind kind) {
        for (String text : List.of("k: " + scalar, "k: [" + scalar + "]", "k: { v: " + scalar + " }", "k:\n  - " + scalar)) {
            assertThat(readAsJacksonReadsIt(text)).as("SimpleYaml gave up on %s", text).isTrue();
        }
        Node k = YamlDoc.parse("k: " + scalar).root.get("k");
        assertThat(k.kind()).isEqualTo(kind);
        assertThat(k.text()).isEqualTo(kind == Kind.NULL ? "" : scalar);
        assertThat(YamlDoc.parseWithJackson("k: " + scalar).root.get("k").kind()).isEqualTo(kind);
    }

    /**
     * A few thousand random edits of written baselines, one to three each (a character inserted,
     * deleted or replaced, a line indented differently or doubled), mostly in what YAML reads
     * rather than in the tables: each read as Jackson reads it, or left to Jackson (which YamlDoc
     * then uses, as the hand-written cases above show).
     */
    @Test
    void randomEditsAreReadAsJacksonReadsThemOrLeftToIt() {
        String[] texts = {BaselineFile.format(BaselineDetectorTest.learned(new ScanPlant(5).run(0, 40))), WRITTEN.get(3)};
        String alphabet = " \n\t\r\"':-#{}[],?&*!|>%@`\\~.+_0159aeEnxu{}é\u0085\u2028";
        Random random = new Random(20_261_126);
        int read = 0;
        int leftToJackson = 0;
        for (int round = 0; round < 3000; round++) {
            String text = texts[round % texts.length];
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                text = edit(text, random, alphabet);
            }
            if (simpleReadsAsJackson(text)) {
                read++;
            } else {
                leftToJackson++;
            }
        }
        // both sides of the line are exercised
        assertThat(read).isGreaterThan(300);
        assertThat(leftToJackson).isGreaterThan(300);
    }

    private static String edit(String text, Random random, String alphabet) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        String[] cutLines = LiteralBlocks.extract(text).text.split("\n", -1);
        // mostly a line YAML reads: one that LiteralBlocks left as it was
        int line;
        do {
            line = random.nextInt(lines.size());
        } while (random.nextInt(10) > 0 && line < cutLines.length && !cutLines[line].equals(lines.get(line)));
        String l = lines.get(line);
        int at = random.nextInt(l.length() + 1);
        int in = Math.min(at, Math.max(0, l.length() - 1)); // a character of a non-empty line
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(6)) {
            case 0 -> lines.set(line, l.substring(0, at) + c + l.substring(at));
            case 1 -> lines.set(line, l.isEmpty() ? l : l.substring(0, in) + l.substring(in + 1));
            case 2 -> lines.set(line, l.isEmpty() ? String.valueOf(c) : l.substring(0, in) + c + l.substring(in + 1));
            case 3 -> lines.set(line, " ".repeat(1 + random.nextInt(2)) + l);
            case 4 -> lines.set(line, l.startsWith("  ") ? l.substring(1 + random.nextInt(2)) : l.stripLeading());
            default -> lines.add(line, l);
        }
        return String.join("\n", lines);
    }
}
