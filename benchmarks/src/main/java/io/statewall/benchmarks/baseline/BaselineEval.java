package io.statewall.benchmarks.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline evaluation harness (issue 6): how well a learned baseline detects the demo's attack
 * campaign, how soon, and how many false alerts it raises on clean traffic — the demo's, a long
 * run in plant time, and third-party captures. Prints a table and writes
 * {@code <out>/baseline-eval.json}; its recordings and intermediate files go to
 * {@code <out>/baseline-eval/}. See {@code benchmarks/README.md} and {@code run-baseline-eval.sh}.
 *
 * <pre>
 * usage: BaselineEval [--jar cli/target/statewall.jar] [--java JDK25/bin/java] [--out bench-out]
 *                     [--train-seeds 1,4,5] [--clean-seeds 3,6] [--attack-seeds 2,7]
 *                     [--day-hours 24] [--day-train-hours 24] [--day-seeds 101,102]
 *                     [--corpus ../shared/corpus] [--only demo,day,corpus] [--reuse]
 * </pre>
 */
public final class BaselineEval {
    private static final Set<String> PARTS = Set.of("demo", "day", "corpus");

    /** The harness's settings; see the usage above. */
    record Options(Path jar, Path java, Path out, List<Long> trainSeeds, List<Long> cleanSeeds, List<Long> attackSeeds,
                   double dayHours, double dayTrainHours, long dayTrainSeed, long dayTestSeed, Path corpus,
                   Set<String> only, boolean reuse) {
        static Options parse(String[] args) {
            Path jar = Path.of("cli/target/statewall.jar");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path out = Path.of("bench-out");
            List<Long> train = List.of(1L, 4L, 5L);
            List<Long> clean = List.of(3L, 6L);
            List<Long> attack = List.of(2L, 7L);
            double dayHours = 24;
            double dayTrainHours = 24;
            List<Long> daySeeds = List.of(101L, 102L);
            Path corpus = Path.of("../shared/corpus");
            Set<String> only = PARTS;
            boolean reuse = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--reuse")) {
                    reuse = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value (or unknown option)");
                }
                String v = args[++i];
                switch (a) {
                    case "--jar" -> jar = Path.of(v);
                    case "--java" -> java = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    case "--train-seeds" -> train = seeds(a, v);
                    case "--clean-seeds" -> clean = seeds(a, v);
                    case "--attack-seeds" -> attack = seeds(a, v);
                    case "--day-hours" -> dayHours = hours(a, v);
                    case "--day-train-hours" -> dayTrainHours = hours(a, v);
                    case "--day-seeds" -> {
                        daySeeds = seeds(a, v);
                        if (daySeeds.size() != 2) {
                            throw new IllegalArgumentException("--day-seeds takes two seeds, training and test: " + v);
                        }
                    }
                    case "--corpus" -> corpus = Path.of(v);
                    case "--only" -> {
                        only = Set.of(v.split(","));
                        if (!PARTS.containsAll(only)) {
                            throw new IllegalArgumentException("--only takes demo, day and corpus: " + v);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (only.contains("demo") && (train.isEmpty() || clean.isEmpty() && attack.isEmpty())) {
                throw new IllegalArgumentException("the demo part needs training seeds and clean or attack seeds");
            }
            List<Long> all = new ArrayList<>(train);
            all.addAll(clean);
            all.addAll(attack);
            if (all.stream().distinct().count() != all.size()) {
                throw new IllegalArgumentException("training, clean and attack seeds must all differ: " + all);
            }
            if (daySeeds.get(0).equals(daySeeds.get(1))) {
                throw new IllegalArgumentException("the day's training and test seeds must differ: " + daySeeds);
            }
            return new Options(jar, java, out, train, clean, attack, dayHours, dayTrainHours, daySeeds.get(0),
                    daySeeds.get(1), corpus, only, reuse);
        }

        private static List<Long> seeds(String option, String v) {
            List<Long> out = new ArrayList<>();
            for (String s : v.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                try {
                    out.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + " takes whole numbers separated by commas: " + v);
                }
            }
            return List.copyOf(out);
        }

        private static double hours(String option, String v) {
            try {
                double h = Double.parseDouble(v);
                if (h > 0 && h <= 24 * 14) {
                    return h;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " takes plant hours, more than 0 and at most 336: " + v);
        }
    }

    private BaselineEval() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the evaluation; 0 when it ran, 2 for bad options or a failed step (one line on {@code err}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("baseline-eval: " + e.getMessage());
            return 2;
        }
        try {
            return evaluate(o, out, err);
        } catch (IOException e) {
            err.println("baseline-eval: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("baseline-eval: interrupted");
            return 2;
        }
    }

    private static int evaluate(Options o, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        if (!Files.isRegularFile(o.jar())) {
            throw new IOException(o.jar() + ": no statewall jar (build it: ./mvnw -pl cli -am package -DskipTests)");
        }
        StatewallCli cli = new StatewallCli(o.java(), o.jar());
        Path work = o.out().resolve("baseline-eval");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statewall_baseline_eval", 1);
        json.put("started", Instant.now().toString());
        // With --reuse the recordings (and their wall times, kept beside them) come from an earlier run.
        json.put("reused_recordings", o.reuse());
        json.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(),
                "load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        long started = System.nanoTime();

        DemoEval.Result demo = null;
        if (o.only().contains("demo")) {
            demo = new DemoEval(cli, work.resolve("demo"), o.reuse(), err).run(o.trainSeeds(), o.cleanSeeds(),
                    o.attackSeeds());
            json.put("demo", DemoEval.json(demo));
        }
        DayEval.Result day = null;
        if (o.only().contains("day")) {
            day = new DayEval(cli, work.resolve("day"), o.reuse(), err).run(o.dayTrainSeed(), o.dayTrainHours(),
                    o.dayTestSeed(), o.dayHours());
            json.put("day", DayEval.json(day));
        }
        List<CorpusEval.Split> corpus = null;
        String corpusNote = null;
        if (o.only().contains("corpus")) {
            if (Files.isRegularFile(o.corpus().resolve("INDEX.tsv"))) {
                corpus = new CorpusEval(cli, work.resolve("corpus"), err).run(o.corpus());
                json.put("corpus", CorpusEval.json(corpus));
                json.put("corpus_left_out", CorpusEval.NOT_NORMAL);
            } else {
                corpusNote = "no corpus at " + o.corpus() + " (INDEX.tsv missing): skipped";
                json.put("corpus", corpusNote);
            }
        }
        json.put("wall_seconds", (System.nanoTime() - started) / 1e9);

        if (demo != null) {
            DemoEval.print(demo, out);
        }
        if (day != null) {
            DayEval.print(day, out);
        }
        if (corpus != null) {
            CorpusEval.print(corpus, out);
        } else if (corpusNote != null) {
            out.println();
            out.println("Third-party corpus: " + corpusNote);
        }
        Path report = o.out().resolve("baseline-eval.json");
        Files.createDirectories(o.out());
        Files.writeString(report, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(json) + "\n");
        out.printf(Locale.ROOT, "%nReport: %s (%.1f min)%n", report, (System.nanoTime() - started) / 6e10);
        return 0;
    }
}
