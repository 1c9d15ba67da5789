package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.tls.ApiTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ASMA reached by a name its certificate does not carry still answers over HTTPS: the
 * browser's certificate warning, not a 400 from the server, is where that is decided. (Jetty's
 * default refuses such a request with 400 "Invalid SNI", which made the demo's console
 * unreachable at its 127.30.x.y address.)
 */
class ApiServerHostTest {
    @TempDir
    Path dir;

    @Test
    void aHostTheCertificateDoesNotNameIsAnswered() throws Exception {
        ApiTls tls = ApiTls.selfSigned(dir, null);
        Router router = new Router(secret -> Optional.empty());
        router.add(new Route("GET", "/api/v1/health", null, r -> ApiResponse.text(200, "text/plain", "ok")));
        try (ApiServer server = new ApiServer(new InetSocketAddress("127.0.0.1", 0), tls.serverContext(), router, null,
                (t, s) -> { })) {
            server.start();
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.address().getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("GET /api/v1/health HTTP/1.1\r\nHost: 127.30.3.10:" + server.address().getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    private static final class TrustEverything implements X509TrustManager {
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
    }
}
