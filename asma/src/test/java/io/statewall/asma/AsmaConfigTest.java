package io.statewall.asma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Role;
import io.statewall.asma.export.SyslogExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: every key read, every mistake reported with its path. */
class AsmaConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("asma.yaml"), yaml);
    }

    @Test
    void aFullFileIsRead() throws Exception {
        Files.writeString(dir.resolve("plant.yaml"), "x");
        String hash = Passwords.hash("a long password".toCharArray(), 1_000);
        AsmaConfig c = AsmaConfig.load(write("""
                statewall-asma: 1
                data_dir: data
                store: { sync: normal, readers: 2, compress: true, process_history: 7d }
                api: { listen: 127.0.0.1:9443, tls: off, session_ttl: 2h, metrics_public: true }
                nma_stale_after: 1m
                link: { listen: 127.0.0.1:0 }
                plant_policy: plant.yaml
                plant: plant.yaml
                users:
                  - { name: alice, role: admin, password_hash: "%s" }
                tokens:
                  - { name: prometheus, role: viewer, sha256: %s }
                exports:
                  - { name: siem, type: syslog, transport: tcp, address: 127.0.0.1:6514, facility: local4, max_severity: 2 }
                  - { name: archive, type: eve_file, path: out/eve.json, types: [alert, state] }
                  - { name: soar, type: webhook, url: "https://soar.example/hook", authorization: "Bearer x",
                      retry: { initial: 2s, max: 2m, attempts: 5 } }
                """.formatted(hash, "ab".repeat(32))));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.store().fullSync()).isFalse();
        assertThat(c.store().readers()).isEqualTo(2);
        assertThat(c.store().compress()).isTrue();
        assertThat(c.store().processHistory()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(c.apiListen().getPort()).isEqualTo(9443);
        assertThat(c.tls()).isEqualTo(AsmaConfig.Tls.OFF);
        assertThat(c.sessionTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(c.metricsPublic()).isTrue();
        assertThat(c.nmaStaleAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.linkListen().getPort()).isZero();
        assertThat(c.plantPolicy()).isEqualTo(dir.resolve("plant.yaml"));
        assertThat(c.plant()).as("the plant file, relative to the configuration").isEqualTo(dir.resolve("plant.yaml"));
        assertThat(c.users().get("alice").role()).isEqualTo(Role.ADMIN);
        assertThat(c.tokens()).singleElement().satisfies(t -> assertThat(t.role()).isEqualTo(Role.VIEWER));
        assertThat(c.exports()).hasSize(3);
        AsmaConfig.SyslogSpec s = (AsmaConfig.SyslogSpec) c.exports().get(0);
        assertThat(s.transport()).isEqualTo(SyslogExporter.Transport.TCP);
        assertThat(s.facility()).isEqualTo(20);
        assertThat(s.filter().maxSeverity()).isEqualTo(2);
        assertThat(((AsmaConfig.EveFileSpec) c.exports().get(1)).path()).isEqualTo(dir.resolve("out/eve.json"));
        AsmaConfig.WebhookSpec w = (AsmaConfig.WebhookSpec) c.exports().get(2);
        assertThat(w.maxAttempts()).isEqualTo(5);
        assertThat(w.initialBackoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theSmallestFileIsTheDefaults() throws Exception {
        AsmaConfig c = AsmaConfig.load(write("statewall-asma: 1\n"));
        assertThat(c.apiListen()).isEqualTo(AsmaConfig.DEFAULT_API);
        assertThat(c.tls()).isEqualTo(AsmaConfig.Tls.SELF_SIGNED);
        assertThat(c.linkListen()).isEqualTo(AsmaConfig.DEFAULT_LINK);
        assertThat(c.plant()).as("no plant file: no fusion").isNull();
        assertThat(c.store().fullSync()).isTrue();
        assertThat(c.store().processHistory()).as("a month of trends").isEqualTo(java.time.Duration.ofDays(30));
        assertThat(AsmaConfig.load(write("statewall-asma: 1\nstore: { process_history: forever }\n")).store()
                .processHistory()).as("kept forever").isNull();
        assertThat(c.dataDir()).isEqualTo(dir.resolve("statewall-data"));
        assertThat(AsmaConfig.load(write("statewall-asma: 1\nlink: off\n")).linkListen()).isNull();
    }

    @Test
    void everyMistakeIsReportedWithItsPath() throws Exception {
        record Case(String yaml, String problem) {
        }
        for (Case k : new Case[] {
            new Case("statewall-asma: 2\n", "statewall-asma: 1 expected"),
            new Case("statewall-asma: 1\napi: { listn: 1.2.3.4:1 }\n", "api.listn: unknown key (known: listen, metrics_public, session_ttl, tls)"),
            new Case("statewall-asma: 1\nstorage: {}\n", "storage: unknown key"),
            new Case("statewall-asma: 1\napi: { listen: 'nowhere' }\n", "api.listen: 'nowhere' is not HOST:PORT"),
            new Case("statewall-asma: 1\napi: { session_ttl: forever }\n", "api.session_ttl: a duration"),
            new Case("statewall-asma: 1\nstore: { sync: sometimes }\n", "store.sync: 'full' or 'normal' expected"),
            new Case("statewall-asma: 1\nstore: { process_history: a while }\n", "store.process_history: a duration"),
            new Case("statewall-asma: 1\nnma_stale_after: 99999999999999999999s\n", "nma_stale_after: a duration"),
            new Case("statewall-asma: 1\nstore: { readers: 99999999999999999999 }\n", "store.readers: a whole number from 1 to 64"),
            new Case("statewall-asma: 99999999999999999999\n", "statewall-asma: 1 expected"),
            new Case("statewall-asma: 1\nusers: [ { name: bob, role: god, password_hash: x } ]\n", "users[0].role: viewer, operator or admin"),
            new Case("statewall-asma: 1\nusers: [ { name: bob, role: admin, password_hash: plain } ]\n", "users[0].password_hash"),
            new Case("statewall-asma: 1\ntokens: [ { name: t, role: viewer, sha256: 123 } ]\n", "tokens[0].sha256"),
            new Case("statewall-asma: 1\nexports: [ { type: kafka } ]\n", "exports[0].type: 'syslog', 'eve_file' or 'webhook'"),
            new Case("statewall-asma: 1\nexports: [ { type: syslog, address: 1.2.3.4:514, facility: local9 } ]\n", "exports[0].facility: one of"),
            new Case("statewall-asma: 1\nexports: [ { type: webhook, url: 'ftp://x/y' } ]\n", "exports[0].url: an http:// or https:// URL"),
            new Case("statewall-asma: 1\nexports: [ { type: eve_file, path: x, colour: red } ]\n", "exports[0].colour: unknown key"),
            new Case("statewall-asma: 1\nplant_policy: missing.yaml\n", "plant_policy: "),
            new Case("statewall-asma: 1\nplant: missing.plant.yaml\n", "plant: "),
            new Case("statewall-asma: 1\napi: [\n", "YAML syntax at line"),
            new Case("- just a list\n", "the file is a mapping")}) {
            Path f = write(k.yaml);
            assertThatThrownBy(() -> AsmaConfig.load(f)).as(k.yaml).isInstanceOf(AsmaConfig.ConfigException.class)
                    .hasMessageStartingWith(f + ": ").hasMessageContaining(k.problem)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
