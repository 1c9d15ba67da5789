package io.statewall.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A node of a {@link YamlTree} with its path, so every value read can say where it was written. */
record YamlNode(YamlTree tree, JsonNode json, String path) {

    SourceLocation at() {
        return tree.valueAt(path);
    }

    /** The mapping key's location for an entry, the item's for a list element. */
    SourceLocation keyAt() {
        return tree.keyAt(path);
    }

    boolean isMap() {
        return json.isObject();
    }

    boolean isList() {
        return json.isArray();
    }

    /** The child, or null when the key is absent (an explicit YAML null counts as absent too). */
    YamlNode get(String key) {
        JsonNode c = json.get(key);
        return c == null || c.isNull() ? null : new YamlNode(tree, c, YamlTree.child(path, key));
    }

    List<YamlNode> items() {
        List<YamlNode> l = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            l.add(new YamlNode(tree, json.get(i), path + "/" + i));
        }
        return l;
    }

    /** The node itself as a one-element list when it is a scalar: most fields take "x" or "[x, y]". */
    List<YamlNode> itemsOrSelf() {
        return isList() ? items() : List.of(this);
    }

    List<Map.Entry<String, YamlNode>> entries() {
        List<Map.Entry<String, YamlNode>> l = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : YamlTree.fields(json).entrySet()) {
            l.add(Map.entry(e.getKey(), new YamlNode(tree, e.getValue(), YamlTree.child(path, e.getKey()))));
        }
        return l;
    }

    /** A scalar's text (numbers and booleans as written); null for mappings and lists. */
    String scalarText() {
        if (json.isObject() || json.isArray() || json.isNull()) {
            return null;
        }
        return json.asString();
    }

    String describe() {
        if (json.isObject()) {
            return "a mapping";
        }
        if (json.isArray()) {
            return "a list";
        }
        return "'" + json.asString() + "'";
    }
}
