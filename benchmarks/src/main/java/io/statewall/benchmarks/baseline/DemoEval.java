package io.statewall.benchmarks.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The campaign against a learned baseline: {@code statewall demo} recorded clean (training seeds
 * and held-out seeds) and with its attack campaign (other seeds); a baseline learned on the
 * training recordings; every other recording checked against it; each attack matched to its
 * alerts ({@link ScenarioMatcher}), and the alerts on clean traffic counted as false.
 */
final class DemoEval {
    /** Recordings and their outcome. */
    record Result(List<Long> trainSeeds, double trainHours, long trainTransactions, Path baseline,
                  List<AnalyzeRun> clean, List<Long> cleanSeeds, List<AnalyzeRun> campaign, List<Long> campaignSeeds,
                  List<ScenarioMatcher.Result> matched) {
        double cleanHours() {
            return clean.stream().mapToDouble(r -> r.span().hours()).sum();
        }

        long cleanFalseAlerts() {
            return clean.stream().mapToLong(r -> r.firstOccurrences().size()).sum();
        }
    }

    private final StatewallCli cli;
    private final Path dir;
    private final boolean reuse;
    private final PrintStream log;

    DemoEval(StatewallCli cli, Path dir, boolean reuse, PrintStream log) {
        this.cli = cli;
        this.dir = dir;
        this.reuse = reuse;
        this.log = log;
    }

    Result run(List<Long> trainSeeds, List<Long> cleanSeeds, List<Long> campaignSeeds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> train = new ArrayList<>();
        for (long seed : trainSeeds) {
            train.add(record("clean", seed));
        }
        List<Path> clean = new ArrayList<>();
        for (long seed : cleanSeeds) {
            clean.add(record("clean", seed));
        }
        List<Path> campaign = new ArrayList<>();
        for (long seed : campaignSeeds) {
            campaign.add(record("attack", seed));
        }

        Path policy = PlantDay.companionPolicy(train.getFirst());
        Path baseline = dir.resolve("demo.baseline.yaml");
        List<String> learn = new ArrayList<>(List.of("learn", "--policy", policy.toString(), "--out", baseline.toString()));
        train.forEach(p -> learn.add(p.toString()));
        log.println("baseline-eval: learning " + baseline + " from " + train.size() + " clean demo recordings");
        Path learnLog = dir.resolve("demo.learn.log");
        cli.run(learnLog, learn.toArray(String[]::new));
        double trainHours = 0;
        for (Path p : train) {
            trainHours += CaptureSpan.of(p).hours();
        }

        List<AnalyzeRun> cleanRuns = new ArrayList<>();
        for (Path p : clean) {
            cleanRuns.add(AnalyzeRun.of(cli, p, PlantDay.companionPolicy(p), baseline, dir));
        }
        List<AnalyzeRun> campaignRuns = new ArrayList<>();
        List<ScenarioMatcher.Result> matched = new ArrayList<>();
        for (Path p : campaign) {
            AnalyzeRun run = AnalyzeRun.of(cli, p, PlantDay.companionPolicy(p), baseline, dir);
            campaignRuns.add(run);
            List<Attack> attacks = Attack.readReport(report(p));
            matched.add(ScenarioMatcher.match(attacks, run.alerts(), FirstMessages.find(p, attacks)));
        }
        return new Result(List.copyOf(trainSeeds), trainHours, AnalyzeRun.learnedTransactions(learnLog), baseline,
                cleanRuns, List.copyOf(cleanSeeds), campaignRuns, List.copyOf(campaignSeeds), matched);
    }

    /** {@code statewall demo} for one seed, unless {@code --reuse} finds its recording complete. */
    private Path record(String kind, long seed) throws IOException, InterruptedException {
        String name = kind + "-seed" + seed;
        Path pcap = dir.resolve(name + ".pcap");
        Path report = report(pcap);
        if (reuse && Files.isRegularFile(pcap) && Files.isRegularFile(report)
                && Files.isRegularFile(PlantDay.companionPolicy(pcap))) {
            log.println("baseline-eval: reusing " + pcap);
            return pcap;
        }
        log.println("baseline-eval: recording " + name + " with statewall demo (about 2 min 15 s) ...");
        List<String> args = new ArrayList<>(List.of("demo", "--plain", "--seed", Long.toString(seed),
                "--pcap", pcap.toString(), "--report", report.toString()));
        if (kind.equals("clean")) {
            args.add("--no-attacks");
        }
        Files.deleteIfExists(report);
        String before = loadAverage();
        cli.run(dir.resolve(name + ".log"), args.toArray(String[]::new));
        Files.writeString(dir.resolve(name + ".load"), before + " " + loadAverage() + "\n");
        return pcap;
    }

