package io.statewall.engine.baseline;

import io.statewall.engine.policy.Problem;
import io.statewall.engine.policy.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document read into nodes that remember where they were written, so that every problem
 * in an edited baseline is reported at its line and column. Duplicate keys, which a mapper would
 * silently overwrite, are problems. What {@link BaselineWriter} writes is read by {@link
 * SimpleYaml}, which keeps Jackson's start-up cost off a cold {@code analyze}; anything else,
 * and every mistake, is read from Jackson's token stream.
 */
final class YamlDoc {
    enum Kind { MAP, LIST, STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    /** A node: a mapping (entries in file order), a list, or a scalar with its text as written. */
    record Node(Kind kind, SourceLocation at, String text, Map<String, Entry> entries, List<Node> items) {
        boolean isMap() {
            return kind == Kind.MAP;
        }

        boolean isList() {
            return kind == Kind.LIST;
        }

        boolean isScalar() {
            return kind != Kind.MAP && kind != Kind.LIST;
        }

        /** The value under {@code key}, or null. */
        Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        String describe() {
            return switch (kind) {
                case MAP -> "a mapping";
                case LIST -> "a list";
                case NULL -> "nothing";
                default -> "'" + text + "'";
            };
        }
    }

    /** A mapping entry: its key, where the key is, and the value. */
    record Entry(String key, SourceLocation at, Node value) {}

    final List<Problem> problems = new ArrayList<>();
    Node root;
    private Map<Integer, String> blocks = Map.of();

    private YamlDoc() {
    }

    static YamlDoc parse(String text) {
        YamlDoc d = new YamlDoc();
        LiteralBlocks cut = LiteralBlocks.extract(text);
        d.blocks = cut.blocks;
        Node simple = SimpleYaml.parse(cut.text, cut.blocks);
        if (simple != null) {
            d.root = simple;
        } else {
            Jackson.parse(d, cut.text);
        }
        return d;
    }

    /** As {@link #parse}, always through Jackson: what SimpleYaml must equal. */
    static YamlDoc parseWithJackson(String text) {
        YamlDoc d = new YamlDoc();
        LiteralBlocks cut = LiteralBlocks.extract(text);
        d.blocks = cut.blocks;
        Jackson.parse(d, cut.text);
        return d;
    }

    /**
     * Jackson's YAML parser, in a class of its own so that it is loaded, and its factory built,
     * only for a document that SimpleYaml leaves to it.
     */
    private static final class Jackson {
        /**
         * The streaming parser only: the file is read into these nodes, never bound to classes.
         * Limits raised to the file limit: a big plant's point tables are long strings.
         */
        private static final YAMLFactory YAML = YAMLFactory.builder()
                .loadSettings(LoadSettings.builder().setCodePointLimit((int) BaselineFile.MAX_FILE_BYTES).build())
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength((int) BaselineFile.MAX_FILE_BYTES).build())
                // Duplicates are reported below, with where the first one is.
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();

        private Jackson() {
        }

        static void parse(YamlDoc d, String text) {
            try (JsonParser p = YAML.createParser(ObjectReadContext.empty(), text)) {
                if (p.nextToken() == null) {
                    d.problems.add(new Problem(new SourceLocation(1, 1), "the file is empty"));
                    return;
                }
                Node r = read(d, p);
                if (p.nextToken() != null) {
                    d.problems.add(new Problem(at(p.currentTokenLocation()), "more than one YAML document; a baseline is one document"));
                }
                d.root = r;
            } catch (JacksonException e) {
                d.root = null;
                d.problems.add(new Problem(at(e.getLocation()), "YAML syntax: " + firstLine(e.getOriginalMessage())));
            }
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "unreadable";
            }
            for (String line : message.split("\n")) {
                if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("in ")) {
                    return line.strip();
                }
            }
            return message.strip();
        }

        private static SourceLocation at(TokenStreamLocation l) {
            return l == null || l.getLineNr() < 1 ? SourceLocation.NONE : new SourceLocation(l.getLineNr(), Math.max(0, l.getColumnNr()));
        }

        private static Node read(YamlDoc d, JsonParser p) {
            SourceLocation where = at(p.currentTokenLocation());
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Entry> entries = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String key = p.currentName();
                        SourceLocation keyAt = at(p.currentTokenLocation());
                        p.nextToken();
                        Node value = read(d, p);
                        Entry first = entries.get(key);
                        if (first != null) {
                            d.problems.add(new Problem(keyAt, "duplicate key '" + key + "' (first at line " + first.at().line() + ")"));
                        } else {
                            entries.put(key, new Entry(key, keyAt, value));
                        }
                    }
                    return new Node(Kind.MAP, where, null, Collections.unmodifiableMap(entries), List.of());
                }
                case START_ARRAY -> {
                    List<Node> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(read(d, p));
                    }
                    return new Node(Kind.LIST, where, null, Map.of(), List.copyOf(items));
                }
                case VALUE_NUMBER_INT -> {
                    return scalar(Kind.INTEGER, where, p.getText());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return scalar(Kind.DECIMAL, where, p.getText());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return scalar(Kind.BOOLEAN, where, p.getText());
                }
                case VALUE_NULL -> {
                    return scalar(Kind.NULL, where, "");
                }
                default -> {
                    String text = p.getString();
                    // a literal block cut out before parsing: its text comes back here
                    String block = text.isEmpty() ? d.blocks.get(where.line()) : null;
                    return scalar(Kind.STRING, where, block != null ? block : text);
                }
            }
        }
    }

    private static Node scalar(Kind kind, SourceLocation at, String text) {
        return new Node(kind, at, text, Map.of(), List.of());
    }
}
