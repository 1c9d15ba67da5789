package io.statewall.nma.inline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.nma.link.AsmaLinkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code asma:} section of the NMA's configuration file (docs/asma-link.md). */
class NmaConfigAsmaTest {
    @TempDir
    Path dir;

    private static final String ROUTE = """
            statewall-nma: 1
            policy: p.yaml
            routes: [ { listen: 127.0.0.1:1502, upstream: 10.30.2.20:502 } ]
            """;

    private NmaConfig load(String yaml) throws Exception {
        Path f = dir.resolve("nma.yaml");
        Files.writeString(f, ROUTE + yaml);
        return NmaConfig.load(f);
    }

    @Test
    void everyFieldIsReadAndTheRestHasDefaults() throws Exception {
        AsmaLinkSettings a = load("asma: { address: 127.0.0.1:7443, token: ' nma-1.abc.def ', data: state,"
                + " heartbeat: 2s, spool_max: 64MiB }\n").asma();
        assertThat(a.address().getPort()).isEqualTo(7443);
        assertThat(a.token()).isEqualTo("nma-1.abc.def");
        assertThat(a.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(a.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.spoolMaxBytes()).isEqualTo(64L << 20);

        AsmaLinkSettings d = load("asma: { address: 127.0.0.1:7443 }\n").asma();
        assertThat(d.token()).isNull();
        assertThat(d.dataDir()).isEqualTo(dir.resolve("statewall-data"));
        assertThat(d.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.spoolMaxBytes()).isEqualTo(256L << 20);
        assertThat(load("asma: { address: 127.0.0.1:7443, spool_max: 1000000 }\n").asma().spoolMaxBytes()).isEqualTo(1_000_000);
        assertThat(load("").asma()).isNull();
    }

    @Test
    void mistakesAreNamedByTheirKey() {
        List<String[]> cases = List.of(
                new String[] {"asma: 127.0.0.1:7443", "asma: a mapping { address, token, data, heartbeat, spool_max } expected"},
                new String[] {"asma: { token: x }", "asma.address: HOST:PORT expected"},
                new String[] {"asma: { address: 127.0.0.1:74x3 }", "asma.address: '127.0.0.1:74x3': the port is not a number"},
                new String[] {"asma: { address: 127.0.0.1:7443, heartbeat: 5 }", "asma.heartbeat: a duration such as"},
                new String[] {"asma: { address: 127.0.0.1:7443, heartbeat: 10m }", "asma.heartbeat: from 100ms to 5m"},
                new String[] {"asma: { address: 127.0.0.1:7443, spool_max: 256MB }", "asma.spool_max: a size such as"},
                new String[] {"asma: { address: 127.0.0.1:7443, spool_max: 1KiB }", "asma.spool_max: at least 16384 bytes"},
                new String[] {"asma: { address: 127.0.0.1:7443, tokn: x }", "asma.tokn: unknown key"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> load(c[0] + "\n")).as(c[0]).isInstanceOfSatisfying(NmaConfig.ConfigException.class,
                    e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(c[1])));
        }
    }
}
