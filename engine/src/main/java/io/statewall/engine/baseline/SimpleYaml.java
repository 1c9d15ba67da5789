package io.statewall.engine.baseline;

import io.statewall.engine.baseline.YamlDoc.Entry;
import io.statewall.engine.baseline.YamlDoc.Kind;
import io.statewall.engine.baseline.YamlDoc.Node;
import io.statewall.engine.policy.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML that {@link BaselineWriter} writes, once {@link LiteralBlocks} has cut its
 * tables out, into the nodes {@link YamlDoc} builds from Jackson's tokens. It exists for a cold
 * start: {@code statewall analyze --baseline} reads one baseline, and building Jackson's YAML
 * factory and initialising snakeyaml-engine and {@code BigDecimal} (which Jackson's parser base
 * pulls in) costs more than reading what is left of the file. The subset is the writer's: block
 * mappings indented with spaces, plain or double-quoted keys, block sequences of one-line items,
 * one-line flow mappings and lists, plain and double-quoted scalars, the {@code ''} left for a
 * cut-out table, empty values, comments.
 *
 * <p>On anything else it gives up ({@link #parse} returns null) and {@link YamlDoc} has Jackson
 * read the whole document, so any other YAML is read, and every mistake reported, as before.
 * Where it does not give up, its nodes equal Jackson's to the line and column (SimpleYamlTest
 * holds it to that); so rather than reason about what Jackson would make of something, it gives
 * up: on tabs, carriage returns and characters that YAML does not allow or counts differently
 * (line separators, characters outside the BMP), document markers, anchors, aliases, tags,
 * single quotes other than {@code ''}, escapes other than the writer's, block scalars, multi-line
 * scalars and flow collections, duplicate keys, and plain scalars with anything but
 * {@code [A-Za-z0-9_.+-]} in them.
 */
final class SimpleYaml {
    /** Deeper than a baseline nests (8); well below Jackson's nesting limit. */
    private static final int MAX_DEPTH = 16;
    /** snakeyaml-engine refuses a key longer than 1024 characters; stay clear of it. */
    private static final int MAX_KEY = 1000;
    /** Longer numbers are left to Jackson, which limits their length; a long or a double written is shorter. */
    private static final int MAX_NUMBER = 24;

    private final String s;
    /** Its characters: a cold JVM interprets these short loops, and reads an array faster than it calls charAt. */
    private final char[] cs;
    private final int n;
    private final Map<Integer, String> blocks;
    /** The current line: where it starts, its 1-based number, its indentation (-1 past the end). */
    private int lineStart;
    private int line = 1;
    private int indent;
    /** Where reading is on the current line. */
    private int pos;

    private SimpleYaml(String s, Map<Integer, String> blocks) {
        this.s = s;
        this.cs = s.toCharArray();
        this.n = cs.length;
        this.blocks = blocks;
    }

    /**
     * The document's root mapping, or null when the text is outside the subset. {@code blocks}:
     * by line, the literal blocks cut out of {@code text}, which a {@code ''} on their line stands for.
     */
    static Node parse(String text, Map<Integer, String> blocks) {
        SimpleYaml p = new SimpleYaml(text, blocks);
        if (!simpleCharacters(p.cs) || p.skipToContent() < 0) {
            return null; // or nothing but comments: Jackson reports the file empty
        }
        Node root = p.map(p.indent, 1);
        // Each block stops at a line indented other than its own, so a line at an indentation no
        // open block has (a continued scalar, a misplaced key) is still there at the end.
        return p.indent < 0 ? root : null;
    }

    /**
     * Characters whose column in the scanner is their index in the line, with no line break but
     * {@code \n}, and no line that starts a document marker.
     */
    private static boolean simpleCharacters(char[] cs) {
        boolean lineStart = true;
        for (int i = 0; i < cs.length; i++) {
            char c = cs[i];
            if (lineStart && (c == '-' || c == '.') && i + 2 < cs.length && cs[i + 1] == c && cs[i + 2] == c) {
                return false;
            }
            lineStart = c == '\n';
            if (c < 0x20 && c != '\n' || c >= 0x7F && c < 0xA0 || c >= 0xD800 && c < 0xE000
                    || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c >= 0xFFFE) {
                return false;
            }
        }
        return true;
    }

    /** A block mapping whose keys are indented by {@code ind}; the current line holds its first key. */
    private Node map(int ind, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        SourceLocation where = at(lineStart + ind);
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (indent == ind) {
            pos = lineStart + ind;
            SourceLocation keyAt = at(pos);
            String key = key();
            if (key == null || entries.containsKey(key)) {
                return null;
            }
            SourceLocation afterColon = at(pos);
            skipSpaces();
            Node value;
            if (ch(pos) != '\n' && ch(pos) != '#') {
                value = rest(depth + 1);
            } else if (nextLine() > ind || indent == ind && dash()) {
                // the block below the key; a sequence may sit at the key's indentation
                value = dash() ? seq(indent, depth + 1) : map(indent, depth + 1);
            } else {
                value = new Node(Kind.NULL, afterColon, "", Map.of(), List.of()); // nothing: null, where the colon ends
            }
            if (value == null) {
                return null;
            }
            entries.put(key, new Entry(key, keyAt, value));
        }
        return new Node(Kind.MAP, where, null, Collections.unmodifiableMap(entries), List.of());
    }

    /**
     * A block sequence of one-line items with its dashes at {@code ind} ({@code learned_from}),
     * which may be its key's indentation.
     */
    private Node seq(int ind, int depth) {
        SourceLocation where = at(lineStart + ind);
        List<Node> items = new ArrayList<>();
        while (indent == ind && dash()) {
            pos = lineStart + ind + 1;
            skipSpaces();
            Node item = ch(pos) == '\n' || ch(pos) == '#' ? null : rest(depth + 1); // not an item on the following lines
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        return new Node(Kind.LIST, where, null, Map.of(), List.copyOf(items));
    }

    /** A value that takes the rest of the line, but for a comment; then on to the next line. */
    private Node rest(int depth) {
        Node value = inline(false, depth);
        skipSpaces();
        if (value == null || ch(pos) != '\n' && !(ch(pos) == '#' && ch(pos - 1) == ' ')) {
            return null;
        }
        nextLine();
        return value;
    }

    /** A plain or double-quoted key and its colon, which a space or the line's end follows. */
    private String key() {
        int start = pos;
        String key = ch(pos) == '"' ? quoted() : plain();
        if (key == null || pos - start > MAX_KEY || ch(pos) != ':' || ch(pos + 1) != ' ' && ch(pos + 1) != '\n') {
            return null;
        }
        pos++;
        return key;
    }

    /** A value on one line: a flow mapping or list, or a scalar, which in a flow also ends at , ] or }. */
    private Node inline(boolean inFlow, int depth) {
        SourceLocation where = at(pos);
        char c = ch(pos);
        if (c == '{' || c == '[') {
            return depth > MAX_DEPTH ? null : flow(depth);
        }
        String text;
        Kind kind = Kind.STRING;
        if (c == '"') {
            text = quoted();
        } else if (c == '\'' && ch(pos + 1) == '\'') {
            pos += 2;
            text = "";
        } else {
            text = plain();
            kind = text == null ? null : type(text);
        }
        c = ch(pos);
        if (text == null || kind == null || c != ' ' && c != '\n' && !(inFlow && (c == ',' || c == ']' || c == '}'))) {
            return null;
        }
        // an empty string on a line whose literal block was cut out stands for the block, as in YamlDoc
        text = kind == Kind.NULL ? "" : kind == Kind.STRING && text.isEmpty() ? blocks.getOrDefault(where.line(), "") : text;
        return new Node(kind, where, text, Map.of(), List.of());
    }

    /** A flow mapping {@code { key: value, ... }} or list {@code [ value, ... ]}, on one line. */
    private Node flow(int depth) {
        boolean isMap = ch(pos) == '{';
        char close = isMap ? '}' : ']';
        SourceLocation where = at(pos);
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Node> items = new ArrayList<>();
        pos++;
        skipSpaces();
        boolean more = ch(pos) != close;
        while (more) {
            SourceLocation keyAt = at(pos);
            String key = isMap ? key() : null;
            if (isMap && (key == null || entries.containsKey(key) || ch(pos) != ' ')) {
                return null;
            }
            skipSpaces();
            Node value = inline(true, depth + 1);
            if (value == null) {
                return null;
            }
            if (isMap) {
                entries.put(key, new Entry(key, keyAt, value));
            } else {
                items.add(value);
            }
            skipSpaces();
            more = ch(pos) == ',';
            if (more) {
                pos++; // a trailing comma, which the writer never writes, leaves no key or value to read: given up
                skipSpaces();
            }
        }
        if (ch(pos) != close) {
            return null; // the line ends inside the flow, or something follows a value
        }
        pos++;
        return isMap ? new Node(Kind.MAP, where, null, Collections.unmodifiableMap(entries), List.of())
                : new Node(Kind.LIST, where, null, Map.of(), List.copyOf(items));
    }

    /** A double-quoted scalar on one line, with the writer's escapes only: a quote, a backslash, and \\u with four hex digits. */
    private String quoted() {
        StringBuilder b = new StringBuilder();
        for (int i = pos + 1; i < n; i++) {
            char c = cs[i];
            if (c == '"') {
                pos = i + 1;
                return b.toString();
            } else if (c == '\n') {
                return null;
            } else if (c != '\\') {
                b.append(c);
            } else if (ch(i + 1) == '"' || ch(i + 1) == '\\') {
                b.append(cs[++i]);
            } else if (ch(i + 1) == 'u' && unicode(i + 2) >= 0) {
                b.append((char) unicode(i + 2));
                i += 5;
            } else {
                return null;
            }
        }
        return null;
    }

    /** The character of the four hex digits of a \\u escape at {@code from}; -1 for anything else or half a surrogate pair. */
    private int unicode(int from) {
        if (from + 4 > n) {
            return -1;
        }
        int u = 0;
        for (int i = from; i < from + 4; i++) {
            if (!HexFormat.isHexDigit(cs[i])) {
                return -1;
            }
            u = u * 16 + HexFormat.fromHexDigit(cs[i]);
        }
        return Character.isSurrogate((char) u) ? -1 : u;
    }

    /**
     * A plain scalar of {@code [A-Za-z0-9_.+-]}, which holds no indicator, quote, comment or colon;
     * a lone {@code -} would be a sequence entry.
     */
    private String plain() {
        int start = pos;
        while (pos < n && safe(cs[pos])) {
            pos++;
        }
        return pos == start || pos == start + 1 && cs[start] == '-' ? null : s.substring(start, pos);
    }

    private static boolean safe(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '+' || c == '-';
    }

    /**
     * A plain scalar's kind as Jackson 3 reports it. Its YAMLFactory resolves with
     * snakeyaml-engine's JSON schema: {@code true}, {@code false}, {@code null}, integers
     * {@code -?(0|[1-9][0-9]*)}, floats {@code -?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?},
     * {@code .inf}, {@code -.inf} and {@code .nan}; anything else ({@code True}, {@code yes},
     * {@code 007}, {@code 0x1F}, {@code 1_000}, {@code +1}, {@code .5}) is a string. Null for a
     * number long enough to meet Jackson's limits.
     */
    private static Kind type(String t) {
        if (t.equals("true") || t.equals("false")) {
            return Kind.BOOLEAN;
        } else if (t.equals("null")) {
            return Kind.NULL;
        } else if (t.equals(".inf") || t.equals("-.inf") || t.equals(".nan")) {
            return Kind.DECIMAL;
        }
        int len = t.length();
        int i = t.charAt(0) == '-' ? 1 : 0;
        int intEnd = i < len && t.charAt(i) == '0' ? i + 1 : digits(t, i);
        if (intEnd == i) {
            return Kind.STRING;
        } else if (intEnd == len) {
            return len <= MAX_NUMBER ? Kind.INTEGER : null;
        }
        i = intEnd < len && t.charAt(intEnd) == '.' ? digits(t, intEnd + 1) : intEnd;
        if (i < len && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            int exponent = i + 1 < len && (t.charAt(i + 1) == '+' || t.charAt(i + 1) == '-') ? i + 2 : i + 1;
            i = digits(t, exponent);
            if (i == exponent) {
                return Kind.STRING;
            }
        }
        return i < len ? Kind.STRING : len <= MAX_NUMBER ? Kind.DECIMAL : null;
    }

    private static int digits(String t, int from) {
        int i = from;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Whether the current line is a sequence entry (a lone dash is left to Jackson). */
    private boolean dash() {
        return ch(lineStart + indent) == '-' && ch(lineStart + indent + 1) == ' ';
    }

    /** On to the next line with content, past blank and comment lines; its indentation. */
    private int nextLine() {
        int end = s.indexOf('\n', pos);
        lineStart = end < 0 ? n : end + 1;
        line++;
        return skipToContent();
    }

    private int skipToContent() {
        while (lineStart < n) {
            int i = lineStart;
            while (i < n && cs[i] == ' ') {
                i++;
            }
            if (ch(i) != '\n' && ch(i) != '#') {
                return indent = i - lineStart;
            }
            int end = s.indexOf('\n', i);
            lineStart = end < 0 ? n : end + 1;
            line++;
        }
        return indent = -1;
    }

    private void skipSpaces() {
        while (pos < n && cs[pos] == ' ') {
            pos++;
        }
    }

    /** The character at {@code i}; the end of the text reads as a line break. */
    private char ch(int i) {
        return i < n ? cs[i] : '\n';
    }

    /** Where index {@code i} of the current line is, 1-based as Jackson counts. */
    private SourceLocation at(int i) {
        return new SourceLocation(line, i - lineStart + 1);
    }
}
