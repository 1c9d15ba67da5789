package io.statewall.asma.plant;

import io.statewall.engine.policy.Durations;
import io.statewall.engine.state.VariableTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the ASMA's plant file. Every problem is reported with the path of the key at fault
 * ({@code cross_checks[1].condition: …}); unknown keys are errors; nothing half-read is used.
 *
 * <pre>
 * statewall-plant: 1
 * name: thermal power unit 3
 * states:                        # plant-wide states, highest priority first
 *   trip:        { votes: 1 }    # one observing NMA reporting a trip is enough
 *   normal:      { votes: 2 }    # normal needs two networks to agree
 *   stopped: {}                  # votes default to 1
 * nmas:
 *   boiler:  { observes: true }  # its network shows the operating state: it votes
 *   safety:  { observes: false } # it follows the state the ASMA pushes
 * disagreement_after: 10s        # an NMA enforcing another state this long: alert
 * variables:                     # values the NMAs report, named for the checks below
 *   breaker: { nma: turbine, point: breaker_closed, max_age: 5s }
 *   load_mw: { nma: turbine, point: load_mw, max_age: 5s }
 * cross_checks:
 *   - { id: breaker-implies-load, condition: "breaker == 0 or load_mw > 2", for: 5s, attack: [T0856] }
 *   - { id: drum-pressure-agrees, agree: [p_boiler, p_turbine], tolerance: 3, for: 5s }
 * correlations:
 *   - id: recon-then-write
 *     first: { attack: [T0846, T0888] }
 *     then:  { attack: [T0855, T0836, T0831] }
 *     within: 10m
 *   - { id: one-source-many-zones, spread: 2, within: 5m }
 * </pre>
 */
