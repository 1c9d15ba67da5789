package io.statewall.nma.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The NMA's HTTP port: {@code GET /metrics} (Prometheus text), {@code GET /healthz}, and the
 * operator's state controls {@code POST /state/declare?state=S&by=WHO} and {@code POST
 * /state/release}. One daemon thread; it binds where it is told (keep it on a management
 * network or loopback: the controls are not authenticated).
 */
public final class MetricsServer implements AutoCloseable {
    /** What the state controls do; the proxy implements it. */
    public interface StateControl {
        /** @return a one-line result for the operator; throws IllegalArgumentException for a bad request */
        String declare(String state, String by) throws Exception;

        String release() throws Exception;
    }

    private final HttpServer server;
    private boolean closed;

    public MetricsServer(InetSocketAddress address, Supplier<String> metrics, StateControl control) throws IOException {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("statewall-metrics")
                .daemon(true).unstarted(r)));
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, metrics, control);
            } catch (RuntimeException | IOException e) {
                // one bad request must not stop the endpoint
            }
        });
    }

    private static void handle(HttpExchange x, Supplier<String> metrics, StateControl control) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        switch (path) {
            case "/metrics" -> {
                if (!method.equals("GET")) {
                    send(x, 405, "GET only\n");
                    return;
                }
                x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                send(x, 200, metrics.get());
            }
            case "/healthz" -> send(x, method.equals("GET") ? 200 : 405, method.equals("GET") ? "ok\n" : "GET only\n");
            case "/state/declare", "/state/release" -> {
                if (!method.equals("POST")) {
                    send(x, 405, "POST only\n");
                    return;
                }
                Map<String, String> q = query(x.getRequestURI().getRawQuery());
                try {
                    String result = path.endsWith("declare")
                            ? control.declare(q.get("state"), q.getOrDefault("by", "operator"))
                            : control.release();
                    send(x, 200, result + "\n");
                } catch (IllegalArgumentException e) {
                    send(x, 400, e.getMessage() + "\n");
                } catch (Exception e) {
                    send(x, 500, e.getMessage() + "\n");
                }
            }
            default -> send(x, 404, "not found: /metrics, /healthz, POST /state/declare?state=S, POST /state/release\n");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }

    public void start() {
        server.start();
    }

    /** The bound address (the port chosen when asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }
}
