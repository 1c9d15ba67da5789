package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.auth.Passwords;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code statewall asma} in-process: a bad configuration is one line and exit 2; the secret helpers. */
class AsmaCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadConfigurationIsOneLineAndExitTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "statewall-asma: 1\napi: { listn: 127.0.0.1:1 }\n");
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("asma", "--config", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("asma: " + bad + ": 1 problem: api.listn: unknown key (known: listen,"
                + " metrics_public, session_ttl, tls)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingOrUnusableFileIsOneLineToo() throws Exception {
        AnalyzeCommandTest.Run missing = AnalyzeCommandTest.run("asma", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("asma: " + dir.resolve("nope.yaml") + ": cannot read").hasLineCount(1);
        Path garbage = Files.write(dir.resolve("garbage.yaml"), new byte[] {0, (byte) 0xff, '{', '['});
        AnalyzeCommandTest.Run g = AnalyzeCommandTest.run("asma", "--config", garbage.toString());
        assertThat(g.exit()).isEqualTo(2);
        assertThat(g.err()).hasLineCount(1).startsWith("asma: ");
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = Files.writeString(dir.resolve("asma.yaml"), "statewall-asma: 1\ndata_dir: data\nlink: off\n"
                    + "api: { listen: 127.0.0.1:" + taken.getLocalPort() + ", tls: off }\n");
            AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("asma", "--config", cfg.toString());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("asma: api 127.0.0.1:" + taken.getLocalPort() + ": cannot listen")
                    .hasLineCount(1);
        }
    }

    @Test
    void enrolPrintsAOneTimeTokenFromTheDataDirectorysCa() throws Exception {
        Path cfg = Files.writeString(dir.resolve("asma.yaml"), "statewall-asma: 1\ndata_dir: data\n");
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("asma", "--config", cfg.toString(), "--enrol", "boiler-nma");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).matches("boiler-nma\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
        assertThat(dir.resolve("data/ca.crt")).exists();
        AnalyzeCommandTest.Run bad = AnalyzeCommandTest.run("asma", "--config", cfg.toString(), "--enrol", "no spaces");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("asma: --enrol 'no spaces': ").hasLineCount(1);
    }

    @Test
    void newTokenPrintsASecretAndItsHash() {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("asma", "--new-token");
        assertThat(run.exit()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(2);
        String token = lines[0].substring("token:  ".length());
        assertThat(lines[1]).isEqualTo("sha256: " + Passwords.tokenHash(token));
    }
}
