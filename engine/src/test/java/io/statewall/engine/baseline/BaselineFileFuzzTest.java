package io.statewall.engine.baseline;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.statewall.engine.baseline.YamlDoc.Node;

/**
 * Arbitrary text as a baseline file, which an engineer edits by hand: reading it gives a
 * baseline or a {@link BaselineFormatException} with problems, nothing else; where {@link
 * SimpleYaml} reads the YAML itself its nodes are Jackson's, problems none; and a baseline that
 * was read writes a file that reads back to the same file. The seed (in {@code
 * BaselineFileFuzzTestInputs/}) is a cut-down written baseline, with both kinds of table.
 */
class BaselineFileFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void readsAnyTextAsJacksonWouldOrRefusesIt(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        LiteralBlocks cut = LiteralBlocks.extract(text);
        Node simple = SimpleYaml.parse(cut.text, cut.blocks);
        if (simple != null) {
            YamlDoc jackson = YamlDoc.parseWithJackson(text);
            check(jackson.problems.isEmpty(), "SimpleYaml read what Jackson finds wrong: " + jackson.problems);
            check(simple.equals(jackson.root), "SimpleYaml's nodes differ from Jackson's");
        }
        Baseline baseline;
        try {
            baseline = BaselineFile.parse(text, "fuzz");
        } catch (BaselineFormatException e) {
            check(!e.lines().isEmpty(), "a refused file names a problem");
            return;
        }
        String written = BaselineFile.format(baseline);
        Baseline again;
        try {
            again = BaselineFile.parse(written, "written");
        } catch (BaselineFormatException e) {
            throw new AssertionError("a written baseline does not read back: " + e.lines(), e);
        }
        check(BaselineFile.format(again).equals(written), "a written baseline reads back to another file");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
