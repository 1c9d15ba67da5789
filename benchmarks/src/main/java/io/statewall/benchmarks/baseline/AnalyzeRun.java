package io.statewall.benchmarks.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One capture checked against a learned baseline ({@code statewall analyze --baseline}): its
 * baseline alerts, how many transactions were checked, and over how long.
 *
 * @param transactions Modbus transactions in the capture, from analyze's summary
 */
record AnalyzeRun(Path capture, CaptureSpan span, long transactions, List<BaselineAlert> alerts) {
    private static final Pattern TRANSACTIONS = Pattern.compile("transactions\\s+([\\d,]+) Modbus");
    private static final Pattern LEARNED = Pattern.compile("from ([\\d,]+) transactions");

    /** Runs analyze on {@code capture} (with {@code policy} when not null) and reads its alerts. */
    static AnalyzeRun of(StatewallCli cli, Path capture, Path policy, Path baseline, Path workDir)
            throws IOException, InterruptedException {
        String name = stem(capture);
        Path eve = workDir.resolve(name + ".eve.json");
        Path log = workDir.resolve(name + ".analyze.log");
        List<String> args = new ArrayList<>(List.of("analyze"));
        if (policy != null) {
            args.addAll(List.of("--policy", policy.toString()));
        }
        args.addAll(List.of("--baseline", baseline.toString(), "--eve", eve.toString(), "--eve-types", "alert",
                capture.toString()));
        cli.run(log, args.toArray(String[]::new));
        return new AnalyzeRun(capture, CaptureSpan.of(capture), transactions(log), BaselineAlert.read(eve));
    }

    /** The first occurrences: the alerts an operator would see. */
    List<BaselineAlert> firstOccurrences() {
        return alerts.stream().filter(a -> !a.summary()).toList();
    }

    /** First occurrences by check, sorted by name. */
    static Map<String, Integer> byCheck(List<BaselineAlert> alerts) {
        Map<String, Integer> out = new TreeMap<>();
        for (BaselineAlert a : alerts) {
            out.merge(a.check(), 1, Integer::sum);
        }
        return out;
    }

    /** From learn's summary line: {@code … learned from 12,345 transactions in 3 captures}; -1 if absent. */
    static long learnedTransactions(Path learnLog) throws IOException {
        Matcher m = LEARNED.matcher(Files.readString(learnLog));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    /** From analyze's summary line: {@code transactions 4,252 Modbus (…)}; -1 if absent. */
    static long transactions(Path analyzeLog) throws IOException {
        Matcher m = TRANSACTIONS.matcher(Files.readString(analyzeLog));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
