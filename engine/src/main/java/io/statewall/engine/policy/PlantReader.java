package io.statewall.engine.policy;

import io.statewall.engine.image.PointKey;
import io.statewall.engine.image.ValueType;
import io.statewall.engine.image.VariableBinding;
import io.statewall.engine.image.WordOrder;
import io.statewall.engine.state.ConditionParser;
import io.statewall.engine.state.ConditionSyntaxException;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.StateDef;
import io.statewall.engine.state.StateModel;
import io.statewall.engine.state.VariableTable;
import io.statewall.protocols.DataArea;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code plant:}: variables bound to points of single-address assets, and the state model.
 * Conditions are parsed here with the variables known so far, so that a syntax error points
 * at the column inside the condition; the state model is then compiled once as a last check.
 */
final class PlantReader {
    private static final Set<DataArea> POINT_AREAS = EnumSet.of(DataArea.COILS, DataArea.DISCRETE_INPUTS,
            DataArea.INPUT_REGISTERS, DataArea.HOLDING_REGISTERS);

    private final FieldReader r;
    private final Map<String, Asset> assets;
    private final String[] lines;

    PlantReader(FieldReader r, Map<String, Asset> assets, String text) {
        this.r = r;
        this.assets = assets;
        this.lines = text.split("\r?\n", -1);
    }

    PlantModel read(YamlNode plant) {
        int before = r.problems.size();
        r.checkKeys(plant, PolicyKeys.PLANT, "plant");
        List<VariableBinding> vars = new ArrayList<>();
        Map<String, SourceLocation> varAt = new LinkedHashMap<>();
        Map<String, Duration> maxAge = new LinkedHashMap<>();
        YamlNode vn = plant.get("variables");
        if (vn != null && r.expectMap(vn, "plant: variables")) {
            for (var e : vn.entries()) {
                VariableBinding b = variable(e.getKey(), e.getValue(), maxAge);
                if (b != null) {
                    vars.add(b);
                    varAt.put(b.name(), e.getValue().keyAt());
                }
            }
        }
        VariableTable table = VariableTable.of(vars.stream().map(VariableBinding::name).toList());

        List<StateDef> states = new ArrayList<>();
        Map<String, SourceLocation> stateAt = new LinkedHashMap<>();
        YamlNode sn = plant.get("states");
        if (sn != null && r.expectMap(sn, "plant: states")) {
            for (var e : sn.entries()) {
                StateDef d = state(e.getKey(), e.getValue(), table);
                if (d != null) {
                    states.add(d);
                    stateAt.put(d.name(), e.getValue().keyAt());
                }
            }
        }
        Set<String> known = new LinkedHashSet<>(stateAt.keySet());
        known.add(StateModel.UNKNOWN);
        String initial = stateName(plant.get("initial"), known, "plant: initial");
        String stale = stateName(plant.get("stale"), known, "plant: stale");
        Duration defaultMaxAge = plant.get("default_max_age") == null ? null
                : r.duration(plant.get("default_max_age"), "plant: default_max_age");
        Map<String, Set<String>> transitions = new LinkedHashMap<>();
        YamlNode tn = plant.get("transitions");
        if (tn != null && r.expectMap(tn, "plant: transitions")) {
            for (var e : tn.entries()) {
                String ctx = "transitions from '" + e.getKey() + "'";
                if (!known.contains(e.getKey())) {
                    r.problem(e.getValue().keyAt(), ctx + ": unknown state '" + e.getKey() + "' (known: " + String.join(", ", known) + ")");
                    continue;
                }
                Set<String> next = new LinkedHashSet<>();
                for (YamlNode item : e.getValue().itemsOrSelf()) {
                    String s = stateName(item, known, ctx);
                    if (s != null) {
                        next.add(s);
                    }
                }
                transitions.put(e.getKey(), next);
            }
        }
        if (r.problems.size() != before) {
            return null;
        }
        StateModel model = new StateModel(states, transitions, initial, stale, maxAge, defaultMaxAge);
        try {
            model.compile(table);
        } catch (InvalidStateModelException e) {
            for (String p : e.problems()) {
                r.problem(plant.keyAt(), "plant: " + p);
            }
            return null;
        }
        return new PlantModel(vars, model, varAt, stateAt);
    }

    private String stateName(YamlNode n, Set<String> known, String ctx) {
        if (n == null) {
            return null;
        }
        String s = r.string(n, ctx);
        if (s != null && !known.contains(s)) {
            r.problem(n.at(), ctx + ": unknown state '" + s + "' (known: " + String.join(", ", known) + ")");
            return null;
        }
        return s;
    }