    /** The machine's one-minute load average now (Linux), or "?": the runs are real time on a shared machine. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The load average before and after a recording, as kept beside it; "?" when unknown. */
    static String loadDuring(Path pcap) {
        Path load = pcap.resolveSibling(AnalyzeRun.stem(pcap) + ".load");
        try {
            String[] f = Files.readString(load).trim().split(" ");
            return f[0] + " -> " + f[1];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Path report(Path pcap) {
        return pcap.resolveSibling(AnalyzeRun.stem(pcap) + ".report.json");
    }


    // -----------------------------------------------------------------------------------------
    // Report
    // -----------------------------------------------------------------------------------------

    static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%nDemo runs (statewall demo: real time, plant at 10x): baseline learned on clean seeds %s"
                        + " (%.3f h, %,d transactions)%n", seeds(r.trainSeeds()), r.trainHours(), r.trainTransactions());
        out.printf(Locale.ROOT, "  %-26s %-12s %4s  %-8s %14s %6s  %-6s %s%n", "scenario", "ATT&CK", "seed", "baseline",
                "time to detect", "cycle", "within", "detected by (collateral alerts)");
        int missed = 0;
        int late = 0;
        int ran = 0;
        for (int i = 0; i < r.matched().size(); i++) {
            long seed = r.campaignSeeds().get(i);
            for (ScenarioMatcher.Outcome o : r.matched().get(i).outcomes()) {
                Attack a = o.attack();
                String ttd = o.detected() ? String.format(Locale.ROOT, "%.1f ms", o.timeToDetectMicros() / 1000.0) : "-";
                if (a.ran()) {
                    ran++;
                    missed += o.detected() ? 0 : 1;
                    late += o.detected() && !o.withinScanCycle() ? 1 : 0;
                }
                if (a.reporting() && o.detected()) {
                    ttd += String.format(Locale.ROOT, " (%.0f ms from its start)", o.fromStartMicros() / 1000.0);
                }
                out.printf(Locale.ROOT, "  %-26s %-12s %4d  %-8s %14s %6s  %-6s %s%s%n", a.id(),
                        String.join(" ", a.techniques()), seed, !a.ran() ? "not run" : o.detected() ? "yes" : "NO", ttd,
                        a.scanCycleMillis() + " ms", o.detected() ? (o.withinScanCycle() ? "yes" : "NO") : "-",
                        o.detected() ? String.join(", ", o.checks()) : "-",
                        o.collateral().isEmpty() ? "" : "  (+" + o.collateral().size() + " collateral: "
                                + String.join(", ", AnalyzeRun.byCheck(o.collateral()).keySet()) + ")");
            }
        }
        out.println("  time to detect: from the attack's first deviating message in the recording (its first request;"
                + " for the spoof, the controller's first answer after it began) to the first baseline alert about it");
        out.println("  cycle: the HMI's scan cycle of the controller attacked (boiler 500 ms, turbine 200 ms, safety 250 ms;"
                + " the shortest of several)");
        out.printf(Locale.ROOT, "  %d of %d attacks detected by the baseline, %d of them later than one scan cycle%n",
                ran - missed, ran, late);
        for (int i = 0; i < r.campaign().size(); i++) {
            ScenarioMatcher.Result m = r.matched().get(i);
            out.printf(Locale.ROOT, "  campaign seed %d: %d false alerts outside every attack in %.3f h %s; load average %s%n",
                    r.campaignSeeds().get(i), m.falseAlerts().size(), r.campaign().get(i).span().hours(),
                    AnalyzeRun.byCheck(m.falseAlerts()), loadDuring(r.campaign().get(i).capture()));
            m.falseAlerts().forEach(a -> out.println("      " + a.describe()));
        }
        for (int i = 0; i < r.clean().size(); i++) {
            AnalyzeRun c = r.clean().get(i);
            out.printf(Locale.ROOT, "  clean seed %d: %d false alerts in %.3f h (%,d transactions) %s; load average %s%n",
                    r.cleanSeeds().get(i), c.firstOccurrences().size(), c.span().hours(), c.transactions(),
                    AnalyzeRun.byCheck(c.firstOccurrences()), loadDuring(c.capture()));
            c.firstOccurrences().forEach(a -> out.println("      " + a.describe()));
        }
        out.printf(Locale.ROOT, "  false alerts on held-out clean traffic: %d in %.3f h = %.1f per hour%n",
                r.cleanFalseAlerts(), r.cleanHours(), r.cleanHours() > 0 ? r.cleanFalseAlerts() / r.cleanHours() : 0.0);
    }

