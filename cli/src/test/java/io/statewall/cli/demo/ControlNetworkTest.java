package io.statewall.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.engine.policy.Policy;
import io.statewall.plantsim.Controller;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The demo's split into two control networks holds together: each NMA's conditions read only
 * the variables its own controllers serve, its policy loads, and the ASMA's plant file names
 * exactly these NMAs and takes each variable from the NMA that can see it.
 */
class ControlNetworkTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern WORD = Pattern.compile("[a-z_]+");

    @Test
    void everyControllerIsBehindExactlyOneNma() {
        Map<Controller, String> owner = new HashMap<>();
        for (ControlNetwork n : ControlNetwork.DEMO) {
            for (Controller c : n.controllers()) {
                assertThat(owner.put(c, n.nma())).as("%s behind two NMAs", c).isNull();
            }
        }
        assertThat(owner.keySet()).containsExactlyInAnyOrder(Controller.values());
    }

    @Test
    void eachNetworksConditionsReadOnlyItsOwnControllersVariables() throws Exception {
        Map<String, String> assetOf = variableAssets();
        for (ControlNetwork n : ControlNetwork.DEMO) {
            Set<String> own = new TreeSet<>();
            n.controllers().forEach(c -> own.add(c.asset()));
            for (Map.Entry<String, String> e : n.conditions().entrySet()) {
                Matcher m = WORD.matcher(e.getValue());
                int read = 0;
                while (m.find()) {
                    String asset = assetOf.get(m.group());
                    if (asset != null) {
                        read++;
                        assertThat(own).as("%s's %s condition reads %s", n.nma(), e.getKey(), m.group()).contains(asset);
                    }
                }
                assertThat(read).as("%s's %s condition reads a variable", n.nma(), e.getKey()).isPositive();
            }
        }
    }

    @Test
    void eachNetworksPolicyLoadsWithTheExamplesRulesAndItsOwnConditions() throws Exception {
        Map<String, InetSocketAddress> plcs = new LinkedHashMap<>();
        plcs.put("boiler-plc", new InetSocketAddress(DemoNetwork.BOILER_PLC, 5020));
        plcs.put("turbine-plc", new InetSocketAddress(DemoNetwork.TURBINE_PLC, 5021));
        plcs.put("safety-plc", new InetSocketAddress(DemoNetwork.SAFETY_PLC, 5022));
        Policy whole = DemoPolicy.forControllers(plcs).policy();
        for (ControlNetwork n : ControlNetwork.DEMO) {
            Policy mine = DemoPolicy.forNetwork(plcs, n);
            assertThat(mine.rulesets().keySet()).as(n.nma()).isEqualTo(whole.rulesets().keySet());
            assertThat(mine.common()).as(n.nma()).hasSameSizeAs(whole.common());
            assertThat(mine.stateNames()).as(n.nma()).isEqualTo(whole.stateNames());
            for (String state : whole.rulesets().keySet()) {
                assertThat(mine.rulesets().get(state).rules()).as("%s %s", n.nma(), state)
                        .hasSameSizeAs(whole.rulesets().get(state).rules());
            }
        }
    }

    @Test
    void thePlantFileNamesTheseNmasAndTakesEachVariableFromTheNmaThatSeesIt() throws Exception {
        JsonNode plant;
        try (InputStream in = DemoAsma.class.getResourceAsStream(DemoAsma.PLANT_FILE)) {
            plant = YAML.readTree(in);
        }
        assertThat(plant.path("nmas").propertyNames()).containsExactlyInAnyOrderElementsOf(
                ControlNetwork.DEMO.stream().map(ControlNetwork::nma).toList());
        Map<String, String> assetOf = variableAssets();
        int checked = 0;
        for (Map.Entry<String, JsonNode> v : plant.path("variables").properties()) {
            String point = v.getValue().path("point").asString();
            Controller c = controllerOf(assetOf.get(point));
            assertThat(v.getValue().path("nma").asString()).as(point).isEqualTo(ControlNetwork.of(c).nma());
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    private static Controller controllerOf(String asset) {
        for (Controller c : Controller.values()) {
            if (c.asset().equals(asset)) {
                return c;
            }
        }
        throw new AssertionError("no controller " + asset);
    }

    /** The example policy's plant variables → the asset that serves each. */
    private static Map<String, String> variableAssets() throws Exception {
        JsonNode example;
        try (InputStream in = DemoPolicy.class.getResourceAsStream(DemoPolicy.EXAMPLE)) {
            example = YAML.readTree(in);
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> v : example.path("plant").path("variables").properties()) {
            out.put(v.getKey(), v.getValue().path("asset").asString());
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(List.of("drum_pressure", "load_mw", "tripped").size());
        return out;
    }
}
