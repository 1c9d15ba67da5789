package io.statewall.asma.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm, keeping each step's
 * frontier to walk the path back; past {@link #MAX_EDITS} edits the texts are shown as wholly
 * replaced rather than spending memory on them).
 */
final class LineDiff {
    static final int MAX_EDITS = 2_000;
    private static final int CONTEXT = 3;

    private enum Op { KEEP, DELETE, INSERT }

    private record Edit(Op op, String line, int aLine, int bLine) {
    }

    private LineDiff() {
    }

    /** The unified diff of {@code a} and {@code b} under the given file labels; empty when they are equal. */
    static String unified(String aLabel, String a, String bLabel, String b) {
        List<String> x = lines(a);
        List<String> y = lines(b);
        List<Edit> edits = edits(x, y);
        if (edits.stream().allMatch(e -> e.op == Op.KEEP)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(aLabel).append('\n').append("+++ ").append(bLabel).append('\n');
        int i = 0;
        while (i < edits.size()) {
            // Find the next change, then a hunk around it reaching until CONTEXT*2 unchanged lines.
            while (i < edits.size() && edits.get(i).op == Op.KEEP) {
                i++;
            }
            if (i >= edits.size()) {
                break;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int quiet = 0;
            while (end < edits.size() && quiet <= 2 * CONTEXT) {
                quiet = edits.get(end).op == Op.KEEP ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(edits.size(), end - Math.max(0, quiet - CONTEXT));
            hunk(out, edits.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Edit> h) {
        int aStart = -1;
        int bStart = -1;
        int aCount = 0;
        int bCount = 0;
        for (Edit e : h) {
            if (e.op != Op.INSERT) {
                aCount++;
                if (aStart < 0) {
                    aStart = e.aLine;
                }
            }
            if (e.op != Op.DELETE) {
                bCount++;
                if (bStart < 0) {
                    bStart = e.bLine;
                }
            }
        }
        out.append("@@ -").append(range(aStart, aCount, h.getFirst().aLine)).append(" +")
                .append(range(bStart, bCount, h.getFirst().bLine)).append(" @@\n");
        for (Edit e : h) {
            out.append(switch (e.op) {
                case KEEP -> ' ';
                case DELETE -> '-';
                case INSERT -> '+';
            }).append(e.line).append('\n');
        }
    }

    private static String range(int start, int count, int fallback) {
        int s = start < 0 ? fallback : start;
        return count == 1 ? String.valueOf(s + 1) : (count == 0 ? s : s + 1) + "," + count;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\r?\n", -1)));
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    /** The edit script turning {@code x} into {@code y}; each edit carries its 0-based line numbers. */
    private static List<Edit> edits(List<String> x, List<String> y) {
        int n = x.size();
        int m = y.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= Math.min(max, MAX_EDITS); d++) {
            // The frontier before step d, only the diagonals step d reads: -d-1 .. d+1.
            trace.add(java.util.Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int xi = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int yi = xi - k;
                while (xi < n && yi < m && x.get(xi).equals(y.get(yi))) {
                    xi++;
                    yi++;
                }
                v[offset + k] = xi;
                if (xi >= n && yi >= m) {
                    found = d;
                    break;
                }
            }
            if (found >= 0) {
                break;
            }
        }
        List<Edit> out = new ArrayList<>();
        if (found < 0) {
            for (int i = 0; i < n; i++) {
                out.add(new Edit(Op.DELETE, x.get(i), i, 0));
            }
            for (int j = 0; j < m; j++) {
                out.add(new Edit(Op.INSERT, y.get(j), n, j));
            }
            return out;
        }
        int xi = n;
        int yi = m;
        for (int d = found; d > 0; d--) {
            int[] pv = trace.get(d);
            int base = d + 1;
            int k = xi - yi;
            int prevK = (k == -d || (k != d && pv[base + k - 1] < pv[base + k + 1])) ? k + 1 : k - 1;
            int prevX = pv[base + prevK];
            int prevY = prevX - prevK;
            while (xi > prevX && yi > prevY) {
                xi--;
                yi--;
                out.add(new Edit(Op.KEEP, x.get(xi), xi, yi));
            }
            if (xi == prevX) {
                yi--;
                out.add(new Edit(Op.INSERT, y.get(yi), xi, yi));
            } else {
                xi--;
                out.add(new Edit(Op.DELETE, x.get(xi), xi, yi));
            }
        }
        while (xi > 0 && yi > 0) {
            xi--;
            yi--;
            out.add(new Edit(Op.KEEP, x.get(xi), xi, yi));
        }
        return out.reversed();
    }
}