public final class PlantModelLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    /** A plant file that cannot be used, with every problem found. */
    public static final class PlantModelException extends Exception {
        private final List<String> problems;

        PlantModelException(String source, List<String> problems) {
            super(source + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final List<String> problems = new ArrayList<>();

    private PlantModelLoader() {
    }

    public static PlantModel load(Path file) throws IOException, PlantModelException {
        return parse(Files.readString(file), file.toString());
    }

    public static PlantModel parse(String yaml, String source) throws PlantModelException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new PlantModelException(source, List.of("YAML syntax at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        }
        PlantModelLoader l = new PlantModelLoader();
        PlantModel m = l.read(root);
        if (!l.problems.isEmpty()) {
            throw new PlantModelException(source, l.problems);
        }
        return m;
    }

    private PlantModel read(JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add("the file is a mapping with 'statewall-plant: 1' first");
            return null;
        }
        keys(root, "", Set.of("statewall-plant", "name", "states", "nmas", "disagreement_after", "variables",
                "cross_checks", "correlations"));
        JsonNode version = root.get("statewall-plant");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() != 1) {
            problems.add("statewall-plant: 1 expected (the format version)");
        }
        String name = root.has("name") ? root.get("name").asString() : "";
        List<PlantModel.PlantState> states = states(root.get("states"));
        Map<String, PlantModel.NmaRole> nmas = nmas(root.get("nmas"));
        Duration after = root.has("disagreement_after") ? duration(root.get("disagreement_after"), "disagreement_after")
                : Duration.ofSeconds(10);
        Map<String, PlantModel.Variable> variables = variables(root.get("variables"), nmas);
        List<PlantModel.CrossCheck> checks = crossChecks(root.get("cross_checks"), variables);
        List<PlantModel.Correlation> correlations = correlations(root.get("correlations"));
        return new PlantModel(name, states, nmas, after, variables, checks, correlations);
    }

    private List<PlantModel.PlantState> states(JsonNode node) {
        List<PlantModel.PlantState> out = new ArrayList<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add("states: the plant-wide states, highest priority first, are required (e.g. trip: { votes: 1 })");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = "states." + e.getKey();
            JsonNode s = e.getValue();
            int votes = 1;
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    problems.add(at + ": a mapping { votes } expected");
                    continue;
                }
                keys(s, at + ".", Set.of("votes"));
                if (s.has("votes")) {
                    votes = number(s.get("votes"), at + ".votes", 1, 1000, 1);
                }
            }
            if (e.getKey().equals(StateFusion.UNKNOWN)) {
                problems.add(at + ": 'unknown' is what the ASMA reports before any state is known; it cannot be declared");
            }
            out.add(new PlantModel.PlantState(e.getKey(), votes));
        }
        return out;
    }

    private Map<String, PlantModel.NmaRole> nmas(JsonNode node) {
        Map<String, PlantModel.NmaRole> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            problems.add("nmas: a mapping of NMA names to { observes } expected");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = "nmas." + e.getKey();
            JsonNode n = e.getValue();
            boolean observes = true;
            if (n != null && !n.isNull()) {
                if (!n.isObject()) {
                    problems.add(at + ": a mapping { observes } expected");
                    continue;
                }
                keys(n, at + ".", Set.of("observes"));
                if (n.has("observes")) {
                    if (!n.get("observes").isBoolean()) {
                        problems.add(at + ".observes: true or false expected");
                    } else {
                        observes = n.get("observes").asBoolean();
                    }
                }
            }
            out.put(e.getKey(), new PlantModel.NmaRole(e.getKey(), observes));
        }
        return out;
    }

    private Map<String, PlantModel.Variable> variables(JsonNode node, Map<String, PlantModel.NmaRole> nmas) {
        Map<String, PlantModel.Variable> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            problems.add("variables: a mapping of names to { nma, point, max_age } expected");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = "variables." + e.getKey();
            JsonNode v = e.getValue();
            if (v == null || !v.isObject()) {
                problems.add(at + ": a mapping { nma, point, max_age } expected");
                continue;
            }
            keys(v, at + ".", Set.of("nma", "point", "max_age"));
            String nma = text(v.get("nma"), at + ".nma");
            String point = text(v.get("point"), at + ".point");
            if (nma != null && !nmas.containsKey(nma)) {
                problems.add(at + ".nma: '" + nma + "' is not one of nmas (" + String.join(", ", nmas.keySet()) + ")");
            }
            try {
                VariableTable.of(e.getKey());
            } catch (IllegalArgumentException bad) {
                problems.add(at + ": " + bad.getMessage());
            }
            Duration maxAge = v.has("max_age") ? duration(v.get("max_age"), at + ".max_age") : null;
            if (nma != null && point != null) {
                out.put(e.getKey(), new PlantModel.Variable(e.getKey(), nma, point, maxAge));
            }
        }
        return out;
    }

    private List<PlantModel.CrossCheck> crossChecks(JsonNode node, Map<String, PlantModel.Variable> variables) {
        List<PlantModel.CrossCheck> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            problems.add("cross_checks: a list expected");
            return out;
        }
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(null);
        VariableTable table = VariableTable.of(names);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "cross_checks[" + i + "]";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add(at + ": a mapping { id, condition | agree, for, attack } expected");
                continue;
            }
            keys(c, at + ".", Set.of("id", "description", "condition", "agree", "tolerance", "for", "attack"));
            String id = id(c, at, ids);
            String description = c.has("description") ? c.get("description").asString() : "";
            Duration holdFor = c.has("for") ? duration(c.get("for"), at + ".for") : Duration.ZERO;
            List<String> attack = attack(c.get("attack"), at + ".attack", List.of("T0856", "T0832"));
            if (c.has("condition") == c.has("agree")) {
                problems.add(at + ": exactly one of condition (a relation that must hold) or agree ([a, b]) expected");
                continue;
            }
            if (c.has("condition")) {
                String condition = text(c.get("condition"), at + ".condition");
                if (condition == null) {
                    continue;
                }
                try {
                    CrossChecker.compile(condition, table);
                } catch (IllegalArgumentException bad) {
                    problems.add(at + ".condition: " + bad.getMessage() + " (variables: " + String.join(", ", names) + ")");
                    continue;
                }
                out.add(new PlantModel.CrossCheck.Holds(id, description, condition, holdFor, attack));
            } else {
                JsonNode pair = c.get("agree");
                if (!pair.isArray() || pair.size() != 2) {
                    problems.add(at + ".agree: two variables [a, b] expected");
                    continue;
                }
                String a = pair.get(0).asString();
                String b = pair.get(1).asString();
                for (String v : List.of(a, b)) {
                    if (!variables.containsKey(v)) {
                        problems.add(at + ".agree: no variable '" + v + "' (variables: " + String.join(", ", names) + ")");
                    }
                }
                double tolerance = 0;
                if (c.has("tolerance")) {
                    JsonNode t = c.get("tolerance");
                    if (!t.isNumber() || t.asDouble() < 0) {
                        problems.add(at + ".tolerance: a number of at least 0 expected");
                    } else {
                        tolerance = t.asDouble();
                    }
                }
                out.add(new PlantModel.CrossCheck.Agree(id, description, a, b, tolerance, holdFor, attack));
            }
        }
        return out;
    }

    private List<PlantModel.Correlation> correlations(JsonNode node) {
        List<PlantModel.Correlation> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            problems.add("correlations: a list expected");
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "correlations[" + i + "]";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add(at + ": a mapping expected");
                continue;
            }
            keys(c, at + ".", Set.of("id", "description", "first", "then", "same_source", "spread", "within", "attack",
                    "severity"));
            String id = id(c, at, ids);
            String description = c.has("description") ? c.get("description").asString() : "";
            Duration within = c.has("within") ? duration(c.get("within"), at + ".within") : Duration.ofMinutes(10);
            int severity = c.has("severity") ? number(c.get("severity"), at + ".severity", 1, 4, 1) : 1;
            if (c.has("spread") == (c.has("first") || c.has("then"))) {
                problems.add(at + ": either first and then (a sequence), or spread: N (one source, N NMAs) expected");
                continue;
            }
            if (c.has("spread")) {
                int n = number(c.get("spread"), at + ".spread", 2, 1000, 2);
                out.add(new PlantModel.Correlation.Spread(id, description, n, within,
                        attack(c.get("attack"), at + ".attack", List.of("T0846")), severity));
            } else {
                if (!c.has("first") || !c.has("then")) {
                    problems.add(at + ": a sequence needs both first and then");
                    continue;
                }
                PlantModel.AlertMatch first = match(c.get("first"), at + ".first");
                PlantModel.AlertMatch then = match(c.get("then"), at + ".then");
                boolean sameSource = false;
                if (c.has("same_source")) {
                    if (!c.get("same_source").isBoolean()) {
                        problems.add(at + ".same_source: true or false expected");
                    } else {
                        sameSource = c.get("same_source").asBoolean();
                    }
                }
                List<String> attack = new ArrayList<>(first.attack());
                then.attack().stream().filter(t -> !attack.contains(t)).forEach(attack::add);
                out.add(new PlantModel.Correlation.Sequence(id, description, first, then, sameSource, within,
                        attack(c.get("attack"), at + ".attack", attack), severity));
            }
        }
        return out;
    }

    private PlantModel.AlertMatch match(JsonNode m, String at) {
        if (!m.isObject()) {
            problems.add(at + ": a mapping { attack, detector, blocked } expected");
            return new PlantModel.AlertMatch(List.of(), List.of(), null);
        }
        keys(m, at + ".", Set.of("attack", "detector", "blocked"));
        List<String> attack = attack(m.get("attack"), at + ".attack", List.of());
        List<String> detectors = new ArrayList<>();
        JsonNode d = m.get("detector");
        if (d != null) {
            if (d.isArray()) {
                d.forEach(x -> detectors.add(x.asString()));
            } else {
                detectors.add(d.asString());
            }
        }
        Boolean blocked = null;
        if (m.has("blocked")) {
            if (!m.get("blocked").isBoolean()) {
                problems.add(at + ".blocked: true or false expected");
            } else {
                blocked = m.get("blocked").asBoolean();
            }
        }
        return new PlantModel.AlertMatch(attack, detectors, blocked);
    }

    private String id(JsonNode c, String at, Set<String> ids) {
        String id = text(c.get("id"), at + ".id");
        if (id != null && !ids.add(id)) {
            problems.add(at + ".id: '" + id + "' is used twice");
        }
        return id == null ? at : id;
    }

    private List<String> attack(JsonNode n, String at, List<String> fallback) {
        if (n == null) {
            return fallback;
        }
        if (!n.isArray()) {
            problems.add(at + ": a list of ATT&CK for ICS technique ids such as [T0856] expected");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        n.forEach(t -> {
            if (!TECHNIQUE.matcher(t.asString()).matches()) {
                problems.add(at + ": '" + t.asString() + "' is not an ATT&CK technique id (T followed by four digits)");
            } else {
                out.add(t.asString());
            }
        });
        return out;
    }

    private String text(JsonNode n, String at) {
        if (n == null || !n.isString() || n.asString().isBlank()) {
            problems.add(at + ": a non-empty text is required");
            return null;
        }
        return n.asString();
    }

    private int number(JsonNode n, String at, int min, int max, int fallback) {
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            problems.add(at + ": a whole number from " + min + " to " + max + " expected, found '" + n.asString() + "'");
            return fallback;
        }
        return n.asInt();
    }

    private Duration duration(JsonNode n, String at) {
        Duration d = n.isString() ? Durations.parse(n.asString()) : null;
        if (d == null) {
            problems.add(at + ": a duration such as 500ms, 5s, 10m or 1h expected, found '" + n.asString() + "'");
            return Duration.ZERO;
        }
        return d;
    }

    private void keys(JsonNode node, String prefix, Set<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
