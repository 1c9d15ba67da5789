package io.statewall.engine.policy;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file (docs/policy-format.md) into a {@link Policy}, or reports every problem
 * found with its line and column. The YAML is parsed into a located tree ({@link YamlTree}) and
 * the model is built by hand, so that messages speak the file's language ({@code rule 'x':
 * unknown asset 'hmi-9' (known: hmi-1, eng-ws)}) rather than a data binder's.
 *
 * <p>Checked here: syntax, keys, types and ranges, references to assets and variables, the
 * plant model's conditions, transitions and initial/stale states, unique ids. Left to {@link
 * PolicyVerifier}: what the rules mean together (protected traffic, shadowing, a ruleset for a
 * state the plant model does not declare).
 */
public final class PolicyLoader {
    /** Files larger than this are refused before parsing: a policy is kilobytes. */
    public static final long MAX_FILE_BYTES = 4L << 20;
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern LOOKS_LIKE_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:./]*");

    private final FieldReader r = new FieldReader();
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Map<String, SourceLocation> ruleIds = new HashMap<>();

    private PolicyLoader() {}

    public static Policy load(Path file) throws PolicyException, IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new PolicyException(file.toString(), List.of(new Problem(SourceLocation.NONE,
                    "file is larger than " + MAX_FILE_BYTES + " bytes")));
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static Policy parse(String text, String sourceName) throws PolicyException {
        return new PolicyLoader().read(text, sourceName);
    }

    private Policy read(String text, String sourceName) throws PolicyException {
        YamlTree tree = YamlTree.parse(text);
        r.problems.addAll(tree.problems());
        if (tree.root() == null) {
            throw new PolicyException(sourceName, r.problems);
        }
        YamlNode root = new YamlNode(tree, tree.root(), "");
        if (!root.isMap()) {
            r.problem(root.at(), "a policy is a mapping with 'statewall: 1' first, found " + root.describe());
            throw new PolicyException(sourceName, r.problems);
        }
        r.checkKeys(root, PolicyKeys.TOP, "the policy");
        YamlNode version = root.get("statewall");
        if (version == null) {
            r.problem(root.at(), "missing 'statewall: 1' (the format version)");
        } else if (!version.json().isIntegralNumber() || !version.json().canConvertToLong()
                || version.json().longValue() != 1) {
            r.problem(version.at(), "unsupported format version " + version.describe() + " (this build reads version 1)");
        }
        String name = root.get("name") == null ? "" : r.string(root.get("name"), "name");

        YamlNode assetsNode = root.get("assets");
        if (assetsNode != null && r.expectMap(assetsNode, "assets")) {
            for (var e : assetsNode.entries()) {
                readAsset(e.getKey(), e.getValue());
            }
        }
        PlantModel plant = null;
        YamlNode plantNode = root.get("plant");
        if (plantNode != null && r.expectMap(plantNode, "plant")) {
            plant = new PlantReader(r, assets, text).read(plantNode);
        }
        List<ProtectedSpec> protectedSpecs = new ArrayList<>();
        YamlNode prot = root.get("protected");
        if (prot != null) {
            Map<String, SourceLocation> ids = new HashMap<>();
            for (YamlNode item : list(prot, "protected")) {
                ProtectedSpec p = readProtected(item, ids);
                if (p != null) {
                    protectedSpecs.add(p);
                }
            }
        }
        List<Rule> common = root.get("common") == null ? List.of() : readRules(root.get("common"), "common");
        Map<String, RuleSet> rulesets = new LinkedHashMap<>();
        YamlNode rs = root.get("rulesets");
        if (rs != null && r.expectMap(rs, "rulesets")) {
            for (var e : rs.entries()) {
                RuleSet set = readRuleSet(e.getValue(), "ruleset '" + e.getKey() + "'");
                if (set != null) {
                    rulesets.put(e.getKey(), set);
                }
            }
        }
        RuleSet defaultRuleset = RuleSet.IMPLICIT_DEFAULT;
        if (root.get("default_ruleset") != null) {
            RuleSet d = readRuleSet(root.get("default_ruleset"), "default_ruleset");
            defaultRuleset = d == null ? defaultRuleset : d;
        }
        if (!r.problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(r.problems);
            sorted.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                    .thenComparingInt(p -> p.location().column()));
            throw new PolicyException(sourceName, sorted);
        }
        return new Policy(name, assets, plant, protectedSpecs, common, rulesets, defaultRuleset);
    }

    private List<YamlNode> list(YamlNode n, String context) {
        if (!n.isList()) {
            r.problem(n.at(), context + ": expected a list, found " + n.describe());
            return List.of();
        }
        return n.items();
    }

    private void readAsset(String name, YamlNode n) {
        String ctx = "asset '" + name + "'";
        if (!NAME.matcher(name).matches()) {
            r.problem(n.keyAt(), ctx + ": a name starts with a letter and holds letters, digits, '_', '.', '-'");
            return;
        }
        if (!r.expectMap(n, ctx)) {
            return;
        }
        r.checkKeys(n, PolicyKeys.ASSET, ctx);
        YamlNode ip = n.get("ip");
        YamlNode net = n.get("network");
        if ((ip == null) == (net == null)) {
            r.problem(n.at(), ctx + ": give exactly one of 'ip' (a host) or 'network' (a CIDR block)");
            return;
        }
        YamlNode addr = ip != null ? ip : net;
        String text = r.string(addr, ctx);
        if (text == null) {
            return;
        }
        Network network;
        try {
            network = Network.parse(text);
        } catch (IllegalArgumentException e) {
            r.problem(addr.at(), ctx + ": " + e.getMessage());
            return;
        }
        if (ip != null && !network.isSingleAddress()) {
            r.problem(addr.at(), ctx + ": 'ip' takes one address; use 'network' for " + text);
            return;
        }
        int port = ip != null ? Asset.MODBUS_PORT : Endpoint.ANY_PORT;
        if (n.get("port") != null) {
            Integer p = r.integer(n.get("port"), 0, 65535, ctx + ": port");
            if (p == null) {
                return;
            }
            port = p;
        }
        if (n.get("description") != null) {
            r.string(n.get("description"), ctx + ": description");
        }
        assets.put(name, new Asset(name, network, port, n.keyAt()));
    }

    private ProtectedSpec readProtected(YamlNode n, Map<String, SourceLocation> ids) {
        if (!r.expectMap(n, "protected entry")) {
            return null;
        }
        String id = readId(n, "protected entry");
        String ctx = id == null ? "protected entry" : "protected '" + id + "'";
        r.checkKeys(n, PolicyKeys.PROTECTED, ctx);
        if (id != null && ids.putIfAbsent(id, n.at()) != null) {
            r.problem(n.get("id").at(), ctx + ": id used twice (first at line " + ids.get(id).line() + ")");
        }
        if (n.get("description") != null) {
            r.string(n.get("description"), ctx + ": description");
        }
        Match m = readMatch(n, ctx);
        return id == null || m == null ? null : new ProtectedSpec(id, m, n.at());
    }

    private String readId(YamlNode n, String context) {
        YamlNode idNode = n.get("id");
        if (idNode == null) {
            r.problem(n.at(), context + ": missing 'id'");
            return null;
        }
        String id = r.string(idNode, context + ": id");
        if (id != null && !NAME.matcher(id).matches()) {
            r.problem(idNode.at(), context + ": id '" + id + "' must start with a letter and hold letters, digits, '_', '.', '-'");
            return null;
        }
        return id;
    }

    private RuleSet readRuleSet(YamlNode n, String ctx) {
        if (!r.expectMap(n, ctx)) {
            return null;
        }
        r.checkKeys(n, PolicyKeys.RULESET, ctx);
        Action def = Action.ALERT;
        if (n.get("default") != null) {
            Action a = r.oneEnum(n.get("default"), Action.class, EnumSet.allOf(Action.class), ctx + ": default");
            def = a == null ? def : a;
        }
        FailMode fail = FailMode.OPEN;
        if (n.get("fail_mode") != null) {
            FailMode f = r.oneEnum(n.get("fail_mode"), FailMode.class, EnumSet.allOf(FailMode.class), ctx + ": fail_mode");
            fail = f == null ? fail : f;
        }
        List<Rule> rules = n.get("rules") == null ? List.of() : readRules(n.get("rules"), ctx);
        return new RuleSet(def, fail, rules, n.keyAt());
    }

    private List<Rule> readRules(YamlNode n, String ctx) {
        List<Rule> rules = new ArrayList<>();
        for (YamlNode item : list(n, ctx + ": rules")) {
            Rule rule = readRule(item);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private Rule readRule(YamlNode n) {
        if (!r.expectMap(n, "rule")) {
            return null;
        }
        String id = readId(n, "rule");
        String ctx = id == null ? "rule" : "rule '" + id + "'";
        r.checkKeys(n, PolicyKeys.RULE, ctx);
        if (id != null && ruleIds.putIfAbsent(id, n.at()) != null) {
            r.problem(n.get("id").at(), ctx + ": id used twice (first at line " + ruleIds.get(id).line() + ")");
        }
        Match match = readMatch(n, ctx);
        Action action = null;
        if (n.get("action") == null) {
            r.problem(n.at(), ctx + ": missing 'action' (allow, alert or block)");
        } else {
            action = r.oneEnum(n.get("action"), Action.class, EnumSet.allOf(Action.class), ctx + ": action");
        }
        int severity = Rule.DEFAULT_SEVERITY;
        if (n.get("severity") != null) {
            Integer s = r.integer(n.get("severity"), 1, 4, ctx + ": severity (1 high … 4 low)");
            severity = s == null ? severity : s;
        }
        String message = n.get("message") == null ? null : r.string(n.get("message"), ctx + ": message");
        List<String> attack = new ArrayList<>();
        if (n.get("attack") != null) {
            for (YamlNode t : n.get("attack").itemsOrSelf()) {
                String s = t.scalarText();
                if (s == null || !Rule.ATTACK_ID.matcher(s).matches()) {
                    r.problem(t.at(), ctx + ": " + t.describe() + " is not an ATT&CK for ICS technique id (T0 and three digits, e.g. T0855)");
                } else {
                    attack.add(s);
                }
            }
        }
        Rate rate = n.get("rate") == null ? null : r.rate(n.get("rate"), ctx + ": rate");
        if (id == null || match == null || action == null) {
            return null;
        }
        return new Rule(id, match, action, severity, message, attack, rate, n.at());
    }

    private Match readMatch(YamlNode n, String ctx) {
        int before = r.problems.size();
        List<Endpoint> from = n.get("from") == null ? null : endpoints(n.get("from"), false, ctx + ": from");
        List<Endpoint> to = n.get("to") == null ? null : endpoints(n.get("to"), true, ctx + ": to");
        if (n.get("protocol") != null) {
            String p = r.string(n.get("protocol"), ctx + ": protocol");
            if (p != null && !p.equals(Match.MODBUS)) {
                r.problem(n.get("protocol").at(), ctx + ": unsupported protocol '" + p + "' (supported: modbus)");
            }
        }
        Set<Operation> ops = n.get("operation") == null ? null
                : r.enums(n.get("operation"), Operation.class, EnumSet.allOf(Operation.class), ctx + ": operation");
        IntRanges functions = n.get("function") == null ? null : r.intRanges(n.get("function"), 0, 255, ctx + ": function");
        Set<FunctionCategory> categories = n.get("category") == null ? null
                : r.enums(n.get("category"), FunctionCategory.class,
                        EnumSet.complementOf(EnumSet.of(FunctionCategory.NONE)), ctx + ": category");
        IntRanges units = n.get("unit") == null ? null : r.intRanges(n.get("unit"), 0, 255, ctx + ": unit");
        Set<DataArea> areas = n.get("area") == null ? null
                : r.enums(n.get("area"), DataArea.class, EnumSet.allOf(DataArea.class), ctx + ": area");
        IntRanges addresses = n.get("address") == null ? null : r.intRanges(n.get("address"), 0, 65535, ctx + ": address");
        IntRanges values = n.get("value") == null ? null : r.valueRanges(n.get("value"), 0, 65535, ctx + ": value");
        ResponseMatch response = n.get("response") == null ? null : readResponse(n.get("response"), ctx + ": response");
        if (r.problems.size() != before) {
            return null;
        }
        return new Match(from, to, Match.MODBUS, ops, functions, categories, units, areas, addresses, values, response);
    }

    private ResponseMatch readResponse(YamlNode n, String ctx) {
        if (!r.expectMap(n, ctx)) {
            return null;
        }
        r.checkKeys(n, PolicyKeys.RESPONSE, ctx);
        Boolean exception = n.get("exception") == null ? null : r.bool(n.get("exception"), ctx + ": exception");
        IntRanges codes = n.get("exception_code") == null ? null
                : r.intRanges(n.get("exception_code"), 0, 255, ctx + ": exception_code");
        if (exception == null && codes == null) {
            r.problem(n.at(), ctx + ": give 'exception' or 'exception_code' (an empty response match would match anything)");
            return null;
        }
        if (Boolean.FALSE.equals(exception) && codes != null) {
            r.problem(n.at(), ctx + ": 'exception_code' needs 'exception: true'");
            return null;
        }
        return new ResponseMatch(exception, codes);
    }

    private List<Endpoint> endpoints(YamlNode n, boolean server, String ctx) {
        List<YamlNode> items = n.itemsOrSelf();
        if (items.isEmpty()) {
            r.problem(n.at(), ctx + ": empty list matches nothing; leave the key out to match anything");
            return null;
        }
        List<Endpoint> out = new ArrayList<>();
        for (YamlNode item : items) {
            String text = r.string(item, ctx);
            if (text == null) {
                continue;
            }
            Asset a = assets.get(text);
            if (a != null) {
                out.add(server ? a.asServer() : a.asClient());
            } else if (LOOKS_LIKE_ADDRESS.matcher(text).matches()) {
                try {
                    out.add(new Endpoint(text, Network.parse(text), Endpoint.ANY_PORT));
                } catch (IllegalArgumentException e) {
                    r.problem(item.at(), ctx + ": " + e.getMessage());
                }
            } else {
                r.problem(item.at(), ctx.replaceFirst(": (from|to)$", "") + ": unknown asset '" + text + "' (known: "
                        + (assets.isEmpty() ? "none" : String.join(", ", assets.keySet())) + ")");
            }
        }
        return out;
    }
}
