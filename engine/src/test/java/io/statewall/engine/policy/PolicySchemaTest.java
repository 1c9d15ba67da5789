package io.statewall.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema and the loader accept the same keys, and the examples use only those. (No
 * schema validator for Jackson 3 is available offline; key coverage is what drifts.)
 */
class PolicySchemaTest {
    static final String SCHEMA = "/io/statewall/engine/policy/statewall-policy.schema.json";

    static JsonNode schema() throws Exception {
        try (InputStream in = PolicySchemaTest.class.getResourceAsStream(SCHEMA)) {
            assertThat(in).as(SCHEMA + " on the class path").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

    /** The property names a schema object accepts, including those of the objects it pulls in through allOf/$ref. */
    static Set<String> properties(JsonNode schema, JsonNode def) {
        Set<String> keys = new LinkedHashSet<>(def.path("properties").propertyNames());
        for (JsonNode part : def.path("allOf")) {
            String ref = part.path("$ref").asString();
            assertThat(ref).startsWith("#/$defs/");
            keys.addAll(properties(schema, schema.path("$defs").path(ref.substring("#/$defs/".length()))));
        }
        return keys;
    }

    static JsonNode section(JsonNode schema, String name) {
        return name.equals("policy") ? schema : schema.path("$defs").path(name);
    }

    @Test
    void schemaIsDraft202012AndClosed() throws Exception {
        JsonNode s = schema();
        assertThat(s.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        for (String section : PolicyKeys.BY_SECTION.keySet()) {
            JsonNode def = section(s, section);
            assertThat(def.isMissingNode()).as(section).isFalse();
            boolean closed = def.path("additionalProperties").isBoolean() && !def.path("additionalProperties").asBoolean()
                    || def.path("unevaluatedProperties").isBoolean() && !def.path("unevaluatedProperties").asBoolean();
            assertThat(closed).as(section + " refuses unknown keys, as the loader does").isTrue();
        }
    }

    @Test
    void everyLoaderKeyIsInTheSchemaAndViceVersa() throws Exception {
        JsonNode s = schema();
        for (Map.Entry<String, List<String>> e : PolicyKeys.BY_SECTION.entrySet()) {
            assertThat(properties(s, section(s, e.getKey()))).as(e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    @Test
    void everySchemaReferenceResolves() throws Exception {
        JsonNode s = schema();
        List<String> refs = new ArrayList<>();
        collectRefs(s, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref ->
                assertThat(s.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }

    /** The example policies ({@code *.plant.yaml} are the ASMA's plant files, another format, checked in asma). */
    static Stream<Path> examples() throws Exception {
        try (Stream<Path> files = Files.list(PolicyExamplesTest.EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".plant.yaml")).sorted()
                    .toList().stream();
        }
    }

    /** Walks an example as the schema sees it and checks every key against its section. */
    @ParameterizedTest
    @MethodSource("examples")
    void examplesUseOnlySchemaKeys(Path file) throws Exception {
        JsonNode s = schema();
        YamlTree tree = YamlTree.parse(Files.readString(file));
        assertThat(tree.problems()).isEmpty();
        List<String> violations = new ArrayList<>();
        JsonNode root = tree.root();
        keys(s, "policy", root, "", violations);
        root.path("assets").properties().forEach(e -> keys(s, "asset", e.getValue(), "/assets/" + e.getKey(), violations));
        JsonNode plant = root.path("plant");
        if (!plant.isMissingNode()) {
            keys(s, "plant", plant, "/plant", violations);
            plant.path("variables").properties().forEach(e -> keys(s, "variable", e.getValue(), "/plant/variables/" + e.getKey(), violations));
            plant.path("states").properties().forEach(e -> keys(s, "state", e.getValue(), "/plant/states/" + e.getKey(), violations));
        }
        root.path("protected").forEach(p -> keys(s, "protected", p, "/protected", violations));
        List<JsonNode> rulesets = new ArrayList<>();
        root.path("rulesets").properties().forEach(e -> rulesets.add(e.getValue()));
        if (!root.path("default_ruleset").isMissingNode()) {
            rulesets.add(root.path("default_ruleset"));
        }
        List<JsonNode> rules = new ArrayList<>();
        root.path("common").forEach(rules::add);
        for (JsonNode rs : rulesets) {
            keys(s, "ruleset", rs, "ruleset", violations);
            rs.path("rules").forEach(rules::add);
        }
        for (JsonNode r : rules) {
            keys(s, "rule", r, "rule " + r.path("id").asString(), violations);
            if (r.has("response")) {
                keys(s, "response", r.path("response"), "rule " + r.path("id").asString() + " response", violations);
            }
        }
        assertThat(rules).isNotEmpty();
        assertThat(violations).isEmpty();
    }

    private static void keys(JsonNode schema, String section, JsonNode node, String where, List<String> violations) {
        Set<String> allowed = properties(schema, section(schema, section));
        for (String k : node.propertyNames()) {
            if (!allowed.contains(k)) {
                violations.add(where + ": '" + k + "' is not in the schema's " + section);
            }
        }
    }
}
