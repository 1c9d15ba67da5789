package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * POSTs events to a URL in batches (up to 500 a request), as EVE JSON lines
 * ({@code application/x-ndjson}, each with its NMA as {@code host}); any 2xx is delivered,
 * anything else or no answer within 10 s is retried with back-off. An {@code Authorization}
 * header can be configured for the receiver.
 */
public final class WebhookExporter extends Exporter {
    private final URI url;
    private final String authorization;
    private final HttpClient client;

    public WebhookExporter(String name, ExportFilter filter, URI url, String authorization, int capacity,
                           long initialBackoffMillis, long maxBackoffMillis, int maxAttempts) {
        super(name, filter, capacity, 500, initialBackoffMillis, maxBackoffMillis, maxAttempts);
        this.url = url;
        this.authorization = authorization;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected void send(List<CommittedEvent> batch) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder(batch.size() * 512);
        for (CommittedEvent e : batch) {
            body.append(withHost(e)).append('\n');
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered " + r.statusCode());
        }
    }

    @Override
    protected void release() {
        client.close();
    }
}
