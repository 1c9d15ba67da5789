package io.statewall.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken policy files, each with the exact {@code file:line:column: message} the loader must print. */
class BrokenPolicyTest {
    private static final String HEAD = """
            statewall: 1
            assets:
              hmi-1:  { ip: 10.10.1.10 }
              eng-ws: { ip: 10.10.1.50 }
              plc:    { ip: 10.10.2.20 }
              lan:    { network: 10.10.1.0/24 }
            """;

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("unknown asset in a rule, with the known ones listed", HEAD + """
                        common:
                          - id: x
                            from: hmi-9
                            action: allow
                        """, "p.yaml:9:11: rule 'x': unknown asset 'hmi-9' (known: hmi-1, eng-ws, plc, lan)"),
                Arguments.of("misspelt key, with a suggestion", HEAD + """
                        common:
                          - id: x
                            to: plc
                            action: allow
                            severty: 1
                        """, "p.yaml:11:5: unknown key 'severty' in rule 'x' (did you mean 'severity'?)"),
                Arguments.of("misspelt required key: both the spelling and the absence", HEAD + """
                        common:
                          - id: x
                            acton: allow
                        """, "p.yaml:8:5: rule 'x': missing 'action' (allow, alert or block)\n"
                        + "p.yaml:9:5: unknown key 'acton' in rule 'x' (did you mean 'action'?)"),
                Arguments.of("missing action, reported at the rule", HEAD + """
                        common:
                          - id: x
                            to: plc
                        """, "p.yaml:8:5: rule 'x': missing 'action' (allow, alert or block)"),
                Arguments.of("attack id not T0 and three digits", HEAD + """
                        common:
                          - id: x
                            action: alert
                            attack: [T0855, T1059]
                        """, "p.yaml:10:21: rule 'x': 'T1059' is not an ATT&CK for ICS technique id (T0 and three digits, e.g. T0855)"),
                Arguments.of("severity out of 1..4", HEAD + """
                        common:
                          - id: x
                            action: alert
                            severity: 5
                        """, "p.yaml:10:15: rule 'x': severity (1 high … 4 low): expected a whole number 1..4, found '5'"),
                Arguments.of("range written high-low", HEAD + """
                        common:
                          - id: x
                            address: 210-200
                            action: block
                        """, "p.yaml:9:14: rule 'x': address: empty range '210-200' (the lower bound comes first)"),
                Arguments.of("value comparison matching nothing", HEAD + """
                        common:
                          - id: x
                            value: ">65535"
                            action: block
                        """, "p.yaml:9:12: rule 'x': value: '>65535' matches no value in 0..65535"),
                Arguments.of("unknown operation", HEAD + """
                        common:
                          - id: x
                            operation: [read, wrte]
                            action: block
                        """, "p.yaml:9:23: rule 'x': operation: unknown value 'wrte' (expected one of: read, write, read_write, "
                        + "diagnostic, identification, control, program, mode_change, file_transfer, other, unknown)"),
                Arguments.of("bad rate", HEAD + """
                        common:
                          - id: x
                            rate: 20 per second
                            action: alert
                        """, "p.yaml:9:11: rule 'x': rate: expected a rate 'N/duration' such as 20/1s, found '20 per second'"),
                Arguments.of("duplicate rule id", HEAD + """
                        common:
                          - id: x
                            action: alert
                          - id: x
                            action: allow
                        """, "p.yaml:10:9: rule 'x': id used twice (first at line 8)"),
                Arguments.of("duplicate mapping key", HEAD + """
                        common:
                          - id: x
                            action: alert
                            action: block
                        """, "p.yaml:10:5: duplicate key 'action' (first at line 9)"),
                Arguments.of("ip with a prefix", """
                        statewall: 1
                        assets:
                          plc: { ip: 10.10.2.0/24 }
                        """, "p.yaml:3:14: asset 'plc': 'ip' takes one address; use 'network' for 10.10.2.0/24"),
                Arguments.of("CIDR with host bits", """
                        statewall: 1
                        assets:
                          lan: { network: "fd00::1/64" }
                        """, "p.yaml:3:19: asset 'lan': 'fd00::1/64' has host bits set (the network is fd00:0:0:0:0:0:0:0/64)"),
                Arguments.of("a host name is not resolved, it is an unknown asset", HEAD + """
                        common:
                          - id: x
                            to: plc.example.com
                            action: alert
                        """, "p.yaml:9:9: rule 'x': unknown asset 'plc.example.com' (known: hmi-1, eng-ws, plc, lan)"),
                Arguments.of("format version", """
                        statewall: 2
                        """, "p.yaml:1:12: unsupported format version '2' (this build reads version 1)"),
                Arguments.of("format version beyond a long", """
                        statewall: 99999999999999999999
                        """, "p.yaml:1:12: unsupported format version '99999999999999999999' (this build reads version 1)"),
                Arguments.of("YAML syntax error with Jackson's location", """
                        statewall: 1
                        common:
                          - id: x
                           action: [alert
                        """, "p.yaml:4:4: YAML syntax: while parsing a block collection: expected <block end>, but found "
                        + "'<block mapping start>'"),
                Arguments.of("not a mapping", """
                        - just
                        - a list
                        """, "p.yaml:1:1: a policy is a mapping with 'statewall: 1' first, found a list"),
                Arguments.of("empty file", "", "p.yaml:1:1: the file is empty"),
                Arguments.of("variable on a network asset", HEAD + """
                        plant:
                          variables:
                            speed: { asset: lan, area: input_registers, address: 1 }
                        """, "p.yaml:9:21: variable 'speed': asset 'lan' is a network; a variable lives on one host (an 'ip' asset)"),
                Arguments.of("variable on an unknown asset", HEAD + """
                        plant:
                          variables:
                            speed: { asset: turbine, area: input_registers, address: 1 }
                        """, "p.yaml:9:21: variable 'speed': unknown asset 'turbine' (known: hmi-1, eng-ws, plc, lan)"),
                Arguments.of("float over a coil", HEAD + """
                        plant:
                          variables:
                            speed: { asset: plc, area: coils, address: 1, type: float32 }
                        """, "p.yaml:9:12: variable 'speed': FLOAT32 needs a register, not COILS"),
                Arguments.of("condition syntax error: column inside the quoted condition", HEAD + """
                        plant:
                          variables:
                            speed: { asset: plc, area: input_registers, address: 1 }
                          states:
                            running: { when: "speed > > 50" }
                        """, "p.yaml:11:31: state 'running': expected a number after '>', found '>'"),
                Arguments.of("condition naming an unknown variable, plain scalar", HEAD + """
                        plant:
                          variables:
                            speed: { asset: plc, area: input_registers, address: 1 }
                          states:
                            running:
                              when: sped > 50
                        """, "p.yaml:12:13: state 'running': unknown variable 'sped' (known: speed)"),
                Arguments.of("transition to an undeclared state", HEAD + """
                        plant:
                          states:
                            stopped: {}
                            running: {}
                          transitions:
                            stopped: [runing]
                        """, "p.yaml:12:15: transitions from 'stopped': unknown state 'runing' (known: stopped, running, unknown)"),
                Arguments.of("initial state undeclared", HEAD + """
                        plant:
                          initial: idle
                          states:
                            stopped: {}
                        """, "p.yaml:8:12: plant: initial: unknown state 'idle' (known: stopped, unknown)"),
                Arguments.of("response with nothing to match", HEAD + """
                        common:
                          - id: x
                            response: {}
                            action: alert
                        """, "p.yaml:9:15: rule 'x': response: give 'exception' or 'exception_code' (an empty response match would match anything)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void reportsTheProblemAtItsLine(String name, String yaml, String expected) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "p.yaml"));
        assertThat(e).as("loading must fail").isNotNull();
        assertThat(e.lines()).containsExactly(expected.split("\n"));
    }

    @Test
    void reportsEveryProblemNotJustTheFirstInFileOrder() {
        String yaml = HEAD + """
                common:
                  - id: a
                    to: nowhere
                    action: alert
                  - id: b
                    function: 300
                    action: allow
                  - id: c
                    action: maybe
                """;
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "p.yaml"));
        assertThat(e.lines()).containsExactly(
                "p.yaml:9:9: rule 'a': unknown asset 'nowhere' (known: hmi-1, eng-ws, plc, lan)",
                "p.yaml:12:15: rule 'b': function: '300' is outside 0..255",
                "p.yaml:15:13: rule 'c': action: unknown value 'maybe' (expected one of: allow, alert, block)");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.lines()));
        assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(9, 12, 15);
    }

    @Test
    void garbageBytesAreAProblemNotACrash() {
        String garbage = "\u0000\u0001statewall: [\uFFFF{{{:::\n\t- - ]]";
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(garbage, "g.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.lines()).allSatisfy(l -> assertThat(l).startsWith("g.yaml:"));
    }
}
