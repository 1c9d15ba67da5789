package io.statewall.engine.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a {@link JsonNode} tree plus where each node and each mapping key was
 * written. Jackson's tree keeps no locations (and shares scalar node instances), so the tree
 * is built here from the parser's token stream, recording every token's location under the
 * node's JSON Pointer. Duplicate keys, which Jackson would silently overwrite, are problems.
 */
final class YamlTree {
    /**
     * The streaming parser alone: a YAMLMapper would also build data binding's configuration,
     * which costs a fresh process tens of milliseconds and which the tree builder never uses.
     */
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, SourceLocation> valueAt = new HashMap<>();
    private final Map<String, SourceLocation> keyAt = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private JsonNode root;

    private YamlTree() {}

    /** Parses {@code text}; syntax errors end up in {@link #problems()} and leave {@link #root()} null. */
    static YamlTree parse(String text) {
        YamlTree t = new YamlTree();
        try (JsonParser p = YAML.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                t.problems.add(new Problem(new SourceLocation(1, 1), "the file is empty"));
                return t;
            }
            JsonNode r = t.read(p, "");
            JsonToken extra = p.nextToken();
            if (extra != null) {
                t.problems.add(new Problem(at(p.currentTokenLocation()), "more than one YAML document; a policy is one document"));
            }
            t.root = r;
        } catch (JacksonException e) {
            t.root = null;
            t.problems.add(new Problem(at(e.getLocation()), "YAML syntax: " + summary(e.getOriginalMessage())));
        }
        return t;
    }

    /**
     * SnakeYAML's message is "context, context mark, problem, problem mark" over several lines,
     * the marks quoting the source; keep the two texts, drop the quotes (the location says where).
     */
    private static String summary(String s) {
        if (s == null) {
            return "unreadable";
        }
        List<String> parts = new ArrayList<>();
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("in ") && !t.startsWith("^") && !line.startsWith(" ") && parts.size() < 2) {
                parts.add(t);
            }
        }
        return parts.isEmpty() ? s.strip() : String.join(": ", parts);
    }

    private static SourceLocation at(TokenStreamLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return SourceLocation.NONE;
        }
        return new SourceLocation(l.getLineNr(), Math.max(l.getColumnNr(), 0));
    }

    private JsonNode read(JsonParser p, String path) {
        valueAt.put(path, at(p.currentTokenLocation()));
        JsonToken tok = p.currentToken();
        switch (tok) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    SourceLocation keyLoc = at(p.currentTokenLocation());
                    String child = child(path, key);
                    p.nextToken();
                    if (o.has(key)) {
                        problems.add(new Problem(keyLoc, "duplicate key '" + key + "' (first at line "
                                + keyAt.get(child).line() + ")"));
                        skipValue(p);
                        continue;
                    }
                    keyAt.put(child, keyLoc);
                    o.set(key, read(p, child));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, path + "/" + i++));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.stringNode(p.getString());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue()) : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(tok == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.stringNode(String.valueOf(p.getText()));
            }
        }
    }

    private static void skipValue(JsonParser p) {
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
    }

    static String child(String path, String key) {
        return path + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    JsonNode root() {
        return root;
    }

    List<Problem> problems() {
        return problems;
    }

    /** Where the value at {@code path} starts. */
    SourceLocation valueAt(String path) {
        return valueAt.getOrDefault(path, SourceLocation.NONE);
    }

    /** Where the key of the mapping entry at {@code path} is; the value's location for list items. */
    SourceLocation keyAt(String path) {
        SourceLocation k = keyAt.get(path);
        return k != null ? k : valueAt(path);
    }

    /** The entries of a mapping node in file order, with their paths. */
    static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