    static Map<String, Object> json(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_seeds", r.trainSeeds());
        m.put("train_hours", r.trainHours());
        m.put("train_transactions", r.trainTransactions());
        m.put("baseline", r.baseline().toString());
        m.put("scan_cycles_ms", Map.of("boiler-plc", 500, "turbine-plc", 200, "safety-plc", 250));
        List<Object> campaign = new ArrayList<>();
        for (int i = 0; i < r.campaign().size(); i++) {
            Map<String, Object> run = new LinkedHashMap<>();
            ScenarioMatcher.Result matched = r.matched().get(i);
            run.put("seed", r.campaignSeeds().get(i));
            run.put("capture", r.campaign().get(i).capture().toString());
            run.put("hours", r.campaign().get(i).span().hours());
            run.put("transactions", r.campaign().get(i).transactions());
            run.put("load_average", loadDuring(r.campaign().get(i).capture()));
            List<Object> scenarios = new ArrayList<>();
            for (ScenarioMatcher.Outcome o : matched.outcomes()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", o.attack().id());
                s.put("techniques", o.attack().techniques());
                s.put("attacker", o.attack().attacker());
                s.put("targets", o.attack().targetAddresses());
                s.put("ran", o.attack().ran());
                s.put("detected", o.detected());
                s.put("detected_by", o.checks());
                s.put("time_to_detect_ms", o.detected() ? o.timeToDetectMicros() / 1000.0 : null);
                s.put("time_from_attack_start_ms", o.detected() ? o.fromStartMicros() / 1000.0 : null);
                s.put("first_message_found", o.firstMessageMicros() >= 0);
                s.put("scan_cycle_ms", o.attack().scanCycleMillis());
                s.put("within_scan_cycle", o.withinScanCycle());
                s.put("alerts", o.direct().stream().map(BaselineAlert::describe).toList());
                s.put("collateral_alerts", o.collateral().stream().map(BaselineAlert::describe).toList());
                scenarios.add(s);
            }
            run.put("scenarios", scenarios);
            run.put("false_alerts", matched.falseAlerts().stream().map(BaselineAlert::describe).toList());
            run.put("repeat_summaries", matched.summaries().size());
            campaign.add(run);
        }
        m.put("campaign", campaign);
        List<Object> clean = new ArrayList<>();
        for (int i = 0; i < r.clean().size(); i++) {
            AnalyzeRun c = r.clean().get(i);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("seed", r.cleanSeeds().get(i));
            run.put("capture", c.capture().toString());
            run.put("hours", c.span().hours());
            run.put("transactions", c.transactions());
            run.put("load_average", loadDuring(c.capture()));
            run.put("false_alerts", c.firstOccurrences().size());
            run.put("by_check", AnalyzeRun.byCheck(c.firstOccurrences()));
            run.put("alerts", c.firstOccurrences().stream().map(BaselineAlert::describe).toList());
            clean.add(run);
        }
        m.put("clean", clean);
        m.put("clean_hours", r.cleanHours());
        m.put("clean_false_alerts", r.cleanFalseAlerts());
        m.put("false_alerts_per_hour", r.cleanHours() > 0 ? r.cleanFalseAlerts() / r.cleanHours() : null);
        return m;
    }

    static String seeds(List<Long> seeds) {
        return String.join(",", seeds.stream().map(String::valueOf).toList());
    }
}
