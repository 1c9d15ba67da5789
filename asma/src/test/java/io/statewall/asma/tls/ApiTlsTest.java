package io.statewall.asma.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's self-signed identity: made once, kept private, read back the same on the next start. */
class ApiTlsTest {
    @TempDir
    Path dir;

    @Test
    void theSecondStartReadsTheFirstStartsCertificate() throws Exception {
        ApiTls first = ApiTls.selfSigned(dir, InetAddress.getByName("127.30.3.10"));
        ApiTls second = ApiTls.selfSigned(dir, InetAddress.getByName("127.30.3.10"));
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.readString(dir.resolve("api-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(first.certificate().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("localhost", "127.0.0.1", "127.30.3.10");
        assertThat(second.serverContext().getProtocol()).isEqualTo("TLS");
        ApiTls loaded = ApiTls.load(dir.resolve("api-cert.pem"), dir.resolve("api-key.pem"));
        assertThat(loaded.fingerprint()).isEqualTo(first.fingerprint());
    }
}
