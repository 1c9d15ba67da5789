package io.statewall.nma.sensor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The operator declarations of one analysis, resolved to capture time and checked: every state
 * exists, every window ends after it starts, no two windows overlap. Laid out as a sorted list
 * of boundaries, each declaring a state or releasing the declaration in force, so the judge
 * walks it with one index and compares one long per transaction. When one window ends where the
 * next begins, the handover is a single declaration (no release in between: the conditions'
 * state would be in force for no time at all).
 */
public final class DeclarationSchedule {
    /** No declarations. */
    public static final DeclarationSchedule NONE = new DeclarationSchedule(new long[0], new String[0]);

    private final long[] at;
    private final String[] declares;

    private DeclarationSchedule(long[] at, String[] declares) {
        this.at = at;
        this.declares = declares;
    }

    /**
     * Resolves and checks the declarations of one analysis.
     *
     * @param firstPacketNanos capture time of the first packet: the origin of {@code +offset} times
     * @param states           the plant model's state names
     * @throws IllegalArgumentException with a one-line reason naming the faulty declaration(s)
     */
    public static DeclarationSchedule of(List<StateDeclaration> declarations, long firstPacketNanos, Collection<String> states) {
        checkStates(declarations, states);
        record Window(StateDeclaration d, long from, long until) {
        }
        List<Window> windows = new ArrayList<>(declarations.size());
        for (StateDeclaration d : declarations) {
            long from = d.from().resolve(firstPacketNanos);
            long until = d.until().resolve(firstPacketNanos);
            if (until <= from) {
                throw new IllegalArgumentException(d.spec() + ": UNTIL (" + time(until) + ") is not after FROM (" + time(from) + ")");
            }
            windows.add(new Window(d, from, until));
        }
        windows.sort(Comparator.comparingLong(Window::from));
        long[] at = new long[2 * windows.size()];
        String[] declares = new String[at.length];
        int n = 0;
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            if (i > 0) {
                Window before = windows.get(i - 1);
                if (w.from() < before.until()) {
                    throw new IllegalArgumentException(before.d().spec() + " and " + w.d().spec() + " overlap (from "
                            + time(w.from()) + " to " + time(Math.min(before.until(), w.until())) + ")");
                }
                if (w.from() == before.until()) {
                    n--; // the handover replaces the release
                }
            }
            at[n] = w.from();
            declares[n++] = w.d().state();
            if (w.until() != Long.MAX_VALUE) {
                at[n] = w.until();
                declares[n++] = null;
            }
        }
        return new DeclarationSchedule(Arrays.copyOf(at, n), Arrays.copyOf(declares, n));
    }

    /**
     * Checks that every declared state exists; enough on its own when the capture holds no packet
     * (nothing to resolve offsets against, and nothing to judge).
     *
     * @throws IllegalArgumentException naming the unknown state and the known ones
     */
    public static void checkStates(List<StateDeclaration> declarations, Collection<String> states) {
        for (StateDeclaration d : declarations) {
            if (!states.contains(d.state())) {
                throw new IllegalArgumentException(d.spec() + ": unknown state '" + d.state() + "' (states: "
                        + String.join(", ", states) + ")");
            }
        }
    }

    public boolean isEmpty() {
        return at.length == 0;
    }

    /** Number of boundaries. */
    public int size() {
        return at.length;
    }

    /** Capture time of boundary {@code i}, ascending in {@code i}. */
    public long at(int i) {
        return at[i];
    }

    /** The state boundary {@code i} declares, or null when it releases the declaration in force. */
    public String declares(int i) {
        return declares[i];
    }

    /** The declared states, each once, in order of first appearance. */
    public List<String> states() {
        List<String> out = new ArrayList<>();
        for (String s : declares) {
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static String time(long nanos) {
        return nanos == Long.MAX_VALUE ? "the end" : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)).toString();
    }
}
