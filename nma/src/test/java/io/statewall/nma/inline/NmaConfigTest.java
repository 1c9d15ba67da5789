package io.statewall.nma.inline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.eve.EventType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code statewall nma --config}: every field read, every mistake named by its key path. */
class NmaConfigTest {
    @TempDir
    Path dir;

    private NmaConfig load(String yaml) throws Exception {
        Path f = dir.resolve("nma.yaml");
        Files.writeString(f, yaml);
        return NmaConfig.load(f);
    }

    private static final String ROUTE = """
            statewall-nma: 1
            policy: p.yaml
            routes: [ { listen: 127.0.0.1:1502, upstream: 10.30.2.20:502 } ]
            """;

    @Test
    void aBaselineToLearnLiveIsReadWithItsStatesToBlockIn() throws Exception {
        NmaConfig c = load(ROUTE + "baseline: { learn: 8h, out: learned/unit3.yaml, block: [normal, start-up] }\n");
        assertThat(c.baseline().learn()).isEqualTo(Duration.ofHours(8));
        assertThat(c.baseline().out()).isEqualTo(dir.resolve("learned/unit3.yaml"));
        assertThat(c.baseline().file()).isNull();
        assertThat(c.baseline().block()).containsExactlyInAnyOrder("normal", "start-up");

        NmaConfig detect = load(ROUTE + "baseline: { file: unit3.yaml }\n");
        assertThat(detect.baseline().file()).isEqualTo(dir.resolve("unit3.yaml"));
        assertThat(detect.baseline().learn()).isNull();
        assertThat(load(ROUTE).baseline()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ learn: 8h }                          | baseline: learning needs a file to write the learned baseline to",
        "{ }                                    | baseline: a baseline file to detect with, or a time to learn, is required",
        "{ file: b.yaml, block: [normal] }      | baseline: the states to block in are set when learning",
        "{ learn: 8 hours, out: b.yaml }        | baseline.learn: a duration such as 250ms, 5s, 2m or 1h expected, found '8 hours'",
        "{ learn: 0s, out: b.yaml }             | baseline.learn: a time longer than zero expected",
        "{ learn: 99999999999999999999s, out: b.yaml } | baseline.learn: a duration such as 250ms, 5s, 2m or 1h expected",
        "{ file: b.yaml, lern: 2h }             | baseline.lern: unknown key",
        "{ learn: 1h, out: b.yaml, block: normal } | baseline.block: a list of states such as [normal, start-up] expected",
    })
    void aWrongBaselineSectionIsNamedByItsKey(String section, String problem) {
        assertThatThrownBy(() -> load(ROUTE + "baseline: " + section + "\n"))
                .isInstanceOfSatisfying(NmaConfig.ConfigException.class,
                        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(problem)));
    }

    @Test
    void aFullConfigurationIsReadWithPathsRelativeToTheFile() throws Exception {
        NmaConfig c = load("""
                statewall-nma: 1
                policy: policies/unit3.yaml
                routes:
                  - { name: boiler,  listen: 127.0.0.1:1502, upstream: 10.30.2.20:502 }
                  - { name: turbine, listen: "[::1]:1503",   upstream: 10.30.2.30:502 }
                blocking:  { answer: drop, exception_code: 4 }
                malformed: reset
                limits:    { connections: 10, connections_per_client: 2, queue_bytes: 8192 }
                upstream_retry: { initial: 50ms, max: 2s }
                events:    { eve: eve.json, types: [alert, state], stats_interval: 1m }
                metrics:   127.0.0.1:9502
                """);
        assertThat(c.policy()).isEqualTo(dir.resolve("policies/unit3.yaml"));
        assertThat(c.routes()).extracting(InlineRoute::name).containsExactly("boiler", "turbine");
        assertThat(c.routes().get(0).upstream()).isEqualTo(new InetSocketAddress("10.30.2.20", 502));
        assertThat(c.routes().get(1).listen().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(c.options().blockAction()).isEqualTo(BlockAction.DROP);
        assertThat(c.options().blockExceptionCode()).isEqualTo(4);
        assertThat(c.options().malformed()).isEqualTo(MalformedAction.RESET);
        assertThat(c.options().maxConnections()).isEqualTo(10);
        assertThat(c.options().maxConnectionsPerClient()).isEqualTo(2);
        assertThat(c.options().maxQueuedBytes()).isEqualTo(8192);
        assertThat(c.options().retryInitial()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.options().retryMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.eve()).isEqualTo(dir.resolve("eve.json").toString());
        assertThat(c.eveTypes()).containsExactlyInAnyOrder(EventType.ALERT, EventType.STATE);
        assertThat(c.statsInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.metrics()).isEqualTo(new InetSocketAddress("127.0.0.1", 9502));
    }

    @Test
    void theMinimumIsAPolicyAndARoute() throws Exception {
        NmaConfig c = load("""
                statewall-nma: 1
                policy: p.yaml
                routes: [ { listen: ":1502", upstream: 127.0.0.1:502 } ]
                """);
        assertThat(c.routes().getFirst().name()).isEqualTo("route-1");
        assertThat(c.options()).isEqualTo(InlineOptions.DEFAULT);
        assertThat(c.eve()).isNull();
        assertThat(c.metrics()).isNull();
        assertThat(c.eveTypes()).isEqualTo(NmaConfig.DEFAULT_TYPES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            version missing         | policy: p.yaml\\nroutes: [ { listen: ':1', upstream: 'h:2' } ]                                          | statewall-nma: 1 expected
            no route                | statewall-nma: 1\\npolicy: p.yaml\\nroutes: []                                                      | routes: at least one route
            no policy               | statewall-nma: 1\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]                            | policy: the policy file is required
            port not a number       | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':x', upstream: '127.0.0.1:2' } ]                 | routes[0].listen: ':x': the port is not a number
            port too big            | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:70000' } ]             | routes[0].upstream: '127.0.0.1:70000': port outside 0-65535
            misspelt key            | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nlimit: {}   | limit: unknown key
            misspelt nested key     | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upsteam: '127.0.0.1:2' } ]                 | routes[0].upsteam: unknown key
            bad answer              | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nblocking: { answer: ignore } | blocking.answer: 'ignore' is not one of exception, drop, reset
            bad exception code      | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nblocking: { exception_code: 300 } | blocking.exception_code: a whole number from 1 to 255
            huge exception code     | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nblocking: { exception_code: 99999999999999999999 } | blocking.exception_code: a whole number from 1 to 255
            huge version            | statewall-nma: 99999999999999999999\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ] | statewall-nma: 1 expected
            bad duration            | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nupstream_retry: { initial: soon } | upstream_retry.initial: a duration
            max below initial       | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nupstream_retry: { initial: 5s, max: 1s } | upstream_retry: max PT1S is shorter than initial PT5S
            unknown event type      | statewall-nma: 1\\npolicy: p\\nroutes: [ { listen: ':1', upstream: '127.0.0.1:2' } ]\\nevents: { types: [alerts] } | events.types:
            two routes one name     | statewall-nma: 1\\npolicy: p\\nroutes: [ { name: a, listen: ':1', upstream: '127.0.0.1:2' }, { name: a, listen: ':3', upstream: '127.0.0.1:4' } ] | routes[1].name: 'a' names two routes
            YAML syntax             | statewall-nma: 1\\nroutes: [ {                                                                      | YAML syntax at line
            """)
    void eachMistakeIsNamedByItsKey(String name, String yaml, String expected) {
        assertThatThrownBy(() -> load(yaml.replace("\\n", "\n")))
                .isInstanceOf(NmaConfig.ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        assertThatThrownBy(() -> load("statewall-nma: 2\nroutes: []\nmalformed: forward\n"))
                .isInstanceOfSatisfying(NmaConfig.ConfigException.class, e -> assertThat(e.problems()).hasSize(4));
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> NmaConfig.load(dir.resolve("absent.yaml"))).isInstanceOf(IOException.class);
    }
}
