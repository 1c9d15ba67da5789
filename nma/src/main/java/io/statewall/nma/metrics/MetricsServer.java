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
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The NMA's HTTP endpoint:
 * <pre>
 *   GET  /metrics                      200, Prometheus text ({@link PrometheusText#CONTENT_TYPE})
 *   GET  /healthz                      200 "ok"
 *   POST /state/declare?state=S&amp;by=W  the operator declares operating state S (only with a {@link StateControl})
 *   POST /state/release                the operator's declaration withdrawn (idem)
 *   another method on those paths      405, with Allow
 *   any other path                     404
 * </pre>
 * One daemon thread serves everything, one request at a time; a failing metrics supplier or
 * control answers 500 and the next request is served as usual. Nothing is authenticated: bind it
 * to loopback or a management network. A client that sends half a request and stalls holds the
 * thread until it disconnects or the server is closed (the JDK server has no per-server request
 * timeout), another reason not to expose it.
 */
public final class MetricsServer implements AutoCloseable {
    /** The operator's state controls; the proxy implements them. */
    public interface StateControl {
        /**
         * @return a one-line result for the operator
         * @throws IllegalArgumentException for a request the operator must correct (answered 400)
         */
        String declare(String state, String by) throws Exception;

        String release() throws Exception;
    }

    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final Supplier<? extends CharSequence> metrics;
    private final StateControl control;
    private boolean started;
    private boolean closed;

    /** Binds (port 0: an ephemeral one, see {@link #address()}); serves once {@link #start()}ed. */
    public MetricsServer(InetSocketAddress address, Supplier<? extends CharSequence> metrics) throws IOException {
        this(address, metrics, null);
    }

    /** As {@link #MetricsServer(InetSocketAddress, Supplier)}, with the state controls when {@code control} is not null. */
    public MetricsServer(InetSocketAddress address, Supplier<? extends CharSequence> metrics, StateControl control)
            throws IOException {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.control = control;
        server = HttpServer.create(Objects.requireNonNull(address, "address"), BACKLOG);
        // No executor: the server's dispatcher thread runs each exchange itself, the one thread.
        server.createContext("/", this::exchange);
    }

    /** Starts serving; the thread is a daemon, so a forgotten server never holds the JVM open. */
    public synchronized void start() {
        if (closed || started) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        // The dispatcher thread inherits daemon status from the thread that starts the server.
        FutureTask<Void> start = new FutureTask<>(server::start, null);
        Thread.ofPlatform().daemon(true).name("statewall-metrics-start").start(start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    start.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("metrics server did not start", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The bound address (with the port chosen when asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving and closes every connection; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }

    private void exchange(HttpExchange x) {
        try (x) {
            try {
                route(x);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) {
                // A failing supplier or control: answer 500 if nothing was sent yet, keep serving.
                if (x.getResponseCode() == -1) {
                    send(x, 500, "internal error: " + e.getClass().getSimpleName() + "\n");
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away mid-answer: nothing to tell it.
        }
    }

    private void route(HttpExchange x) throws Exception {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        switch (path == null ? "" : path) {
            case "/metrics" -> {
                if (allowed(x, method, "GET")) {
                    CharSequence text = Objects.requireNonNull(metrics.get(), "metrics text");
                    x.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                    send(x, 200, text);
                }
            }
            case "/healthz" -> {
                if (allowed(x, method, "GET")) {
                    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    send(x, 200, "ok\n");
                }
            }
            case "/state/declare", "/state/release" -> {
                if (control == null) {
                    send(x, 404, "not found\n");
                } else if (allowed(x, method, "POST")) {
                    stateControl(x, path);
                }
            }
            default -> send(x, 404, "not found\n");
        }
    }

    private boolean allowed(HttpExchange x, String method, String only) throws IOException {
        if (method.equals(only)) {
            return true;
        }
        x.getResponseHeaders().set("Allow", only);
        send(x, 405, only + " only\n");
        return false;
    }

    private void stateControl(HttpExchange x, String path) throws Exception {
        String result;
        try {
            Map<String, String> query = query(x.getRequestURI().getRawQuery());
            result = path.equals("/state/declare")
                    ? control.declare(query.get("state"), query.getOrDefault("by", "operator"))
                    : control.release();
        } catch (IllegalArgumentException e) {
            send(x, 400, e.getMessage() + "\n");
            return;
        }
        send(x, 200, result + "\n");
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

    private static void send(HttpExchange x, int status, CharSequence body) throws IOException {
        if (x.getRequestMethod().equals("HEAD")) {
            // A HEAD answer has no body; a length here would make the server warn and drop it.
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }
}
