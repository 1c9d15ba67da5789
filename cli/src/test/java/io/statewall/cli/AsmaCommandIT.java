package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statewall asma} as a user runs it (the packaged jar): the first start prints the admin
 * token once, the API answers over HTTPS with the certificate made in the data directory, SIGTERM
 * stops it cleanly, and the next start keeps the token without printing a new one.
 */
class AsmaCommandIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern API = Pattern.compile("statewall asma: API on https://127\\.0\\.0\\.1:(\\d+)/api/v1 .*");

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    /**
     * Starts the jar; its standard error goes to {@code errFile} and its output to {@code errFile}.out
     * (a pipe's bytes are lost to a reader once the process has ended).
     */
    private Process start(Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "asma"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(errFile.toFile())
                .redirectOutput(errFile.resolveSibling(errFile.getFileName() + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void firstStartPrintsTheAdminTokenOnceAndTheStoreOutlivesARestart() throws Exception {
        Path config = Files.writeString(dir.resolve("asma.yaml"), """
                statewall-asma: 1
                data_dir: data
                api: { listen: 127.0.0.1:0 }
                link: { listen: 127.0.0.1:0 }
                """);
        Path err = dir.resolve("first.err");
        Process first = start(err, "--config", config.toString());
        int port = Integer.parseInt(await(err, API).group(1));
        String token = await(dir.resolve("first.err.out"), Pattern.compile("swt_.*")).group();
        assertThat(token).startsWith("swt_");
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(dir.resolve("data/api-cert.pem"))).build();
        assertThat(call(http, port, "/api/v1/whoami", token)).contains("\"name\":\"token:admin\"").contains("\"role\":\"admin\"");
        assertThat(call(http, port, "/api/v1/health", null)).contains("\"status\":\"ok\"");
        await(err, Pattern.compile("statewall asma: console on https://127\\.0\\.0\\.1:" + port + "/ .*"));
        assertThat(call(http, port, "/", null)).as("the console's page").contains("<script type=\"module\"");
        first.destroy();
        assertThat(first.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        await(err, Pattern.compile("statewall asma: stopped"));

        Path err2 = dir.resolve("second.err");
        Process second = start(err2, "--config", config.toString());
        int port2 = Integer.parseInt(await(err2, API).group(1));
        assertThat(call(http, port2, "/api/v1/audit/verify", token)).contains("\"ok\":true");
        second.destroy();
        assertThat(second.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("second.err.out"))).as("no second token").isEmpty();
    }

    @Test
    void aBadConfigurationIsOneLineAndExitTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "statewall-asma: 1\nexports: [ { type: kafka } ]\n");
        Path errFile = dir.resolve("bad.err");
        Process p = start(errFile, "--config", bad.toString());
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String err = Files.readString(errFile);
        assertThat(err).isEqualTo("asma: " + bad + ": 1 problem: exports[0].type: 'syslog', 'eve_file' or 'webhook'"
                + " expected, found 'kafka'\n");
    }

    private static String call(HttpClient http, int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("asma", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Waits for a line of {@code file} matching {@code pattern}. */
    private static Matcher await(Path file, Pattern pattern) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < end) {
            seen = Files.exists(file) ? Files.readAllLines(file) : List.of();
            for (String line : seen) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no line like " + pattern + " in " + seen);
    }
}
