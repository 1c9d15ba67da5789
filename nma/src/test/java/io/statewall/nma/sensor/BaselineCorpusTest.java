package io.statewall.nma.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.baseline.Baseline;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineLearner;
import io.statewall.engine.baseline.BaselineMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The baseline on traffic nobody here made: every Modbus capture of the third-party corpus
 * ({@code ../shared/corpus}, skipped when absent).
 * <ul>
 *   <li>Learner and detector read traffic alike: a capture learned whole and then checked whole
 *       raises nothing, whatever its malformed frames, gaps and odd clients.</li>
 *   <li>Learned on the first half of its transactions and checked on the second, each capture
 *       gives the false alerts a baseline raises on normal traffic it has not seen; the table is
 *       printed (the captures are short and not all of them normal, so this is a count to read,
 *       not a bound to hold).</li>
 * </ul>
 */
class BaselineCorpusTest {
    private static final Map<String, String> TABLE = new TreeMap<>();

    static Stream<String> captures() {
        return Corpus.modbusCaptures().stream();
    }

    private static long count(Path capture) throws Exception {
        long[] n = {0};
        run(capture, (flow, tx) -> n[0]++);
        return n[0];
    }

    private static void run(Path capture, TransactionSink sink) throws Exception {
        PassiveAnalyzer analyzer = new PassiveAnalyzer(AnalyzerConfig.DEFAULT, null, sink);
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            analyzer.analyze(reader);
            analyzer.finish();
        }
    }

    /** Learns transactions {@code [0, learn)}, checks {@code [learn, check)}; returns the monitor. */
    private static BaselineMonitor learnThenCheck(Path capture, long learn, long check) throws Exception {
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        BaselineMonitor[] monitor = {null};
        long[] i = {0};
        run(capture, (flow, tx) -> {
            long n = i[0]++;
            if (n < learn) {
                learner.learn(flow, tx, "unknown");
                return;
            }
            if (monitor[0] == null) {
                learner.endOfCapture();
                // through the file, as a baseline reaches analyze
                try {
                    monitor[0] = new BaselineMonitor(BaselineFile.parse(BaselineFile.format(learner.baseline()), capture.toString()),
                            List.of("unknown"), null);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            if (n < check) {
                monitor[0].onTransaction(flow, tx, n, 0);
            }
        });
        if (monitor[0] != null) {
            monitor[0].onCaptureEnd(0);
        }
        return monitor[0];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void learnedWholeACaptureRaisesNothingAndLearnedOnHalfItsFalseAlertsAreCounted(String relative) throws Exception {
        Path capture = Corpus.root().resolve(relative);
        long n = count(capture);
        assertThat(n).as("transactions in %s", relative).isPositive();

        // whole: learned in a first pass, checked in a second (the detector's state starts afresh,
        // as at a capture's start; so does the learner's at its first transaction)
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        run(capture, (flow, tx) -> learner.learn(flow, tx, "unknown"));
        BaselineMonitor whole = new BaselineMonitor(learner.baseline(), List.of("unknown"), null);
        long[] k = {0};
        run(capture, (flow, tx) -> whole.onTransaction(flow, tx, ++k[0], 0));
        assertThat(whole.deviationsByDetector()).as("%s learned whole, checked whole", relative).isEmpty();

        BaselineMonitor half = learnThenCheck(capture, n / 2, Long.MAX_VALUE);
        if (half != null) {
            TABLE.put(relative, String.format(Locale.ROOT, "%6d learned %6d checked %5d alerts  %s", n / 2, n - n / 2,
                    half.alerts(), half.deviationsByDetector()));
        }
    }

    @AfterAll
    static void printTable() {
        if (!TABLE.isEmpty()) {
            System.out.println("Baseline learned on the first half of each corpus capture, checked on the second:");
            TABLE.forEach((capture, line) -> System.out.println("  " + line + "  " + capture));
        }
    }
}
