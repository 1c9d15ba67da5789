package io.statewall.asma;

import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Role;
import io.statewall.asma.auth.UserRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A running ASMA for tests: a fresh data directory, the API on a free loopback port over TLS with
 * its own self-signed certificate (the client trusts exactly that certificate), no link (an
 * {@link NmaControl} that records orders stands in for the NMAs), and one configured user per
 * role whose password is "ROLE password 1" (hashed with few iterations, to keep logins fast).
 */
public final class TestAsma implements AutoCloseable {
    /** Stands in for connected NMAs: records every order and answers it as carried out. */
    public static final class RecordingControl implements NmaControl {
        public final Set<String> connected = ConcurrentHashMap.newKeySet();
        public final List<String> orders = new CopyOnWriteArrayList<>();

        @Override
        public Set<String> connected() {
            return Set.copyOf(connected);
        }

        @Override
        public CompletableFuture<Result> send(String nma, Order order) {
            orders.add(nma + " " + order);
            return CompletableFuture.completedFuture(new Result(true, "done: " + order.getClass().getSimpleName()));
        }
    }

    public final Asma asma;
    public final RecordingControl control = new RecordingControl();
    public final Path dataDir;
    public final HttpClient http;
    public final String base;
    public final String adminToken;
    public final ByteArrayOutputStream log = new ByteArrayOutputStream();

    public TestAsma(Path dataDir) throws Exception {
        this(dataDir, AsmaConfig.DEFAULT);
    }

    public TestAsma(Path dataDir, AsmaConfig template) throws Exception {
        this(dataDir, template, false);
    }

    /** With {@code link}, the real link server on a free loopback port, carrying orders instead of {@link #control}. */
    public TestAsma(Path dataDir, AsmaConfig template, boolean link) throws Exception {
        this(dataDir, template, link, !link);
    }

    /** The link server when {@code link}; {@link #control} carries orders when {@code recording}. */
    public TestAsma(Path dataDir, AsmaConfig template, boolean link, boolean recording) throws Exception {
        this.dataDir = dataDir;
        Map<String, UserRecord> users = new java.util.HashMap<>();
        for (Role r : Role.values()) {
            String name = r.text() + "-user";
            users.put(name, new UserRecord(name, r, Passwords.hash((r.text() + " password 1").toCharArray(), 1_000), "config"));
        }
        AsmaConfig config = template.withDataDir(dataDir).withApi(new InetSocketAddress("127.0.0.1", 0),
                AsmaConfig.Tls.SELF_SIGNED).withLink(link ? new InetSocketAddress("127.0.0.1", 0) : null).withUsers(users);
        asma = Asma.start(config, new PrintStream(log, true, StandardCharsets.UTF_8), recording ? control : null);
        adminToken = asma.initialAdminToken();
        http = HttpClient.newBuilder().sslContext(trusting(dataDir.resolve("api-cert.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        base = "https://127.0.0.1:" + asma.apiAddress().getPort();
    }

    static SSLContext trusting(Path certPem) throws Exception {
        X509Certificate cert;
        try (var in = Files.newInputStream(certPem)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("asma", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends a request; {@code token} null sends none. */
    public HttpResponse<String> call(String method, String path, String token, String contentType, String body)
            throws Exception {
        return http.send(request(method, path, token, contentType, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The request {@link #call} sends, for other body handlers (a stream's lines). */
    public HttpRequest request(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return b.build();
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return call("GET", path, token, null, null);
    }

    public HttpResponse<String> postJson(String path, String token, String json) throws Exception {
        return call("POST", path, token, "application/json", json);
    }

    /** Logs the configured user of {@code role} in and returns the session token. */
    public String login(Role role) throws Exception {
        HttpResponse<String> r = postJson("/api/v1/login", null, "{\"username\":\"" + role.text()
                + "-user\",\"password\":\"" + role.text() + " password 1\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("login as " + role + ": " + r.statusCode() + " " + r.body());
        }
        return io.statewall.asma.api.Json.MAPPER.readTree(r.body()).get("token").asString();
    }

    @Override
    public void close() {
        asma.close();
        http.close();
    }
}
