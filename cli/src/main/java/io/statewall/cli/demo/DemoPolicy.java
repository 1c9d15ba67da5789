package io.statewall.cli.demo;

import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy the demo enforces: {@code examples/thermal-power-unit.yaml} (bundled in the jar),
 * with its plant network moved to loopback ({@link DemoNetwork}) and each controller's port set
 * to the one its simulated PLC got. Nothing else changes: the rules, the plant model and the
 * protected traffic are the example's.
 *
 * @param policy      the loaded policy
 * @param captureYaml the policy for the run's recording ({@code --pcap}), which shows every
 *                    controller on the Modbus port 502 as a plant capture would: the same file but
 *                    for the controllers' ports, so that {@code statewall analyze --policy} judges
 *                    the recording as the NMA judged the run
 */
public record DemoPolicy(Policy policy, String captureYaml) {
    static final String EXAMPLE = "thermal-power-unit.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** @param controllers asset name of each controller → where its PLC listens */
    public static DemoPolicy forControllers(Map<String, InetSocketAddress> controllers) throws IOException {
        String example = example();
        String header = "# examples/" + EXAMPLE + " as statewall demo enforced it: the plant network 10.30.0.0/16\n"
                + "# moved to 127.30.0.0/16";
        String enforced = header + " and each controller's port set to its simulated PLC's.\n"
                + YAML.writeValueAsString(moved(example, controllers, true));
        String recorded = header + "; the recording shows the controllers on port 502.\n"
                + YAML.writeValueAsString(moved(example, controllers, false));
        try {
            return new DemoPolicy(PolicyLoader.parse(enforced, "examples/" + EXAMPLE + " (demo addresses)"), recorded);
        } catch (PolicyException e) {
            throw new IllegalStateException("the example policy does not load with the demo's addresses: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The policy {@code network}'s NMA enforces: the example's rules and plant variables, moved to the
     * demo's addresses as {@link #forControllers}, with the plant model's conditions replaced by the
     * network's own ({@link ControlNetwork#conditions()}): a state the network cannot see keeps no
     * condition (it is only pushed or declared), and a deadband keeps only the variables its new
     * condition reads.
     */
    static Policy forNetwork(Map<String, InetSocketAddress> controllers, ControlNetwork network) throws IOException {
        return load(networkYaml(controllers, network), network);
    }

    /**
     * The text of {@link #forNetwork}: what the NMA's policy file holds and the ASMA stores as a
     * policy version, byte for byte (the NMA reports the file's digest, which the ASMA matches
     * against its stored versions).
     */
    static String networkYaml(Map<String, InetSocketAddress> controllers, ControlNetwork network) throws IOException {
        JsonNode tree = moved(example(), controllers, true);
        for (Map.Entry<String, JsonNode> e : tree.path("plant").path("states").properties()) {
            if (!(e.getValue() instanceof ObjectNode state)) {
                continue;
            }
            String when = network.conditions().get(e.getKey());
            if (when == null) {
                state.removeAll();
                continue;
            }
            if (!state.has("when")) {
                throw new IllegalStateException("the example's state " + e.getKey() + " has no condition to replace");
            }
            state.put("when", when);
            if (state.get("deadband") instanceof ObjectNode deadband) {
                List<String> unread = new ArrayList<>();
                for (String variable : deadband.propertyNames()) {
                    if (!when.contains(variable)) {
                        unread.add(variable);
                    }
                }
                deadband.remove(unread);
                if (deadband.isEmpty()) {
                    state.remove("deadband");
                }
            }
        }
        for (String state : network.conditions().keySet()) {
            if (!tree.path("plant").path("states").has(state)) {
                throw new IllegalStateException("the example policy has no state " + state);
            }
        }
        return "# examples/" + EXAMPLE + " as " + network.nma() + " enforced it in statewall demo: the plant network"
                + " moved to\n# 127.30.0.0/16, the controllers' ports set to the simulated PLCs', the plant model's"
                + " conditions\n# those its own network can see.\n" + YAML.writeValueAsString(tree);
    }

    /** Loads {@code network}'s policy text. */
    static Policy load(String yaml, ControlNetwork network) {
        String source = "examples/" + EXAMPLE + " (" + network.nma() + ": its network's conditions)";
        try {
            return PolicyLoader.parse(yaml, source);
        } catch (PolicyException e) {
            throw new IllegalStateException(source + " does not load: " + e.getMessage(), e);
        }
    }

    private static String example() throws IOException {
        try (InputStream in = DemoPolicy.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IOException("the example policy " + EXAMPLE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode moved(String example, Map<String, InetSocketAddress> controllers, boolean withPorts) {
        JsonNode tree = YAML.readTree(example);
        JsonNode assets = tree.path("assets");
        for (Map.Entry<String, JsonNode> e : assets.properties()) {
            if (!(e.getValue() instanceof ObjectNode asset)) {
                continue;
            }
            for (String key : new String[] {"ip", "network"}) {
                if (asset.hasNonNull(key)) {
                    asset.put(key, DemoNetwork.toLoopback(asset.get(key).asString()));
                }
            }
            InetSocketAddress plc = controllers.get(e.getKey());
            if (plc != null) {
                if (!plc.getAddress().getHostAddress().equals(asset.path("ip").asString())) {
                    throw new IllegalStateException(e.getKey() + " listens on " + plc + ", not on its asset's address "
                            + asset.path("ip").asString());
                }
                if (withPorts) {
                    asset.put("port", plc.getPort());
                }
            }
        }
        for (String name : controllers.keySet()) {
            if (!assets.has(name)) {
                throw new IllegalStateException("the example policy has no asset " + name);
            }
        }
        return tree;
    }
}
