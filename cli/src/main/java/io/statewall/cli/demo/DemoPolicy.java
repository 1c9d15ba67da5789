package io.statewall.cli.demo;

import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
        String example;
        try (InputStream in = DemoPolicy.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IOException("the example policy " + EXAMPLE + " is missing from the build");
            }
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
