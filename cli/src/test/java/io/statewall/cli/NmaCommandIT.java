package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statewall nma} as an operator runs it: the packaged jar in front of a real third-party
 * Modbus/TCP server (pymodbus, from Debian), a client on a raw socket. A write the policy blocks
 * is answered with exception 01 and never reaches the server; the policy file is then edited
 * and the same write, on the same connection, passes.
 */
class NmaCommandIT {
    private static final Path PLANT_SERVER = Path.of("..", "tools", "golden", "plant_server.py");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.destroy();
        }
    }

    private static final String BLOCKING = """
            statewall: 1
            name: v1
            assets:
              plc: { network: 127.0.0.1/32 }     # any port: the test server's is chosen at run time
            common:
              - id: no-speed-writes
                to: plc
                operation: write
                area: holding_registers
                address: 10
                action: block
                message: Speed reference writes are not allowed
                attack: [T0836]
            default_ruleset:
              default: allow
            """;

    private static final String ALLOWING = BLOCKING.replace("name: v1", "name: v2").replace("action: block", "action: alert");

    @Test
    void blocksAWriteThenLetsItThroughOnTheSameConnectionAfterThePolicyFileChanges() throws Exception {
        Assumptions.assumeTrue(pymodbusAvailable(), "python3-pymodbus absent: skipped (apt-get install python3-pymodbus)");
        int serverPort = freePort();
        Process server = start(List.of("/usr/bin/python3", PLANT_SERVER.toString(), String.valueOf(serverPort)));
        awaitListening(serverPort, server);

        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, BLOCKING);
        Path eve = dir.resolve("eve.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "nma",
                "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + serverPort, "--policy", policy.toString(),
                "--eve", eve.toString(), "--metrics", "127.0.0.1:0"));
        Process nma = start(command);
        LinkedBlockingQueue<String> errLines = lines(nma);
        Matcher listening = await(errLines, Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:" + serverPort));
        int nmaPort = Integer.parseInt(listening.group(1));
        int metricsPort = Integer.parseInt(await(errLines, Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics")).group(1));

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", nmaPort), 5_000);
            s.setSoTimeout(10_000);
            // MBAP: tid, protocol 0, length, unit 1; PDU FC 6 write register 10 = 1234 (0x04D2).
            assertThat(exchange(s, "0001 0000 0006 01 06 000A 04D2"))
                    .as("blocked: exception 01 (illegal function)").isEqualTo("0001 0000 0003 01 86 01");
            assertThat(exchange(s, "0002 0000 0006 01 03 000A 0001"))
                    .as("the server never saw the write").isEqualTo("0002 0000 0005 01 03 02 0000");

            Files.writeString(policy, ALLOWING);
            await(errLines, Pattern.compile("policy 'v2' reloaded"));

            assertThat(exchange(s, "0003 0000 0006 01 06 000A 04D2"))
                    .as("allowed now, same connection: the server's echo").isEqualTo("0003 0000 0006 01 06 000A 04D2");
            assertThat(exchange(s, "0004 0000 0006 01 03 000A 0001")).isEqualTo("0004 0000 0005 01 03 02 04D2");
        }
        Map<String, Double> samples = prometheus(metricsPort);
        assertThat(samples).containsEntry("statewall_inline_blocked_total{route=route-1}", 1.0)
                .containsEntry("statewall_inline_requests_total{route=route-1}", 4.0)
                .containsEntry("statewall_inline_responses_total{route=route-1}", 3.0)
                .containsEntry("statewall_policy_generation", 2.0)
                .containsEntry("statewall_state{state=unknown}", 1.0)
                .containsEntry("statewall_inline_decision_seconds_count{route=route-1}", 4.0);
        assertThat(samples.get("statewall_inline_added_seconds_bucket{le=+Inf,route=route-1}")).isEqualTo(3.0);
        HttpResponse<String> declare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/state/declare?state=maintenance"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declare.statusCode()).as("no plant model in this policy: nothing to declare").isEqualTo(400);
        assertThat(declare.body()).contains("no plant model");

        nma.destroy();
        assertThat(nma.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        String events = Files.readString(eve);
        assertThat(events).contains("\"action\":\"blocked\"").contains("\"rule\":\"no-speed-writes\"")
                .contains("\"attack\":[\"T0836\"]").contains("\"action\":\"allowed\"").contains("\"event_type\":\"stats\"");
    }

    /**
     * {@code --learn}: the NMA learns the client's polls live for the set time, writes the
     * baseline file, and from then on refuses (state {@code unknown} being a block state) a read
     * of registers the client never read, before it reaches the server.
     */
    @Test
    void learnsABaselineLiveWritesItThenBlocksWhatDepartsFromIt() throws Exception {
        Assumptions.assumeTrue(pymodbusAvailable(), "python3-pymodbus absent: skipped (apt-get install python3-pymodbus)");
        int serverPort = freePort();
        Process server = start(List.of("/usr/bin/python3", PLANT_SERVER.toString(), String.valueOf(serverPort)));
        awaitListening(serverPort, server);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, ALLOWING);
        Path learned = dir.resolve("learned.baseline.yaml");
        Process nma = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "nma",
                "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + serverPort, "--policy", policy.toString(),
                "--learn", "5s", "--baseline-out", learned.toString(), "--baseline-block", "unknown"));
        LinkedBlockingQueue<String> errLines = lines(nma);
        await(errLines, Pattern.compile("learning a baseline for 5s; then it is written to .*learned\\.baseline\\.yaml"));
        int nmaPort = Integer.parseInt(await(errLines, Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)")).group(1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", nmaPort), 5_000);
            s.setSoTimeout(10_000);
            for (int i = 1; i <= 5; i++) {
                assertThat(exchange(s, "000%d 0000 0006 01 03 000A 0001".formatted(i))).isEqualTo("000%d 0000 0005 01 03 02 0000".formatted(i));
            }
            Matcher done = await(errLines, Pattern.compile("baseline learned from (\\d+) transactions .* written to .*; detecting from now on"));
            assertThat(Integer.parseInt(done.group(1))).isEqualTo(5);
            assertThat(Files.readString(learned)).contains("unknown").contains("action: block");

            assertThat(exchange(s, "0006 0000 0006 01 03 000A 0001")).as("learned: passes").isEqualTo("0006 0000 0005 01 03 02 0000");
            assertThat(exchange(s, "0007 0000 0006 01 03 0064 0004")).as("never read: refused").isEqualTo("0007 0000 0003 01 83 01");
        }
        nma.destroy();
        assertThat(nma.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aBadPolicyIsOneLineAndExitTwo() throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "statewall: 1\ncommon: [ { id: x, action: maybe } ]\n");
        Process nma = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "nma",
                "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--policy", policy.toString()));
        nma.getOutputStream().close();
        String err = new String(nma.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nma.waitFor()).isEqualTo(2);
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err).startsWith("nma: ").contains("not a valid policy");
    }

    /** /metrics read by Prometheus' own parser (Debian's python3-prometheus-client): "name{l=v,...}" → value. */
    private static Map<String, Double> prometheus(int port) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import prometheus_client").start().waitFor() == 0,
                "python3-prometheus-client absent: the metrics part is skipped");
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Process parser = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for s in family.samples:
                        labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
                        print(s.name + ("{" + labels + "}" if labels else "") + " " + repr(float(s.value)))
                """).start();
        try (OutputStream in = parser.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String parsed = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(parser.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(parser.waitFor()).as("Prometheus' parser accepts /metrics: " + errors).isZero();
        Map<String, Double> out = new HashMap<>();
        parsed.lines().forEach(l -> out.put(l.substring(0, l.lastIndexOf(' ')), Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
        return out;
    }

    private static String exchange(Socket s, String hexAdu) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(HexFormat.of().parseHex(hexAdu.replace(" ", "")));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[6];
        in.readFully(header);
        int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        byte[] rest = new byte[length];
        in.readFully(rest);
        String h = HexFormat.of().withUpperCase().formatHex(header);
        String r = HexFormat.of().withUpperCase().formatHex(rest);
        // Same grouping as the requests above: tid, protocol, length, unit, function, data.
        return h.substring(0, 4) + " " + h.substring(4, 8) + " " + h.substring(8, 12) + " " + r.substring(0, 2) + " "
                + r.substring(2, 4) + (r.length() > 4 ? " " + group(r.substring(4)) : "");
    }

    private static String group(String data) {
        // byte-count responses (FC 3): "02 0000"; echoes (FC 6): "000A 04D2"; exceptions: "01"
        if (data.length() == 2) {
            return data;
        }
        if (data.length() % 4 == 2) {
            return data.substring(0, 2) + " " + String.join(" ", split4(data.substring(2)));
        }
        return String.join(" ", split4(data));
    }

    private static List<String> split4(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i += 4) {
            out.add(s.substring(i, Math.min(s.length(), i + 4)));
        }
        return out;
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static LinkedBlockingQueue<String> lines(Process p) {
        LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    q.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return q;
    }

    private static Matcher await(LinkedBlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no stderr line matching " + pattern + " within " + DEADLINE + "; saw " + seen);
    }

    private static void awaitListening(int port, Process server) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (!server.isAlive()) {
                throw new AssertionError("the pymodbus server exited: "
                        + new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("pymodbus not listening on " + port + " within " + DEADLINE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean pymodbusAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import pymodbus.server").start();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
