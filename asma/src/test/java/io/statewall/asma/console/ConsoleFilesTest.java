package io.statewall.asma.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.TestAsma;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files over real HTTPS: no token, the right types, ETag and 304, the security headers, 404s. */
class ConsoleFilesTest {
    @TempDir
    static Path dir;
    static TestAsma asma;

    @BeforeAll
    static void start() throws Exception {
        asma = new TestAsma(dir);
    }

    @AfterAll
    static void stop() {
        asma.close();
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(ConsoleFiles.FOLDER + name)) {
            assertThat(in).as("%s on the class path", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(asma.base + path)).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return asma.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theRootIsTheIndexPageWithTheSecurityHeadersAndNoToken() throws Exception {
        HttpResponse<byte[]> r = get("/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(resource("index.html"));
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self'; script-src 'self'; style-src 'self';")
                .contains("frame-ancestors 'none'").contains("object-src 'none'"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(t -> assertThat(t).matches("\"[0-9a-f]{32}\""));
    }

    @Test
    void aFileIsServedWithItsTypeAndRevalidatedBy304() throws Exception {
        HttpResponse<byte[]> js = get("/console/app.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).isEqualTo(resource("app.js"));
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/console/app.js", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/console/app.js", "\"0123\", " + etag).statusCode()).as("one of a list").isEqualTo(304);
        assertThat(get("/console/app.js", "\"another\"").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> css = get("/console/style.css", etag);
        assertThat(css.statusCode()).as("another file's tag").isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.headers().firstValue("ETag")).isNotEqualTo(js.headers().firstValue("ETag"));
    }

    @Test
    void everyListedFileIsServed() throws Exception {
        for (String line : new String(resource("files.txt"), StandardCharsets.UTF_8).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty()) {
                assertThat(get("/console/" + name, null).statusCode()).as(name).isEqualTo(200);
            }
        }
    }

    @Test
    void anythingElseUnderConsoleIs404() throws Exception {
        for (String path : new String[] {"/console/nope.js", "/console/", "/console", "/console/.hidden",
            "/console/%2e%2e/openapi.yaml", "/console/sub/app.js", "/console/App.js"}) {
            HttpResponse<byte[]> r = get(path, null);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("Exception");
        }
        HttpResponse<String> post = asma.call("POST", "/console/app.js", null, "text/plain", "x");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersTheHeadersOnly() throws Exception {
        HttpResponse<byte[]> r = asma.http.send(HttpRequest.newBuilder(URI.create(asma.base + "/console/style.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(resource("style.css").length));
    }

    @Test
    void theFilesAreCountedInTheMetrics() throws Exception {
        get("/console/app.js", null);
        get("/console/nope.js", null);
        String metrics = asma.get("/metrics", asma.adminToken).body();
        assertThat(metrics).contains("statewall_asma_api_requests_total{route=\"console\",status=\"200\"}")
                .contains("statewall_asma_api_requests_total{route=\"console\",status=\"404\"}");
    }

    @Test
    void aDevelopmentDirectoryIsReadOnEachRequest() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.writeString(dev.resolve("index.html"), "<p>one</p>");
        ConsoleFiles files = ConsoleFiles.fromDirectory(dev);
        ConsoleFiles.Answer first = files.answer("GET", "/", null);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("<p>one</p>");
        Files.writeString(dev.resolve("index.html"), "<p>two</p>");
        ConsoleFiles.Answer second = files.answer("GET", "/", first.headers().get("ETag"));
        assertThat(second.status()).as("changed: the old tag no longer matches").isEqualTo(200);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("<p>two</p>");
        assertThat(files.answer("GET", "/console/missing.js", null).status()).isEqualTo(404);
    }
}
