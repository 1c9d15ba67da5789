package io.statewall.asma.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import io.statewall.asma.console.ConsoleFiles;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The REST API over HTTPS (or plain HTTP when configured so, e.g. behind a reverse proxy), on
 * Jetty's core API: a bounded thread pool, an idle timeout for connections that stall, header
 * and body size limits. Each request is turned into an {@link ApiRequest}, dispatched by the
 * {@link Router}, and counted by status for /metrics. The console's static files ({@code /},
 * {@code /console/…}) are answered before the router by {@link ConsoleFiles}; they are not API
 * endpoints. A streamed answer ({@link ApiResponse#stream()}) keeps the response open and hands it
 * to its stream, which writes to it from its own thread.
 */
public final class ApiServer implements AutoCloseable {
    /** Largest request body (a baseline can be large; policies are at most 4 MiB). */
    public static final int MAX_BODY = 16 << 20;

    private final Server server;
    private final ServerConnector connector;

    /** The route template the console's files are counted under in /metrics. */
    public static final String CONSOLE = "console";

    /**
     * @param tls       null for plain HTTP
     * @param console   the console's files, or null to serve none
     * @param requests  told the route template (null when none matched) and status of each request
     */
    public ApiServer(InetSocketAddress address, SSLContext tls, Router router, ConsoleFiles console,
                     BiConsumer<String, Integer> requests) {
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("statewall-asma-api");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16 << 10);
        if (tls != null) {
            // Jetty refuses (400 "Invalid SNI") a request whose Host its certificate does not
            // name. An ASMA is reached by whatever address the plant's network gives it, often
            // one its self-signed certificate cannot know: whether to trust the certificate is
            // the client's decision (a browser warns, a pinned client checks the fingerprint).
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
        }
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        if (tls != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
        } else {
            connector = new ServerConnector(server, h1);
        }
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Adapter(router, console, requests));
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound address (the port chosen when asked for port 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    /** Jetty request in, {@link ApiRequest} through the router, Jetty response out. */
    private static final class Adapter extends Handler.Abstract {
        private final Router router;
        private final ConsoleFiles console;
        private final BiConsumer<String, Integer> requests;

        Adapter(Router router, ConsoleFiles console, BiConsumer<String, Integer> requests) {
            this.router = router;
            this.console = console;
            this.requests = requests;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String decoded = request.getHttpURI().getDecodedPath();
            if (console != null && decoded != null && console.handles(decoded)) {
                ConsoleFiles.Answer a = console.answer(request.getMethod(), decoded,
                        request.getHeaders().get(HttpHeader.IF_NONE_MATCH));
                requests.accept(CONSOLE, a.status());
                response.setStatus(a.status());
                a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                response.write(true, ByteBuffer.wrap(a.body()), callback);
                return true;
            }
            Router.Dispatched d;
            try {
                byte[] body = body(request);
                Fields fields = Request.extractQueryParameters(request);
                Map<String, List<String>> query = new LinkedHashMap<>();
                for (String name : fields.getNames()) {
                    query.put(name, fields.getValues(name));
                }
                String path = request.getHttpURI().getDecodedPath();
                ApiRequest r = new ApiRequest(request.getMethod(), path == null ? "/" : path, query,
                        name -> request.getHeaders().get(name), body, Request.getRemoteAddr(request));
                d = router.dispatch(r);
            } catch (TooLarge e) {
                d = new Router.Dispatched(null, ApiResponse.error(413, "the body is larger than " + (MAX_BODY >> 20) + " MiB"));
            } catch (IOException | RuntimeException e) {
                d = new Router.Dispatched(null, ApiResponse.error(400, "cannot read the request: " + e.getMessage()));
            }
            ApiResponse res = d.response();
            requests.accept(d.template(), res.status());
            response.setStatus(res.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, res.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            if (res.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"statewall\"");
            }
            if (res.stream() != null) {
                // Proxies (nginx) must pass each event on at once rather than buffer the answer.
                response.getHeaders().put("X-Accel-Buffering", "no");
                res.stream().open(new JettyOutlet(request, response, callback));
                return true;
            }
            response.write(true, ByteBuffer.wrap(res.body()), callback);
            return true;
        }

        /** A response kept open: blocking writes from the stream's thread, ended once. */
        private static final class JettyOutlet implements ApiResponse.Outlet {
            private final Request request;
            private final Response response;
            private final Callback callback;
            private final AtomicBoolean ended = new AtomicBoolean();
            private volatile Throwable failed;

            JettyOutlet(Request request, Response response, Callback callback) {
                this.request = request;
                this.response = response;
                this.callback = callback;
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                if (ended.get()) {
                    throw new IOException("the stream has ended");
                }
                try (Blocker.Callback done = Blocker.callback()) {
                    response.write(false, ByteBuffer.wrap(bytes), done);
                    done.block();
                } catch (IOException | RuntimeException e) {
                    failed = e;
                    throw e instanceof IOException io ? io : new IOException(e);
                }
            }

            @Override
            public void end() {
                if (!ended.compareAndSet(false, true)) {
                    return;
                }
                if (failed != null) {
                    callback.failed(failed);
                } else {
                    response.write(true, ByteBuffer.allocate(0), callback);
                }
            }

            @Override
            public void onGone(Runnable gone) {
                request.addFailureListener(t -> gone.run());
            }
        }

        private static final class TooLarge extends IOException {
            TooLarge() {
                super("too large", null);
            }
        }

        private static byte[] body(Request request) throws IOException {
            long declared = request.getLength();
            if (declared > MAX_BODY) {
                throw new TooLarge();
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] b = in.readNBytes(MAX_BODY + 1);
                if (b.length > MAX_BODY) {
                    throw new TooLarge();
                }
                return b;
            }
        }
    }
}
