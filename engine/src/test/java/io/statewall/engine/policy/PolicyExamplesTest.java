package io.statewall.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.image.ValueType;
import io.statewall.engine.image.VariableBinding;
import io.statewall.engine.image.WordOrder;
import io.statewall.engine.state.CompiledStateModel;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped examples load, carry what they say, and verify without errors. */
class PolicyExamplesTest {
    static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();

    @Test
    void thermalPowerUnit() throws Exception {
        Policy p = PolicyLoader.load(EXAMPLES.resolve("thermal-power-unit.yaml"));
        assertThat(p.name()).isEqualTo("Unit 3 thermal power unit");
        assertThat(p.assets()).containsKeys("boiler-plc", "turbine-plc", "safety-plc", "hmi-1", "eng-ws", "historian");
        assertThat(p.assets().get("historian").network().version()).isEqualTo(6);
        assertThat(p.assets().get("control-net").port()).isEqualTo(Endpoint.ANY_PORT);
        assertThat(p.assets().get("boiler-plc").port()).isEqualTo(502);

        VariableBinding fuel = p.plant().variables().stream().filter(v -> v.name().equals("fuel_flow")).findFirst().orElseThrow();
        assertThat(fuel.type()).isEqualTo(ValueType.FLOAT32);
        assertThat(fuel.wordOrder()).isEqualTo(WordOrder.BIG);
        assertThat(fuel.point().area()).isEqualTo(DataArea.INPUT_REGISTERS);
        assertThat(fuel.point().serverAddrLo()).isEqualTo(0x0A1E_0214L); // 10.30.2.20
        VariableBinding tripped = p.plant().variables().getLast();
        assertThat(tripped.name()).isEqualTo("tripped");
        assertThat(tripped.type()).isEqualTo(ValueType.BOOL);
        assertThat(tripped.bit()).isEqualTo(3);
        assertThat(p.plant().variableLocations().get("drum_pressure")).isEqualTo(new SourceLocation(18, 5));
        assertThat(p.plant().states().maxAge()).containsEntry("drum_pressure", Duration.ofSeconds(5));
        assertThat(p.plant().locationOfState("trip")).isEqualTo(new SourceLocation(43, 5));

        CompiledStateModel compiled = p.plant().compile();
        assertThat(compiled.states()).extracting(s -> s.name())
                .containsExactly("stopped", "start-up", "normal", "shut-down", "trip", "maintenance", "unknown");
        assertThat(compiled.allowed(compiled.state("normal"), compiled.state("stopped"))).isFalse();
        assertThat(compiled.allowed(compiled.state("normal"), compiled.state("trip"))).isTrue();

        assertThat(p.protectedSpecs()).extracting(ProtectedSpec::id).containsExactly("esd-commands", "hmi-emergency-stop");
        assertThat(p.protectedSpecs().getFirst().match().functions()).isEqualTo(new IntRanges(List.of(
                new IntRanges.Range(5, 5), new IntRanges.Range(15, 15))));

        Rule breaker = p.rulesets().get("normal").rules().getFirst();
        assertThat(breaker.id()).isEqualTo("no-breaker-open-in-normal");
        assertThat(breaker.action()).isEqualTo(Action.BLOCK);
        assertThat(breaker.severity()).isEqualTo(1);
        assertThat(breaker.attack()).containsExactly("T0855", "T0831");
        assertThat(breaker.match().addresses()).isEqualTo(IntRanges.single(5));
        assertThat(breaker.match().values()).isEqualTo(IntRanges.single(0));
        assertThat(breaker.match().to()).extracting(Endpoint::port).containsExactly(502);
        assertThat(breaker.location()).isEqualTo(new SourceLocation(173, 9));

        Rule governor = p.rulesets().get("normal").rules().get(2);
        assertThat(governor.match().values()).isEqualTo(new IntRanges(List.of(
                new IntRanges.Range(0, 2899), new IntRanges.Range(3101, 65535))));
        Rule flood = p.common().stream().filter(r -> r.id().equals("write-flood")).findFirst().orElseThrow();
        assertThat(flood.rate()).isEqualTo(new Rate(20, Duration.ofSeconds(1)));
        assertThat(flood.match().operations()).containsExactlyInAnyOrder(Operation.WRITE, Operation.READ_WRITE);
        assertThat(p.rulesets()).containsOnlyKeys("stopped", "start-up", "normal", "shut-down", "trip", "maintenance");
        assertThat(p.rulesetFor("unknown")).isSameAs(p.defaultRuleset());
        assertThat(p.rulesets().get("normal").failMode()).isEqualTo(FailMode.OPEN);

        assertThat(PolicyVerifier.verify(p)).isEmpty();
    }

    @Test
    void theFormatDocumentsExampleLoadsWithoutErrors() throws Exception {
        String doc = java.nio.file.Files.readString(EXAMPLES.resolve("../docs/policy-format.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        Policy p = PolicyLoader.parse(yaml, "policy-format.md");
        assertThat(p.rulesets().get("normal").rules()).extracting(Rule::id)
                .containsExactly("no-breaker-open-in-normal", "setpoint-range", "write-flood");
        assertThat(PolicyVerifier.verify(p)).extracting(Finding::severity).containsOnly(Finding.Severity.WARNING);
    }

    @Test
    void modbusBenchMirrorsTheSuricataRules() throws Exception {
        Policy p = PolicyLoader.load(EXAMPLES.resolve("modbus-bench.yaml"));
        assertThat(p.plant()).isNull();
        assertThat(p.stateNames()).containsExactly("unknown");
        assertThat(p.defaultRuleset().defaultAction()).isEqualTo(Action.ALLOW);
        assertThat(p.common()).hasSize(10).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo(Action.ALERT);
            assertThat(r.match().to()).extracting(Endpoint::network).containsExactly(Network.ANY_V4, Network.ANY_V6);
            assertThat(r.match().to()).extracting(Endpoint::port).containsOnly(502);
        });
        assertThat(p.common()).extracting(Rule::id).containsExactly("sid-9000001", "sid-9000002", "sid-9000003",
                "sid-9000004", "sid-9000005", "sid-9000006", "sid-9000007", "sid-9000008", "sid-9000009", "sid-9000010");
        // 999<>1100 excludes both ends; Suricata's items are PDU addresses + 1
        assertThat(p.common().get(2).match().addresses()).isEqualTo(IntRanges.of(999, 1098));
        // address 210, value >900: strictly above
        assertThat(p.common().get(3).match().values()).isEqualTo(IntRanges.of(901, 65535));
        assertThat(p.common().get(3).match().addresses()).isEqualTo(IntRanges.of(209, 209));
        assertThat(p.common().get(4).match().addresses()).isEqualTo(IntRanges.of(399, 65535));
        assertThat(p.common().get(7).match().categories()).containsExactlyInAnyOrder(
                FunctionCategory.PUBLIC_UNASSIGNED, FunctionCategory.USER_DEFINED, FunctionCategory.RESERVED);
        assertThat(p.common().get(8).match().areas()).containsExactly(DataArea.COILS);
        assertThat(p.common().get(8).match().addresses()).isEqualTo(IntRanges.of(99, 198));
        assertThat(p.common().get(9).match().response()).isEqualTo(new ResponseMatch(true, null));
        assertThat(p.common().get(9).location()).isEqualTo(new SourceLocation(73, 5));

        assertThat(PolicyVerifier.verify(p)).isEmpty();
    }
}