    private VariableBinding variable(String name, YamlNode n, Map<String, Duration> maxAge) {
        String ctx = "variable '" + name + "'";
        try {
            VariableTable.of(name);
        } catch (IllegalArgumentException e) {
            r.problem(n.keyAt(), ctx + ": " + e.getMessage());
            return null;
        }
        if (!r.expectMap(n, ctx)) {
            return null;
        }
        int before = r.problems.size();
        r.checkKeys(n, PolicyKeys.VARIABLE, ctx);
        Asset asset = null;
        YamlNode an = n.get("asset");
        if (an == null) {
            r.problem(n.at(), ctx + ": missing 'asset' (the PLC that holds the point)");
        } else {
            String a = r.string(an, ctx + ": asset");
            asset = a == null ? null : assets.get(a);
            if (a != null && asset == null) {
                r.problem(an.at(), ctx + ": unknown asset '" + a + "' (known: "
                        + (assets.isEmpty() ? "none" : String.join(", ", assets.keySet())) + ")");
            } else if (asset != null && (!asset.isSingleAddress() || asset.port() == Endpoint.ANY_PORT)) {
                r.problem(an.at(), ctx + ": asset '" + a + "' is a network; a variable lives on one host (an 'ip' asset)");
                asset = null;
            }
        }
        Integer unit = n.get("unit") == null ? Integer.valueOf(1) : r.integer(n.get("unit"), 0, 255, ctx + ": unit");
        DataArea area = null;
        if (n.get("area") == null) {
            r.problem(n.at(), ctx + ": missing 'area' (coils, discrete_inputs, input_registers, holding_registers)");
        } else {
            area = r.oneEnum(n.get("area"), DataArea.class, POINT_AREAS, ctx + ": area");
        }
        Integer address = null;
        if (n.get("address") == null) {
            r.problem(n.at(), ctx + ": missing 'address' (0-based PDU address)");
        } else {
            address = r.integer(n.get("address"), 0, 65535, ctx + ": address");
        }
        ValueType type = null;
        if (n.get("type") != null) {
            type = r.oneEnum(n.get("type"), ValueType.class, EnumSet.allOf(ValueType.class), ctx + ": type");
        }
        WordOrder order = WordOrder.BIG;
        if (n.get("word_order") != null) {
            WordOrder o = r.oneEnum(n.get("word_order"), WordOrder.class, EnumSet.allOf(WordOrder.class), ctx + ": word_order");
            order = o == null ? order : o;
        }
        Integer bit = n.get("bit") == null ? Integer.valueOf(-1) : r.integer(n.get("bit"), 0, 15, ctx + ": bit");
        Double scale = n.get("scale") == null ? Double.valueOf(1) : r.number(n.get("scale"), ctx + ": scale");
        Double offset = n.get("offset") == null ? Double.valueOf(0) : r.number(n.get("offset"), ctx + ": offset");
        if (n.get("max_age") != null) {
            Duration d = r.duration(n.get("max_age"), ctx + ": max_age");
            if (d != null) {
                maxAge.put(name, d);
            }
        }
        if (r.problems.size() != before || asset == null) {
            return null;
        }
        if (type == null) {
            type = area == DataArea.COILS || area == DataArea.DISCRETE_INPUTS || bit >= 0 ? ValueType.BOOL : ValueType.UINT16;
        }
        Network net = asset.network();
        long hi = net.version() == 4 ? 0 : net.hi();
        PointKey point = new PointKey(hi, net.lo(), asset.port(), unit, area, address);
        try {
            return new VariableBinding(name, point, type, order, bit, scale, offset);
        } catch (IllegalArgumentException e) {
            r.problem(n.at(), ctx + ": " + e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(name) + ": ", ""));
            return null;
        }
    }

    private StateDef state(String name, YamlNode n, VariableTable vars) {
        String ctx = "state '" + name + "'";
        if (!PolicyLoader.NAME.matcher(name).matches()) {
            r.problem(n.keyAt(), ctx + ": a name starts with a letter and holds letters, digits, '_', '.', '-'");
            return null;
        }
        if (!r.expectMap(n, ctx)) {
            return null;
        }
        int before = r.problems.size();
        r.checkKeys(n, PolicyKeys.STATE, ctx);
        String when = null;
        YamlNode wn = n.get("when");
        if (wn != null) {
            when = r.string(wn, ctx + ": when");
            if (when != null) {
                try {
                    ConditionParser.parse(when, vars);
                } catch (ConditionSyntaxException e) {
                    SourceLocation at = wn.at();
                    int column = at.column() + quoteWidth(at) + e.column() - 1;
                    // the location carries the column; the parser's own "at column N" would count from the condition
                    String msg = e.getMessage().replaceFirst(" at column \\d+$", "");
                    r.problem(new SourceLocation(at.line(), column), ctx + ": " + msg);
                }
            }
        }
        Integer priority = n.get("priority") == null ? Integer.valueOf(0)
                : r.integer(n.get("priority"), Integer.MIN_VALUE + 1L, Integer.MAX_VALUE, ctx + ": priority");
        Duration dwell = n.get("dwell") == null ? Duration.ZERO : r.duration(n.get("dwell"), ctx + ": dwell");
        Map<String, Double> deadband = new LinkedHashMap<>();
        YamlNode dn = n.get("deadband");
        if (dn != null && r.expectMap(dn, ctx + ": deadband")) {
            for (var e : dn.entries()) {
                String q = e.getKey();
                String var = q.startsWith("rate(") && q.endsWith(")") ? q.substring(5, q.length() - 1).strip() : q;
                if (vars.indexOf(var) < 0) {
                    r.problem(e.getValue().keyAt(), ctx + ": deadband names '" + q
                            + "', which is neither a variable nor rate(variable) (variables: " + vars + ")");
                    continue;
                }
                Double w = r.number(e.getValue(), ctx + ": deadband of '" + q + "'");
                if (w != null && w < 0) {
                    r.problem(e.getValue().at(), ctx + ": deadband of '" + q + "' must be >= 0");
                } else if (w != null) {
                    deadband.put(q, w);
                }
            }
        }
        Boolean overrides = n.get("overrides_dwell") == null ? Boolean.FALSE
                : r.bool(n.get("overrides_dwell"), ctx + ": overrides_dwell");
        if (r.problems.size() != before) {
            return null;
        }
        return new StateDef(name, when, priority, deadband, dwell, overrides);
    }

    /** 1 when the scalar at {@code at} opens with a quote, so condition columns land inside it. */
    private int quoteWidth(SourceLocation at) {
        if (at.line() < 1 || at.line() > lines.length) {
            return 0;
        }
        String line = lines[at.line() - 1];
        int i = at.column() - 1;
        return i >= 0 && i < line.length() && (line.charAt(i) == '"' || line.charAt(i) == '\'') ? 1 : 0;
    }
}
