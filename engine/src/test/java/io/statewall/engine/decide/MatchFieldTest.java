package io.statewall.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.policy.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One match field at a time: a single {@code block} rule with the given fields in a policy whose
 * default is {@code allow}, and one real exchange (MB-AP §6 PDUs in hex, unit and flow given).
 * "hit" means the rule decided BLOCK, "miss" that the default let the message through. Rules
 * with {@code response:} are judged on the response phase (the request phase must skip them).
 */
class MatchFieldTest {
    private static final String F = "10.0.0.1>10.0.0.2:502";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # name                                | rule fields                                | flow                              | unit | request PDU                  | response PDU    | expected
        from asset                            | from: hmi                                  | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        from other asset                      | from: eng                                  | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        from CIDR, last address               | from: 10.0.0.0/28                          | 10.0.0.15>10.0.0.2:502            | 1    | 03 0064 000A                 | -               | hit
        from CIDR, first address past it      | from: 10.0.0.0/28                          | 10.0.0.16>10.0.0.2:502            | 1    | 03 0064 000A                 | -               | miss
        from network asset                    | from: scada                                | 10.0.0.14>10.0.0.2:502            | 1    | 03 0064 000A                 | -               | hit
        to asset, its port                    | to: plc                                    | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        to asset, other port                  | to: plc                                    | 10.0.0.1>10.0.0.2:5020            | 1    | 03 0064 000A                 | -               | miss
        to asset with port 5020               | to: plc-alt                                | 10.0.0.1>10.0.0.2:5020            | 1    | 03 0064 000A                 | -               | hit
        to literal matches any port           | to: 10.0.0.2                               | 10.0.0.1>10.0.0.2:5020            | 1    | 03 0064 000A                 | -               | hit
        to network asset matches any port     | to: scada                                  | 10.0.0.1>10.0.0.2:1234            | 1    | 03 0064 000A                 | -               | hit
        to list, second member                | to: [plc6, plc]                            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        to IPv6 asset                         | to: plc6                                   | [fd00::1]>[fd00::2]:502           | 1    | 03 0064 000A                 | -               | hit
        to IPv6 asset, other host             | to: plc6                                   | [fd00::1]>[fd00::3]:502           | 1    | 03 0064 000A                 | -               | miss
        from IPv6 /64, inside                 | from: net6                                 | [fd00::ffff:1]>[fd00::2]:502      | 1    | 03 0064 000A                 | -               | hit
        from IPv6 /64, next /64               | from: net6                                 | [fd00:0:0:1::1]>[fd00::2]:502     | 1    | 03 0064 000A                 | -               | miss
        IPv4 any does not match IPv6          | from: 0.0.0.0/0                            | [fd00::1]>[fd00::2]:502           | 1    | 03 0064 000A                 | -               | miss
        IPv6 any matches IPv6                 | from: "::/0"                               | [fd00::1]>[fd00::2]:502           | 1    | 03 0064 000A                 | -               | hit
        IPv6 any does not match IPv4          | from: "::/0"                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        operation read, FC 3                  | operation: read                            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        operation write, FC 3                 | operation: write                           | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        operation read, FC 23 is read_write   | operation: read                            | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | miss
        operation read_write, FC 23           | operation: read_write                      | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | hit
        operation diagnostic, FC 8/00 echo    | operation: diagnostic                      | 10.0.0.1>10.0.0.2:502             | 1    | 08 0000 1234                 | -               | hit
        operation control, FC 8/04 listen only| operation: control                         | 10.0.0.1>10.0.0.2:502             | 1    | 08 0004 0000                 | -               | hit
        operation diagnostic, FC 8/04         | operation: diagnostic                      | 10.0.0.1>10.0.0.2:502             | 1    | 08 0004 0000                 | -               | miss
        operation identification, FC 43/14   | operation: identification                  | 10.0.0.1>10.0.0.2:502             | 1    | 2B 0E 01 00                  | -               | hit
        operation unknown, user FC 65         | operation: unknown                         | 10.0.0.1>10.0.0.2:502             | 1    | 41 00                        | -               | hit
        function single                       | function: 3                                | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        function range                        | function: 1-4                              | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        function list, not in it              | function: [5, 15]                          | 10.0.0.1>10.0.0.2:502             | 1    | 06 00D2 0385                 | -               | miss
        function 0 (invalid, garbage)         | function: 0                                | 10.0.0.1>10.0.0.2:502             | 1    | 00 FFFF                      | -               | hit
        category user_defined, FC 65          | category: user_defined                     | 10.0.0.1>10.0.0.2:502             | 1    | 41 00                        | -               | hit
        category reserved, FC 9               | category: reserved                         | 10.0.0.1>10.0.0.2:502             | 1    | 09                           | -               | hit
        category public_unassigned, FC 40     | category: public_unassigned                | 10.0.0.1>10.0.0.2:502             | 1    | 28 00                        | -               | hit
        category public_assigned, FC 40       | category: public_assigned                  | 10.0.0.1>10.0.0.2:502             | 1    | 28 00                        | -               | miss
        category reserved, FC 8/19            | category: reserved                         | 10.0.0.1>10.0.0.2:502             | 1    | 08 0013 0000                 | -               | hit
        category reserved, FC 43 MEI 0x20     | category: reserved                         | 10.0.0.1>10.0.0.2:502             | 1    | 2B 20 00                     | -               | hit
        category none of them, FC 0           | category: [public_unassigned, user_defined, reserved] | 10.0.0.1>10.0.0.2:502  | 1    | 00                           | -               | miss
        unit single                           | unit: 1                                    | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        unit range, outside                   | unit: 2-10                                 | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        unit list, 255                        | unit: [0, 255]                             | 10.0.0.1>10.0.0.2:502             | 255  | 03 0064 000A                 | -               | hit
        area holding, FC 3                    | area: holding_registers                    | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        area coils, FC 3                      | area: coils                                | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        area device_identification, FC 43/14  | area: device_identification                | 10.0.0.1>10.0.0.2:502             | 1    | 2B 0E 01 00                  | -               | hit
        area none, FC 8                       | area: none                                 | 10.0.0.1>10.0.0.2:502             | 1    | 08 0000 1234                 | -               | hit
        area fifo_queue, FC 24                | area: fifo_queue                           | 10.0.0.1>10.0.0.2:502             | 1    | 18 0004                      | -               | hit
        address last item of span 100-109     | address: 109                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        address just past span                | address: 110                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        address range over the first item     | address: 95-100                            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | hit
        address list all before span          | address: [50, 99]                          | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        address FC 23 write part              | address: 500                               | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | hit
        address FC 23 read part               | address: 11                                | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | hit
        address FC 23 between the parts       | address: 12-499                            | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | miss
        address FC 24 FIFO pointer: no points | address: 4                                 | 10.0.0.1>10.0.0.2:502             | 1    | 18 0004                      | -               | miss
        address FC 8 addresses nothing        | address: 0-65535                           | 10.0.0.1>10.0.0.2:502             | 1    | 08 0000 1234                 | -               | miss
        address FC 16 span 200-202, last      | address: 202                               | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | hit
        address FC 16 span 200-202, past      | address: 203                               | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | miss
        address FC 5                          | address: 5                                 | 10.0.0.1>10.0.0.2:502             | 1    | 05 0005 FF00                 | -               | hit
        address FC 22 mask write              | address: 32                                | 10.0.0.1>10.0.0.2:502             | 1    | 16 0020 00F2 0025            | -               | hit
        address truncated FC 3: start only    | address: 100                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064                      | -               | hit
        address truncated FC 3: nothing after | address: 101                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064                      | -               | miss
        address FC 3 quantity 0 is its start  | address: 100                               | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 0000                 | -               | hit
        value FC 6 at 210 > 900               | address: 210, value: '>900'          | 10.0.0.1>10.0.0.2:502             | 1    | 06 00D2 0385                 | -               | hit
        value FC 6 901 not > 901              | address: 210, value: '>901'          | 10.0.0.1>10.0.0.2:502             | 1    | 06 00D2 0385                 | -               | miss
        value FC 6 at other address           | address: 211, value: '>900'          | 10.0.0.1>10.0.0.2:502             | 1    | 06 00D2 0385                 | -               | miss
        value FC 6 without address            | value: 901                                 | 10.0.0.1>10.0.0.2:502             | 1    | 06 00D2 0385                 | -               | hit
        value FC 16: 950 is at 201            | address: 201, value: '>900'          | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | hit
        value FC 16: 950 not at 200           | address: 200, value: '>900'          | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | miss
        value FC 16: 100 at 200 <= 100        | address: [200, 202], value: '<=100'  | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | hit
        value FC 16: none in 101-949          | value: 101-949                             | 10.0.0.1>10.0.0.2:502             | 1    | 10 00C8 0003 06 0064 03B6 0005 | -             | miss
        value FC 5 ON is 1                    | address: 5, value: 1                     | 10.0.0.1>10.0.0.2:502             | 1    | 05 0005 FF00                 | -               | hit
        value FC 5 OFF is not 1               | value: 1                                   | 10.0.0.1>10.0.0.2:502             | 1    | 05 0005 0000                 | -               | miss
        value FC 5 OFF is 0                   | value: 0                                   | 10.0.0.1>10.0.0.2:502             | 1    | 05 0005 0000                 | -               | hit
        value FC 5 illegal 0x1234 writes none | value: [0, 1]                              | 10.0.0.1>10.0.0.2:502             | 1    | 05 0005 1234                 | -               | miss
        value FC 15 coil 101 is 0             | address: 101, value: 0                   | 10.0.0.1>10.0.0.2:502             | 1    | 0F 0064 000A 02 CD 01        | -               | hit
        value FC 15 coil 101 is not 1         | address: 101, value: 1                   | 10.0.0.1>10.0.0.2:502             | 1    | 0F 0064 000A 02 CD 01        | -               | miss
        value FC 15 coil 108 (2nd byte) is 1  | address: 108, value: 1                   | 10.0.0.1>10.0.0.2:502             | 1    | 0F 0064 000A 02 CD 01        | -               | hit
        value FC 15 padding bits not written  | address: 110-115, value: 0               | 10.0.0.1>10.0.0.2:502             | 1    | 0F 0064 000A 02 CD 01        | -               | miss
        value FC 23 write part                | address: 500, value: 7                   | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | hit
        value FC 23 read part writes nothing  | address: 10, value: 7                    | 10.0.0.1>10.0.0.2:502             | 1    | 17 000A 0002 01F4 0001 02 0007 | -             | miss
        value on a read                       | value: 0-65535                             | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        value on FC 22 (no value written)     | value: 0-65535                             | 10.0.0.1>10.0.0.2:502             | 1    | 16 0020 00F2 0025            | -               | miss
        value from a lone FC 6 echo           | address: 210, value: 901                 | 10.0.0.1>10.0.0.2:502             | 1    | -                            | 06 00D2 0385    | hit
        response exception                    | response: { exception: true }            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | 83 02           | hit
        response exception, normal answer     | response: { exception: true }            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 0001                 | 03 02 0007      | miss
        response normal                       | response: { exception: false }           | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 0001                 | 03 02 0007      | hit
        response normal, exception answer     | response: { exception: false }           | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | 83 02           | miss
        response exception code 2             | response: { exception_code: 2 }          | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | 83 02           | hit
        response exception code list          | response: { exception_code: [1, 3-4] }   | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | 83 02           | miss
        response, request never answered      | response: { exception: true }            | 10.0.0.1>10.0.0.2:502             | 1    | 03 0064 000A                 | -               | miss
        response, lone exception response     | response: { exception: true }            | 10.0.0.1>10.0.0.2:502             | 1    | -                            | 83 02           | hit
        response and request part must hold   | function: 6, response: { exception: true } | 10.0.0.1>10.0.0.2:502           | 1    | 03 0064 000A                 | 83 02           | miss
        """)
    void oneField(String name, String fields, String flow, int unit, String request, String response, String expected) {
        String yaml = Rig.ASSETS + """
                common:
                  - { id: r, action: block, %s }
                default_ruleset: { default: allow, fail_mode: open, rules: [] }
                """.formatted(fields);
        Rig.Judge judge = new Rig.Judge(yaml);
        boolean onResponse = judge.holder.policy().rule(0).hasResponse();
        Rig.Both both = judge.judge(flow, unit, request, response, "unknown", 0);
        Rig.Outcome judged = onResponse ? both.response() : both.request();
        if (expected.equals("hit")) {
            assertThat(judged.action()).as("%s: %s", name, judged).isEqualTo(Action.BLOCK);
            assertThat(judged.rule()).isEqualTo("r");
        } else {
            assertThat(judged.action()).as("%s: %s", name, judged).isEqualTo(Action.ALLOW);
            assertThat(judged.rule()).isEqualTo(onResponse ? null : "default");
        }
        if (onResponse) {
            assertThat(both.request()).as("the request phase skips response rules")
                    .extracting(Rig.Outcome::action, Rig.Outcome::rule).containsExactly(Action.ALLOW, "default");
        } else {
            assertThat(both.response().rule()).as("request-only rules never decide the response phase").isNull();
        }
    }
}
