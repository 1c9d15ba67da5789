package io.statewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line as a user meets it, declared without annotations. The usage texts under
 * {@code usage/} are what the annotated commands printed: the same commands, options, labels,
 * descriptions and order. Every way of getting an argument wrong is one line on stderr, named
 * after the command, with exit 2; nothing goes to stdout.
 */
class StatewallCommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --help                 | statewall.txt
            -h                     | statewall.txt
            help                   | statewall.txt
            -V --help              | statewall.txt
            demo --help            | demo.txt
            help demo              | demo.txt
            analyze --help         | analyze.txt
            analyze -h             | analyze.txt
            help analyze           | analyze.txt
            nma --help             | nma.txt
            # help wins over whatever else is wrong or missing
            nma --help --listen :1 | nma.txt
            help nma               | nma.txt
            asma --help            | asma.txt
            policy --help          | policy.txt
            help policy            | policy.txt
            policy check --help    | policy-check.txt
            policy check -h        | policy-check.txt
            help --help            | help.txt
            help help              | help.txt
            """)
    void usageIsTheAnnotatedCommandsOnStdoutWithExitZero(String args, String usage) throws IOException {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args.split(" "));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).as("help text changed: update usage/%s if intended", usage).isEqualTo(usage(usage));
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""     | statewall.txt
            policy | policy.txt
            """)
    void aCommandThatOnlyGroupsOthersShowsItsUsageOnStderr(String args, String usage) throws IOException {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo(usage(usage));
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--version", "-V", "--version analyze"})
    void versionIsOneLineOnStdout(String args) {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args.split(" "));
        assertThat(run.exit()).isZero();
        // "dev" when run from the classes directory, the jar's Implementation-Version otherwise.
        assertThat(run.out()).matches("statewall \\S+\\R");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            # picocli's parse errors, reported by the command they belong to
            bogus                                  => statewall: Unmatched argument at index 0: 'bogus' (see --help)
            --bogus                                => statewall: Unknown option: '--bogus' (see --help)
            help bogus                             => statewall: Unknown subcommand 'bogus'. (see --help)
            analyze                                => analyze: Missing required parameter: 'CAPTURE' (see --help)
            analyze --bogus x.pcap                 => analyze: Unknown option: '--bogus' (see --help)
            analyze --eve                          => analyze: Missing required parameter for option '--eve' (FILE|-) (see --help)
            analyze --workers                      => analyze: Missing required parameter for option '--workers' (N) (see --help)
            analyze --workers abc x.pcap           => analyze: Invalid value for option '--workers': 'abc' is not an int (see --help)
            analyze --workers 2 --workers 3 x.pcap => analyze: option '--workers' (N) should be specified only once (see --help)
            analyze --quiet --quiet x.pcap         => analyze: option '--quiet' should be specified only once (see --help)
            analyze --modbus-port x x.pcap         => analyze: Invalid value for option '--modbus-port' (PORT): 'x' is not an int (see --help)
            analyze --modbus-port=502,503 x.pcap   => analyze: Invalid value for option '--modbus-port' (PORT): '502,503' is not an int (see --help)
            policy bogus                           => policy: Unmatched argument at index 1: 'bogus' (see --help)
            policy check                           => check: Missing required parameter: 'POLICY' (see --help)
            policy check a.yaml b.yaml             => check: Unmatched argument at index 3: 'b.yaml' (see --help)
            nma stray                              => nma: Unmatched argument at index 1: 'stray' (see --help)
            nma --max-connections x                => nma: Invalid value for option '--max-connections': 'x' is not an int (see --help)
            # the commands' own checks of the values they were given
            analyze --workers 0 x.pcap             => analyze: --workers 0: at least 1
            analyze --modbus-port 0 x.pcap         => analyze: --modbus-port 0 is not a TCP port (1-65535)
            analyze --modbus-port 70000 x.pcap     => analyze: --modbus-port 70000 is not a TCP port (1-65535)
            analyze --eve-types stats,bogus x.pcap => analyze: --eve-types: unknown event type 'bogus'
            analyze --declare run x.pcap           => analyze: --declare needs --policy with a plant model (states to declare)
            analyze /nonexistent/x.pcap            => analyze: /nonexistent/x.pcap: no such file
            policy check /nonexistent/p.yaml       => check: /nonexistent/p.yaml: no such file
            nma                                    => nma: give --listen HOST:PORT --upstream HOST:PORT --policy FILE, or --config FILE
            nma --config c.yaml --listen :5020     => nma: --config holds the routes and the policy: give either --config, or --listen, --upstream and --policy
            nma --listen :5020 --listen :5021 --upstream 127.0.0.1:502 --policy p.yaml => nma: 2 --listen but 1 --upstream: give them in pairs
            nma --listen :5020 --upstream 127.0.0.1:502 --policy p.yaml --max-connections 0 => nma: --max-connections 0: at least 1
            nma --listen :5020 --upstream 127.0.0.1:502 --policy p.yaml --max-connections-per-client 0 => nma: --max-connections-per-client 0: at least 1
            nma --listen :5020 --upstream 127.0.0.1:502 --policy p.yaml --block-with bogus => nma: --block-with 'bogus': exception, exception:CODE (1-255), drop or reset
            nma --listen :5020 --upstream 127.0.0.1:502 --policy p.yaml --eve-types bogus => nma: --eve-types: unknown event type 'bogus'
            nma --listen :5020 --upstream 127.0.0.1:502 --policy p.yaml --metrics bogus => nma: --metrics 'bogus': HOST:PORT expected
            """)
    void aBadArgumentIsOneLineNamingTheCommandAndExitTwo(String args, String line) {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run(args.split(" "));
        assertThat(run.exit()).isEqualTo(Statewall.BAD_INPUT);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith(line);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anOptionMayTakeItsValueAfterAnEqualsSign() {
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--workers=0", "--quiet=true", "x.pcap");
        assertThat(run.err()).isEqualTo("analyze: --workers 0: at least 1" + System.lineSeparator());
    }

    private static String usage(String name) throws IOException {
        try (InputStream in = StatewallCommandLineTest.class.getResourceAsStream("usage/" + name)) {
            assertThat(in).as("usage/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
