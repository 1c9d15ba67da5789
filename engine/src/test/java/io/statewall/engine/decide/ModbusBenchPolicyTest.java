package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code examples/modbus-bench.yaml} against hand-made transactions mirroring each rule of
 * {@code shared/bench/suricata/modbus-bench.rules} (sid 9000001–9000010): every matching rule
 * alerts (Suricata fires every matching signature), nothing is blocked, only traffic to TCP 502
 * is judged, v4 and v6 alike. Expected alerts are the sids Suricata's keywords select.
 */
class ModbusBenchPolicyTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).resolve("../examples/modbus-bench.yaml")
            .normalize();
    private static Rig.Judge judge;

    @BeforeAll
    static void load() throws Exception {
        judge = new Rig.Judge(CompiledPolicy.compile(PolicyLoader.load(EXAMPLE)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # addresses are PDU addresses; Suricata's rule addresses are items numbered from 1 (item = address + 1)
        # name                                        | flow                         | request PDU                    | response PDU | request alerts (sid − 9000000) | response alerts
        01 FC 5 coil 5                                | 10.0.0.1>10.0.0.2:502        | 05 0005 FF00                   | 05 0005 FF00 | 1                | -
        01+09 FC 5 coil 150                           | 10.0.0.1>10.0.0.2:502        | 05 0096 0000                   | -            | 1 9              | -
        09 edge: coil 99 is item 100, inside 99<>200  | 10.0.0.1>10.0.0.2:502        | 05 0063 FF00                   | -            | 1 9              | -
        09 edge: coil 98 is item 99, outside 99<>200  | 10.0.0.1>10.0.0.2:502        | 05 0062 FF00                   | -            | 1                | -
        09 edge: coil 200 is outside 99<>200          | 10.0.0.1>10.0.0.2:502        | 05 00C8 FF00                   | -            | 1                | -
        02 FC 15 coils 0-7                            | 10.0.0.1>10.0.0.2:502        | 0F 0000 0008 01 FF             | -            | 2                | -
        02+09 FC 15 coils 195-204 reach into 100-199  | 10.0.0.1>10.0.0.2:502        | 0F 00C3 000A 02 FF 03          | -            | 2 9              | -
        03+05 FC 16 at 1000                           | 10.0.0.1>10.0.0.2:502        | 10 03E8 0001 02 0001           | -            | 3 5              | -
        03+05 FC 6 at 999 is item 1000, in 999<>1100  | 10.0.0.1>10.0.0.2:502        | 06 03E7 0001                   | -            | 3 5              | -
        05 FC 6 at 998 is item 999, not 999<>1100     | 10.0.0.1>10.0.0.2:502        | 06 03E6 0001                   | -            | 5                | -
        05 FC 6 at 1099 is item 1100, not 999<>1100   | 10.0.0.1>10.0.0.2:502        | 06 044B 0001                   | -            | 5                | -
        05 FC 6 at 1100: not 999<>1100                | 10.0.0.1>10.0.0.2:502        | 06 044C 0001                   | -            | 5                | -
        04 FC 6 at 209 (item 210) value 901           | 10.0.0.1>10.0.0.2:502        | 06 00D1 0385                   | -            | 4                | -
        04 FC 6 at 210 (item 211) value 901           | 10.0.0.1>10.0.0.2:502        | 06 00D2 0385                   | -            | -                | -
        04 FC 6 item 210 value 900 is not >900        | 10.0.0.1>10.0.0.2:502        | 06 00D1 0384                   | -            | -                | -
        04 FC 16 at 208-210, 950 at item 210          | 10.0.0.1>10.0.0.2:502        | 10 00D0 0003 06 0000 03B6 0000 | -            | 4                | -
        04 FC 16 at 209-211, 950 at item 211 only     | 10.0.0.1>10.0.0.2:502        | 10 00D1 0003 06 0000 03B6 0000 | -            | -                | -
        05 FC 16 at 397-398 stay below item 400       | 10.0.0.1>10.0.0.2:502        | 10 018D 0002 04 0000 0000      | -            | -                | -
        05 FC 16 regs 398-400 reach 400               | 10.0.0.1>10.0.0.2:502        | 10 018E 0003 06 0000 0000 0000 | -            | 5                | -
        05 FC 22 mask write at 500                    | 10.0.0.1>10.0.0.2:502        | 16 01F4 00F2 0025              | -            | 5                | -
        05 FC 23 writes 500                           | 10.0.0.1>10.0.0.2:502        | 17 000A 0002 01F4 0001 02 0007 | -            | 5                | -
        05 FC 3 read at 500 is not a write            | 10.0.0.1>10.0.0.2:502        | 03 01F4 000A                   | -            | -                | -
        06 FC 43/14                                   | 10.0.0.1>10.0.0.2:502        | 2B 0E 01 00                    | -            | 6                | -
        07 FC 8/00                                    | 10.0.0.1>10.0.0.2:502        | 08 0000 1234                   | -            | 7                | -
        07+08 FC 8/19 reserved sub-function           | 10.0.0.1>10.0.0.2:502        | 08 0013 0000                   | -            | 7 8              | -
        08 user-defined FC 65                         | 10.0.0.1>10.0.0.2:502        | 41 00                          | -            | 8                | -
        08 reserved FC 9                              | 10.0.0.1>10.0.0.2:502        | 09                             | -            | 8                | -
        08 unassigned FC 40                           | 10.0.0.1>10.0.0.2:502        | 28 00                          | -            | 8                | -
        10 exception response                         | 10.0.0.1>10.0.0.2:502        | 03 0064 000A                   | 83 02        | -                | 10
        10 normal response                            | 10.0.0.1>10.0.0.2:502        | 03 0064 0001                   | 03 02 0007   | -                | -
        01 over IPv6                                  | [fd00::1]>[fd00::2]:502      | 05 0005 FF00                   | -            | 1                | -
        no rule for port 503                          | 10.0.0.1>10.0.0.2:503        | 05 0096 FF00                   | 85 02        | -                | -
        """)
    void mirrorsTheSuricataRules(String name, String flow, String request, String response, String requestSids,
                                 String responseSids) {
        Rig.Both both = judge.judge(flow, 1, request, response, "unknown", 0);
        assertThat(both.request().alerts()).as(name + " request").isEqualTo(sids(requestSids));
        assertThat(both.response().alerts()).as(name + " response").isEqualTo(sids(responseSids));
        assertThat(both.request().action()).isEqualTo(requestSids.equals("-") ? Action.ALLOW : Action.ALERT);
        assertThat(both.request().rule()).as("nothing decides but the default").isEqualTo("default");
        assertThat(both.response().rule()).isNull();
    }

    private static List<String> sids(String list) {
        return list.equals("-") ? List.of()
                : Arrays.stream(list.trim().split("\\s+")).map(n -> "sid-90000" + (n.length() == 1 ? "0" : "") + n).toList();
    }
}
