package io.statewall.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code statewall demo --hold}, from the packaged jar: after the run's summary the console stays
 * up (its page and the run's alerts still answer) until the process is told to stop, and then it
 * stops.
 */
class DemoHoldIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern KEPT = Pattern.compile("Console kept up at (https://[0-9.]+:\\d+/)#token=(\\S+) until Ctrl-C\\.");

    private Process demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.destroyForcibly();
        }
    }

    @Test
    void theConsoleOutlivesTheRunUntilTheDemoIsStopped() throws Exception {
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("statewall.jar"), "demo",
                "--duration", "15s", "--hold", "--plain").redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (java.io.IOException e) {
                // the process has gone
            }
        });
        List<String> seen = new ArrayList<>();
        Matcher kept = null;
        boolean summary = false;
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (kept == null && System.nanoTime() < end) {
            String l = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (l == null) {
                break;
            }
            seen.add(l);
            summary |= l.startsWith("Summary:");
            Matcher m = KEPT.matcher(l.strip());
            if (m.matches()) {
                kept = m;
            }
        }
        assertThat(kept).as("the kept-up line in %s", seen).isNotNull();
        assertThat(summary).as("the run summed up before").isTrue();
        assertThat(demo.isAlive()).isTrue();

        HttpClient http = HttpClient.newBuilder().sslContext(trustingAnything()).build();
        String base = kept.group(1);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("console/app.js");
        HttpResponse<String> states = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/plant/states"))
                .header("Authorization", "Bearer " + kept.group(2)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(states.statusCode()).isEqualTo(200);
        assertThat(states.body()).as("the run's plant states are still there").contains("\"to\":\"stopped\"");

        demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the ASMA
        assertThat(demo.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("stops when told").isTrue();
    }

    /** The demo's certificate is made for this one run: this test checks what is served, not who serves it. */
    private static SSLContext trustingAnything() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
