package io.statewall.benchmarks.baseline;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.LinkType;
import io.statewall.capture.Packet;
import io.statewall.capture.write.PcapWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The false-alert rate on traffic the simulator did not make: each normal Modbus capture of the
 * third-party corpus ({@code ../shared/corpus}) cut in two halves by time, a baseline learned on
 * the first (without a policy: one state) and the second checked against it.
 *
 * <p>"Normal" is read off the corpus's {@code INDEX.tsv}: captures whose only ICS protocol is
 * Modbus, with at least {@value #MIN_MODBUS_FRAMES} Modbus frames (the rest are parser test
 * vectors of a few packets), no {@code fuzz} in their name and none of {@link #NOT_NORMAL}, each
 * content once (the corpus holds some traces twice).
 */
final class CorpusEval {
    static final int MIN_MODBUS_FRAMES = 200;
    /** Captures the index's rule would take that are not normal operation, and why. */
    static final Map<String, String> NOT_NORMAL = Map.of(
            "iti-ics-security-tools/pcaps/ModbusTCP/modbus_test_data_part2.pcap",
            "one client sweeping function codes 0 to 99, one request each: a scan, not operation");

    /** One capture's halves and what checking the second gave. */
    record Split(String capture, long packets, CaptureSpan first, CaptureSpan second, long learnedTransactions,
                 AnalyzeRun checked) {
        long falseAlerts() {
            return checked.firstOccurrences().size();
        }
    }

    private final StatewallCli cli;
    private final Path dir;
    private final PrintStream log;

    CorpusEval(StatewallCli cli, Path dir, PrintStream log) {
        this.cli = cli;
        this.dir = dir;
        this.log = log;
    }

    /** The normal Modbus captures listed in {@code corpus/INDEX.tsv}, relative to {@code corpus}. */
    static List<String> normalModbusCaptures(Path corpus) throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> contents = new HashSet<>();
        for (String line : Files.readAllLines(corpus.resolve("INDEX.tsv"))) {
            String[] f = line.split("\t");
            if (f.length < 4 || !f[2].equals("modbus") || !f[3].matches("\\d+")) {
                continue;
            }
            if (Integer.parseInt(f[3]) < MIN_MODBUS_FRAMES || f[0].toLowerCase(Locale.ROOT).contains("fuzz")
                    || NOT_NORMAL.containsKey(f[0])) {
                continue;
            }
            if (contents.add(sha256(corpus.resolve(f[0])))) {
                out.add(f[0]);
            }
        }
        out.sort(null);
        return out;
    }

    List<Split> run(Path corpus) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Split> out = new ArrayList<>();
        for (String relative : normalModbusCaptures(corpus)) {
            Path capture = corpus.resolve(relative);
            String name = relative.replaceAll("[^A-Za-z0-9._-]+", "_");
            Path first = dir.resolve(name + ".first-half.pcap");
            Path second = dir.resolve(name + ".second-half.pcap");
            long packets = splitByTime(capture, first, second);
            Path baseline = dir.resolve(name + ".baseline.yaml");
            Path learnLog = dir.resolve(name + ".learn.log");
            log.println("baseline-eval: corpus " + relative);
            cli.run(learnLog, "learn", "--out", baseline.toString(), first.toString());
            AnalyzeRun checked = AnalyzeRun.of(cli, second, null, baseline, dir);
            out.add(new Split(relative, packets, CaptureSpan.of(first), checked.span(), AnalyzeRun.learnedTransactions(learnLog),
                    checked));
        }
        return out;
    }

    /**
     * Writes the packets before the middle of the capture's time span to {@code first}, the rest
     * to {@code second} (as pcap, Ethernet frames), and returns how many packets there were.
     */
    static long splitByTime(Path capture, Path first, Path second) throws IOException {
        CaptureSpan span = CaptureSpan.of(capture);
        long middle = span.firstNanos() + (span.lastNanos() - span.firstNanos()) / 2;
        long n = 0;
        try (CaptureReader reader = CaptureFiles.open(capture);
             PcapWriter a = PcapWriter.create(first);
             PcapWriter b = PcapWriter.create(second)) {
            Packet p = new Packet();
            while (reader.next(p)) {
                if (p.linkType() != LinkType.ETHERNET) {
                    throw new IOException(capture + ": packet " + p.frameNumber() + " is not an Ethernet frame"
                            + " (link type " + p.linkType() + "): the halves are written as Ethernet pcap");
                }
                (p.timestampNanos() < middle ? a : b).write(p.timestampNanos(), p.data(), p.frameOffset(),
                        p.capturedLength());
                n++;
            }
        } catch (io.statewall.capture.CaptureFormatException e) {
            throw new IOException(capture + ": " + e.getMessage(), e);
        }
        return n;
    }


    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int k; (k = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, k);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void print(List<Split> splits, PrintStream out) {
        out.printf(Locale.ROOT, "%nThird-party corpus (normal Modbus captures): learned on the first half by time,"
                + " checked on the second%n");
        out.printf(Locale.ROOT, "  %-82s %8s %8s %9s %6s  %s%n", "capture", "learned", "checked", "hours", "alerts", "by check");
        long alerts = 0;
        double hours = 0;
        for (Split s : splits) {
            out.printf(Locale.ROOT, "  %-82s %8d %8d %9.4f %6d  %s%n", s.capture(), s.learnedTransactions(),
                    s.checked().transactions(), s.second().hours(), s.falseAlerts(),
                    AnalyzeRun.byCheck(s.checked().firstOccurrences()));
            alerts += s.falseAlerts();
            hours += s.second().hours();
        }
        out.printf(Locale.ROOT, "  all: %d alerts on %.3f h of checked traffic (transactions learned/checked per capture above)%n",
                alerts, hours);
        NOT_NORMAL.forEach((capture, why) -> out.println("  left out: " + capture + ": " + why));
    }

    static List<Object> json(List<Split> splits) {
        List<Object> out = new ArrayList<>();
        for (Split s : splits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("capture", s.capture());
            m.put("packets", s.packets());
            m.put("first_half_hours", s.first().hours());
            m.put("second_half_hours", s.second().hours());
            m.put("learned_transactions", s.learnedTransactions());
            m.put("checked_transactions", s.checked().transactions());
            m.put("alerts", s.falseAlerts());
            m.put("alerts_per_hour", s.second().hours() > 0 ? s.falseAlerts() / s.second().hours() : null);
            m.put("by_check", AnalyzeRun.byCheck(s.checked().firstOccurrences()));
            m.put("alert_lines", s.checked().firstOccurrences().stream().map(BaselineAlert::describe).toList());
            out.add(m);
        }
        return out;
    }
}
