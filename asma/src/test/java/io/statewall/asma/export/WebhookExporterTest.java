package io.statewall.asma.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.statewall.asma.Await;
import io.statewall.asma.EveLines;
import io.statewall.asma.store.CommittedEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts POSTed to a webhook (the JDK's HTTP server as the receiver): batched, retried, never blocking. */
class WebhookExporterTest {
    HttpServer server;
    final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    final BlockingQueue<String> auth = new LinkedBlockingQueue<>();
    final AtomicInteger failFirst = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hook", x -> {
            try (x) {
                attempts.incrementAndGet();
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hold.await(30, TimeUnit.SECONDS);
                if (failFirst.getAndDecrement() > 0) {
                    x.sendResponseHeaders(503, -1);
                    return;
                }
                auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                bodies.add(x.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
                x.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void alertsArriveAsEveLinesWithTheirNmaAfterTheReceiverRecovers() throws Exception {
        failFirst.set(2);
        try (WebhookExporter x = new WebhookExporter("soar", ExportFilter.ALERTS, url(), "Bearer s3cret", 100, 10, 50, 10)) {
            x.start();
            x.offer(SyslogExporterTest.event(1, "boiler-nma", EveLines.MODBUS));
            x.offer(SyslogExporterTest.event(2, "boiler-nma", EveLines.ALERT));
            String got = bodies.poll(30, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            List<String> lines = got.lines().toList();
            assertThat(lines.getFirst()).isEqualTo("application/x-ndjson");
            assertThat(lines.subList(1, lines.size())).containsExactly("{\"host\":\"boiler-nma\"," + EveLines.ALERT.substring(1));
            assertThat(auth.poll()).isEqualTo("Bearer s3cret");
            assertThat(attempts.get()).as("two refusals, then delivered").isEqualTo(3);
            Await.until(() -> x.sent() == 1, "the delivery counted");
            assertThat(x.failures()).isEqualTo(2);
            assertThat(x.dropped()).isZero();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        hold = new CountDownLatch(1);
        try (WebhookExporter x = new WebhookExporter("soar", ExportFilter.ALERTS, url(), null, 5, 10, 50, 10)) {
            x.start();
            CommittedEvent alert = SyslogExporterTest.event(1, "a", EveLines.ALERT);
            x.offer(alert);
            // The first batch is taken and its POST waits in the receiver; then the queue fills.
            Await.until(() -> attempts.get() == 1, "the first POST");
            for (int i = 0; i < 20; i++) {
                x.offer(alert);
            }
            assertThat(x.depth()).isEqualTo(5);
            assertThat(x.dropped()).isEqualTo(15);
            hold.countDown();
            // 1 + 5 delivered in the end.
            Await.until(() -> x.sent() == 6, "the held batch and the queued five delivered");
            assertThat(x.dropped()).isEqualTo(15);
        }
    }

    @Test
    void aBatchIsGivenUpAfterItsAttemptsAndCounted() throws Exception {
        failFirst.set(1_000);
        try (WebhookExporter x = new WebhookExporter("soar", ExportFilter.ALERTS, url(), null, 100, 1, 2, 3)) {
            x.start();
            x.offer(SyslogExporterTest.event(1, "a", EveLines.ALERT));
            Await.until(() -> x.dropped() == 1, "the batch given up");
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(x.lastError()).contains("503");
        }
    }
}
