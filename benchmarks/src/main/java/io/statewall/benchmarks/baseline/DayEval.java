package io.statewall.benchmarks.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The false-alert rate over long clean runs in plant time ({@link PlantDay}): a baseline learned
 * on one recording (a training seed), checked on another (a test seed); every baseline alert on
 * the test recording is false.
 */
final class DayEval {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    record Result(Recording train, Recording test, long trainTransactions, Path baseline, AnalyzeRun checked) {
        long falseAlerts() {
            return checked.firstOccurrences().size();
        }

        double hours() {
            return checked.span().hours();
        }
    }

    /** A plant-time recording and how it was made (kept beside it, for {@code --reuse}). */
    record Recording(Path pcap, long seed, double plantHours, double wallSeconds, long requests, long blocked,
                     long pollFailures, long commands, long commandsFailed, long moments, long stalledMoments,
                     double longestMomentMillis, long packets, long bytes) {
        static Recording of(PlantDay.Result r) {
            return new Recording(r.pcap(), r.seed(), r.plantHours(), r.wallMillis() / 1000.0, r.requests(), r.blocked(),
                    r.pollFailures(), r.commands(), r.commandsFailed(), r.moments(), r.stalledMoments(),
                    r.longestMomentMillis(), r.packets(), r.bytes());
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("capture", pcap.toString());
            m.put("seed", seed);
            m.put("plant_hours", plantHours);
            m.put("wall_seconds", wallSeconds);
            m.put("speed_up", wallSeconds > 0 ? plantHours * 3600 / wallSeconds : null);
            m.put("requests", requests);
            m.put("blocked", blocked);
            m.put("poll_failures", pollFailures);
            m.put("crew_commands", commands);
            m.put("crew_commands_failed", commandsFailed);
            m.put("moments", moments);
            m.put("stalled_moments", stalledMoments);
            m.put("longest_moment_ms", longestMomentMillis);
            m.put("packets", packets);
            m.put("bytes", bytes);
            return m;
        }

        static Recording read(Path sidecar) throws IOException {
            JsonNode j = JSON.readTree(Files.readString(sidecar));
            return new Recording(Path.of(j.path("capture").asString()), j.path("seed").asLong(),
                    j.path("plant_hours").asDouble(), j.path("wall_seconds").asDouble(), j.path("requests").asLong(),
                    j.path("blocked").asLong(), j.path("poll_failures").asLong(), j.path("crew_commands").asLong(),
                    j.path("crew_commands_failed").asLong(), j.path("moments").asLong(),
                    j.path("stalled_moments").asLong(), j.path("longest_moment_ms").asDouble(),
                    j.path("packets").asLong(), j.path("bytes").asLong());
        }
    }

    private final StatewallCli cli;
    private final Path dir;
    private final boolean reuse;
    private final PrintStream log;

    DayEval(StatewallCli cli, Path dir, boolean reuse, PrintStream log) {
        this.cli = cli;
        this.dir = dir;
        this.reuse = reuse;
        this.log = log;
    }

    Result run(long trainSeed, double trainHours, long testSeed, double testHours)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Recording train = record(trainSeed, trainHours);
        Recording test = record(testSeed, testHours);
        Path baseline = dir.resolve("day.baseline.yaml");
        Path learnLog = dir.resolve("day.learn.log");
        log.println("baseline-eval: learning " + baseline + " from " + train.pcap());
        cli.run(learnLog, "learn", "--policy", PlantDay.companionPolicy(train.pcap()).toString(), "--out",
                baseline.toString(), train.pcap().toString());
        long learned = AnalyzeRun.learnedTransactions(learnLog);
        log.println("baseline-eval: checking " + test.pcap());
        AnalyzeRun checked = AnalyzeRun.of(cli, test.pcap(), PlantDay.companionPolicy(test.pcap()), baseline, dir);
        return new Result(train, test, learned, baseline, checked);
    }

    private Recording record(long seed, double hours) throws IOException, InterruptedException {
        String h = hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
        Path pcap = dir.resolve("day-seed" + seed + "-" + h + "h.pcap");
        Path sidecar = dir.resolve(AnalyzeRun.stem(pcap) + ".recording.json");
        if (reuse && Files.isRegularFile(pcap) && Files.isRegularFile(sidecar)) {
            log.println("baseline-eval: reusing " + pcap);
            return Recording.read(sidecar);
        }
        log.printf(Locale.ROOT, "baseline-eval: recording %.1f plant hours of the unit (seed %d) in plant time ...%n",
                hours, seed);
        Files.deleteIfExists(sidecar);
        Recording r = Recording.of(PlantDay.record(pcap, seed, hours * 3600, log));
        Files.writeString(sidecar, JSON.writeValueAsString(r.json()) + "\n");
        return r;
    }


    static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%nLong clean run in plant time (HMI scans every 500/200/250 ms of plant time, the crew's"
                + " sequence every %.0f s):%n", PlantDay.CYCLE_SECONDS);
        for (Recording rec : List.of(r.train(), r.test())) {
            out.printf(Locale.ROOT, "  %-5s seed %d: %.2f plant h recorded in %.1f min of wall time (%.0fx), %,d requests,"
                            + " %d blocked, %d failed polls, %d/%d crew commands failed, %,d packets;"
                            + " %d of %,d moments stalled beyond 10 ms (longest %.0f ms)%n",
                    rec == r.train() ? "train" : "test", rec.seed(), rec.plantHours(), rec.wallSeconds() / 60,
                    rec.wallSeconds() > 0 ? rec.plantHours() * 3600 / rec.wallSeconds() : 0, rec.requests(), rec.blocked(),
                    rec.pollFailures(), rec.commandsFailed(), rec.commands(), rec.packets(), rec.stalledMoments(),
                    rec.moments(), rec.longestMomentMillis());
        }
        out.printf(Locale.ROOT, "  baseline learned on %,d transactions; test: %,d transactions over %.2f h%n",
                r.trainTransactions(), r.checked().transactions(), r.hours());
        out.printf(Locale.ROOT, "  false alerts: %d in %.2f h = %.2f per 24 h %s%n", r.falseAlerts(), r.hours(),
                r.hours() > 0 ? r.falseAlerts() * 24 / r.hours() : 0.0, AnalyzeRun.byCheck(r.checked().firstOccurrences()));
        r.checked().firstOccurrences().forEach(a -> out.println("      " + a.describe()));
    }

    static Map<String, Object> json(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycle_seconds", PlantDay.CYCLE_SECONDS);
        m.put("train", r.train().json());
        m.put("test", r.test().json());
        m.put("baseline", r.baseline().toString());
        m.put("train_transactions", r.trainTransactions());
        m.put("test_transactions", r.checked().transactions());
        m.put("test_hours", r.hours());
        m.put("false_alerts", r.falseAlerts());
        m.put("false_alerts_per_24h", r.hours() > 0 ? r.falseAlerts() * 24 / r.hours() : null);
        m.put("by_check", AnalyzeRun.byCheck(r.checked().firstOccurrences()));
        m.put("alerts", r.checked().firstOccurrences().stream().map(BaselineAlert::describe).toList());
        m.put("repeat_summaries", r.checked().alerts().size() - r.falseAlerts());
        return m;
    }
}
