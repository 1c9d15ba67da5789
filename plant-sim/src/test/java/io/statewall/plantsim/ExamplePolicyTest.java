package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Holds the simulator to {@code examples/thermal-power-unit.yaml}: every plant variable the policy
 * binds is served at that controller, unit, area and address, in that type, scale and word order
 * (read raw over Modbus and decoded as the policy says, it equals the HMI's tag and the physics);
 * and {@link ExamplePolicyStates} is a faithful transcription of the policy's states.
 */
class ExamplePolicyTest {
    private static final Path POLICY = Path.of("..", "examples", "thermal-power-unit.yaml");

    private static JsonNode plant() throws Exception {
        assertThat(POLICY).as("the example policy beside this module").exists();
        return new YAMLMapper().readTree(Files.readString(POLICY)).get("plant");
    }

    private static Controller controllerOf(String asset) {
        for (Controller c : Controller.values()) {
            if (c.asset().equals(asset)) {
                return c;
            }
        }
        throw new AssertionError("the policy binds a variable to " + asset + ", which the simulator does not run");
    }

    @Test
    void everyPolicyVariableIsServedWhereAndAsThePolicySays() throws Exception {
        JsonNode variables = plant().get("variables");
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start();
             Hmi hmi = new Hmi(sim.endpoints(), HmiConfig.defaults())) {
            // A unit at speed with some load, so that no value is a trivial zero.
            sim.run(Scenario.normalOperation(false), sim.directCommands(DeclarationListener.NONE));
            sim.advance(420);
            hmi.pollOnce();
            PlantSnapshot s = sim.snapshot();
            Map<String, Double> physics = Map.of("drum_pressure", s.drumPressure(), "steam_temp", s.steamTemp(),
                    "fuel_flow", s.fuelFlow(), "turbine_speed", s.turbineSpeed(), "governor_valve", s.governorValve(),
                    "breaker_closed", s.breakerClosed() ? 1.0 : 0.0, "load_mw", s.loadMw(),
                    "tripped", s.tripped() ? 1.0 : 0.0);
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, JsonNode> e : variables.properties()) {
                String name = e.getKey();
                JsonNode b = e.getValue();
                seen.add(name);
                Controller c = controllerOf(b.get("asset").asString());
                assertThat(b.has("unit") ? b.get("unit").asInt() : 1).as(name + " unit").isEqualTo(Points.UNIT_ID);
                String area = b.get("area").asString();
                int address = b.get("address").asInt();
                String type = b.has("type") ? b.get("type").asString()
                        : area.equals("coils") || area.equals("discrete_inputs") || b.has("bit") ? "bool" : "uint16";
                double scale = b.has("scale") ? b.get("scale").asDouble() : 1;
                boolean bigWords = !b.has("word_order") || b.get("word_order").asString().equals("big");
                double decoded;
                try (ModbusLink link = new ModbusLink(sim.endpoint(c), null, Duration.ofSeconds(2))) {
                    decoded = switch (area) {
                        case "coils" -> link.readCoils(address, 1)[0] ? 1 : 0;
                        case "holding_registers", "input_registers" -> {
                            int words = type.equals("float32") || type.endsWith("int32") ? 2 : 1;
                            int[] r = area.equals("holding_registers") ? link.readHoldingRegisters(address, words)
                                    : link.readInputRegisters(address, words);
                            if (b.has("bit")) {
                                yield (r[0] >> b.get("bit").asInt()) & 1;
                            }
                            int high = bigWords || words == 1 ? r[0] : r[1];
                            int low = words == 1 ? 0 : bigWords ? r[1] : r[0];
                            yield switch (type) {
                                case "uint16" -> r[0] * scale;
                                case "int16" -> (short) r[0] * scale;
                                case "float32" -> Hmi.float32(high, low) * scale;
                                default -> throw new AssertionError(name + ": type " + type + " not served");
                            };
                        }
                        default -> throw new AssertionError(name + ": area " + area + " not served");
                    };
                }
                assertThat(decoded).as(name + " decoded as the policy binds it = the HMI's tag")
                        .isEqualTo(hmi.value(name));
                assertThat(decoded).as(name + " = the physics, to the register's resolution")
                        .isCloseTo(physics.get(name), within(Math.max(scale / 2, 1e-3) + 1e-9));
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(ExamplePolicyStates.VARIABLES);
            assertThat(physics.get("turbine_speed")).isGreaterThan(2990);
            assertThat(physics.get("load_mw")).isGreaterThan(50);
            assertThat(physics.get("breaker_closed")).isEqualTo(1);
        }
    }

    @Test
    void theStatesTranscriptionMatchesThePolicy() throws Exception {
        JsonNode plant = plant();
        JsonNode states = plant.get("states");
        Set<String> transcribed = new HashSet<>();
        for (ExamplePolicyStates.Def d : ExamplePolicyStates.STATES) {
            transcribed.add(d.name());
            JsonNode s = states.get(d.name());
            assertThat(s).as(d.name()).isNotNull();
            assertThat(s.get("when").asString()).as(d.name() + " when").isEqualTo(d.text());
            assertThat(s.get("priority").asInt()).as(d.name() + " priority").isEqualTo(d.priority());
            assertThat(s.has("dwell") ? seconds(s.get("dwell").asString()) : 0).as(d.name() + " dwell")
                    .isEqualTo(d.dwellSeconds());
            assertThat(s.has("overrides_dwell") && s.get("overrides_dwell").asBoolean()).as(d.name() + " overrides_dwell")
                    .isEqualTo(d.overridesDwell());
            Map<String, Double> deadband = new HashMap<>();
            if (s.has("deadband")) {
                s.get("deadband").properties().forEach(e -> deadband.put(e.getKey(), e.getValue().asDouble()));
            }
            assertThat(deadband).as(d.name() + " deadband")
                    .isEqualTo(ExamplePolicyStates.DEADBANDS.getOrDefault(d.name(), Map.of()));
        }
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            if (!transcribed.contains(e.getKey())) {
                assertThat(e.getValue().has("when")).as(e.getKey() + ": only declared states are left out").isFalse();
            }
        }
        Map<String, Set<String>> transitions = new HashMap<>();
        plant.get("transitions").properties().forEach(e -> {
            Set<String> to = new HashSet<>();
            e.getValue().forEach(n -> to.add(n.asString()));
            transitions.put(e.getKey(), to);
        });
        assertThat(transitions).isEqualTo(ExamplePolicyStates.TRANSITIONS);
        assertThat(seconds(plant.get("default_max_age").asString())).isEqualTo(ExamplePolicyStates.DEFAULT_MAX_AGE);
        plant.get("variables").properties().forEach(e -> {
            JsonNode age = e.getValue().get("max_age");
            assertThat(age == null ? ExamplePolicyStates.DEFAULT_MAX_AGE : seconds(age.asString())).as(e.getKey())
                    .isEqualTo(ExamplePolicyStates.MAX_AGE.getOrDefault(e.getKey(), ExamplePolicyStates.DEFAULT_MAX_AGE));
        });
    }

    private static double seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Double.parseDouble(duration.substring(0, duration.length() - 1));
    }
}
