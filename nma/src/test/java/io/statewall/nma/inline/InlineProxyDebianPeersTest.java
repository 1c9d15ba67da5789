package io.statewall.nma.inline;

import static io.statewall.nma.inline.InlinePolicies.MODE;
import static io.statewall.nma.inline.InlinePolicies.SETPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inline proxy between two programs from Debian, neither written in Java: {@code mbpoll}
 * (libmodbus) as the client and a pymodbus 3.0 server as the controller. Skipped, with the
 * reason, when either is not installed.
 */
class InlineProxyDebianPeersTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Holding registers 0..7 of the pymodbus server; register 0 is the mode, 0: locked. */
    private static final int[] VALUES = {0, 101, 202, 303, 404, 505, 606, 707};
    /** mbpoll's line for one register read: {@code [address]: <tab> value}. */
    private static final Pattern REGISTER_LINE = Pattern.compile("^\\[(\\d+)\\]:\\s+(-?\\d+)\\s*$", Pattern.MULTILINE);

    /**
     * pymodbus 3.0's synchronous TCP server over one unit whose holding registers start at
     * address 0 ({@code zero_mode}: PDU addresses, no +1 shift).
     */
    private static final String SERVER_SCRIPT = """
            import sys
            from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
            from pymodbus.server import StartTcpServer

            port = int(sys.argv[1])
            values = [int(v) for v in sys.argv[2].split(",")]
            unit = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, values), zero_mode=True)
            StartTcpServer(context=ModbusServerContext(slaves=unit, single=True), address=("127.0.0.1", port))
            """;

    @TempDir
    Path dir;

    private Process server;
    private InlineProxy proxy;
    private int serverPort;
    private int proxyPort;
    private int runs;

    @BeforeEach
    void startServerAndProxy() throws Exception {
        Assumptions.assumeTrue(onPath("mbpoll") != null, "mbpoll absent (apt-get install mbpoll): skipped");
        Assumptions.assumeTrue(pymodbusImports(), "python3-pymodbus absent under " + PYTHON + ": skipped");

        serverPort = Loopback.freePort();
        Path script = dir.resolve("server.py");
        Files.writeString(script, SERVER_SCRIPT);
        List<String> values = new ArrayList<>();
        for (int v : VALUES) {
            values.add(Integer.toString(v));
        }
        server = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(serverPort), String.join(",", values))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Loopback.awaitListening("pymodbus server", serverPort);

        proxy = new InlineProxy(List.of(new InlineRoute("pymodbus", Loopback.at(0), Loopback.at(serverPort))),
                InlinePolicies.setpointLockedByMode(serverPort), InlineOptions.DEFAULT, null);
        proxy.start();
        proxyPort = proxy.listenAddresses().getFirst().getPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(Loopback.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void mbpollReadsThePymodbusValuesThroughTheProxyAndIsRefusedTheLockedSetpoint() throws Exception {
        Map<Integer, Integer> expected = new TreeMap<>();
        for (int a = 0; a < VALUES.length; a++) {
            expected.put(a, VALUES[a]);
        }
        assertThat(read(proxyPort, 0, VALUES.length)).as("all eight registers through the proxy").isEqualTo(expected);
        assertThat(read(proxyPort, 2, 3)).isEqualTo(Map.of(2, VALUES[2], 3, VALUES[3], 4, VALUES[4]));

        assertThat(write(proxyPort, SETPOINT, 4242)).containsIgnoringCase("Illegal function").doesNotContain("Written");
        assertThat(read(serverPort, SETPOINT, 1)).as("read on the server's own port: the setpoint is unchanged")
                .isEqualTo(Map.of(SETPOINT, VALUES[SETPOINT]));

        // The block is for the setpoint alone.
        assertThat(write(proxyPort, SETPOINT + 1, 4242)).contains("Written 1 references");
        assertThat(read(serverPort, SETPOINT + 1, 1)).isEqualTo(Map.of(SETPOINT + 1, 4242));

        RouteStats s = proxy.stats().getFirst();
        assertThat(s.blocked()).isEqualTo(1);
        assertThat(s.allowed()).isEqualTo(3);
    }

    @Test
    void onceMbpollHasReadTheModeOpenTheSetpointWriteReachesPymodbus() throws Exception {
        assertThat(write(proxyPort, SETPOINT, 4242)).containsIgnoringCase("Illegal function");
        // Opened at the controller, past the proxy; the proxy learns it when a client reads it.
        assertThat(write(serverPort, MODE, 1)).contains("Written 1 references");
        assertThat(read(proxyPort, MODE, 1)).isEqualTo(Map.of(MODE, 1));

        assertThat(write(proxyPort, SETPOINT, 4242)).contains("Written 1 references");
        assertThat(read(serverPort, SETPOINT, 1)).isEqualTo(Map.of(SETPOINT, 4242));
    }

    /** mbpoll reads {@code count} holding registers from {@code address}: register → value. */
    private Map<Integer, Integer> read(int port, int address, int count) throws IOException, InterruptedException {
        return registers(mbpoll(port, List.of("-r", Integer.toString(address), "-c", Integer.toString(count))));
    }

    /** mbpoll writes one holding register (FC 6); returns what it printed. */
    private String write(int port, int address, int value) throws IOException, InterruptedException {
        return mbpoll(port, List.of("-r", Integer.toString(address)), Integer.toString(value));
    }

    /**
     * One mbpoll run against 127.0.0.1:{@code port}: Modbus/TCP, unit 1, holding registers, PDU
     * (0-based) addresses, one poll, 2 s time-out; values after the host make it a write.
     * Returns what it printed.
     */
    private String mbpoll(int port, List<String> options, String... values) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mbpoll", "-m", "tcp", "-a", "1", "-t", "4", "-0", "-1",
                "-o", "2", "-p", Integer.toString(port)));
        command.addAll(options);
        command.add("127.0.0.1");
        command.addAll(List.of(values));
        Path out = dir.resolve("mbpoll-" + runs++ + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(Loopback.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mbpoll did not finish: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Map<Integer, Integer> registers(String mbpollOutput) {
        Map<Integer, Integer> out = new TreeMap<>();
        Matcher m = REGISTER_LINE.matcher(mbpollOutput);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    private static Path onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean pymodbusImports() throws InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pymodbus.server, pymodbus.datastore")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(Loopback.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
