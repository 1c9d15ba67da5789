package io.statewall.engine.baseline;

import java.util.HashMap;
import java.util.Map;

/**
 * Takes the literal blocks ({@code key: |} and the more indented lines after it, YAML 1.2
 * §8.1.2) out of a document before the YAML parser sees it, leaving {@code key: ''} and blank
 * lines in their place, so that line numbers stay true. A baseline's point and request tables
 * are almost all of its bytes, and a YAML scanner reads them a character at a time; cut out
 * here, they cost a search for line ends. Only the plain form {@code |} (clip chomping, indentation
 * taken from the first line) is taken out; any other block scalar is left to the parser.
 */
final class LiteralBlocks {
    /** The document with the blocks blanked out. */
    final String text;
    /** By the 1-based line of a block's {@code |}: the block's text, as YAML gives it (its indentation removed). */
    final Map<Integer, String> blocks = new HashMap<>();

    private LiteralBlocks(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int line = 1;
        int at = 0;
        int n = text.length();
        while (at < n) {
            int end = text.indexOf('\n', at);
            int next = end < 0 ? n : end + 1;
            int lineEnd = end < 0 ? n : end;
            int bar = blockIndicator(text, at, lineEnd);
            if (bar < 0) {
                out.append(text, at, next);
                at = next;
                line++;
                continue;
            }
            int parentIndent = indent(text, at, lineEnd);
            out.append(text, at, bar).append("''");
            if (end >= 0) {
                out.append('\n');
            }
            int keyLine = line;
            at = next;
            line++;
            // the block: blank lines and lines indented like its first non-blank line
            int contentIndent = -1;
            StringBuilder block = new StringBuilder();
            while (at < n) {
                int e = text.indexOf('\n', at);
                int le = e < 0 ? n : e;
                int ind = indent(text, at, le);
                boolean blank = ind == le - at;
                if (!blank) {
                    if (contentIndent < 0) {
                        if (ind <= parentIndent) {
                            break;
                        }
                        contentIndent = ind;
                    } else if (ind < contentIndent) {
                        break;
                    }
                }
                if (!blank) {
                    block.append(text, at + contentIndent, le);
                }
                block.append('\n');
                if (e >= 0) {
                    out.append('\n');
                }
                at = e < 0 ? n : e + 1;
                line++;
            }
            blocks.put(keyLine, block.toString());
        }
        this.text = out.toString();
    }

    static LiteralBlocks extract(String text) {
        return new LiteralBlocks(text);
    }

    /**
     * Where a line's value is a plain literal block indicator: {@code key: |}, optionally
     * followed by spaces and a comment; -1 otherwise. The line must not be a comment or a list
     * item, and the key must end with {@code ": "}.
     */
    private static int blockIndicator(String text, int from, int to) {
        int end = to;
        int hash = -1;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '#' && i > from && text.charAt(i - 1) == ' ') {
                hash = i;
                break;
            }
        }
        if (hash >= 0) {
            end = hash;
        }
        while (end > from && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (end - from < 3 || text.charAt(end - 1) != '|' || text.charAt(end - 2) != ' ' || text.charAt(end - 3) != ':') {
            return -1;
        }
        int first = from + indent(text, from, to);
        char c = text.charAt(first);
        if (c == '#' || c == '-') {
            return -1;
        }
        return end - 1;
    }

    private static int indent(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        return i - from;
    }
}
