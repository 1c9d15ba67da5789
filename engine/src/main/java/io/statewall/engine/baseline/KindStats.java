package io.statewall.engine.baseline;

import java.util.Arrays;

/**
 * One kind of request on one channel in one state ({@link RequestKind}): how often it came, the
 * gaps between consecutive ones ({@link IntervalClusters}), how fast the server answered, and
 * which kinds of request came just before it. The last is the channel's automaton: each kind a
 * state, each "came after" an edge, in the manner of the DFA models of Modbus scan cycles
 * (Goldenberg and Wool, 2013). A kind seen after more than {@value #MAX_PREDECESSORS} others is
 * not tied to a point of the cycle: its predecessors become "any".
 */
final class KindStats {
    static final int MAX_PREDECESSORS = 4;

    final long kind;
    long seen;
    final IntervalClusters intervals = new IntervalClusters();
    /** Fastest and slowest answer in microseconds, and how many answers; -1 before one. */
    long responseMin = -1;
    long responseMax = -1;
    long responses;
    private final long[] predecessors = new long[MAX_PREDECESSORS];
    /** Kinds in {@link #predecessors}, ascending; -1 for "any". */
    private int predecessorCount;

    // The learner's scratch, never written: when the last one came, in which epoch; the values
    // of the last answer, when, in which epoch (what the next answer's steps are measured from).
    long lastAtNanos;
    int lastEpoch;
    int[] previousValues = new int[0];
    int previousCount;
    long previousAtNanos;
    int previousEpoch;

    KindStats(long kind) {
        this.kind = kind;
    }

    void response(long micros) {
        long us = Math.max(0, micros);
        responseMin = responseMin < 0 ? us : Math.min(responseMin, us);
        responseMax = Math.max(responseMax, us);
        responses++;
    }

    void after(long previousKind) {
        if (predecessorCount < 0) {
            return;
        }
        int at = Arrays.binarySearch(predecessors, 0, predecessorCount, previousKind);
        if (at >= 0) {
            return;
        }
        if (predecessorCount == MAX_PREDECESSORS) {
            predecessorCount = -1;
            return;
        }
        int insert = -at - 1;
        System.arraycopy(predecessors, insert, predecessors, insert + 1, predecessorCount - insert);
        predecessors[insert] = previousKind;
        predecessorCount++;
    }

    /** True once this kind followed too many others to belong to one point of the cycle. */
    boolean anyPredecessor() {
        return predecessorCount < 0;
    }

    void restoreAnyPredecessor() {
        predecessorCount = -1;
    }

    /** The kinds seen just before this one, ascending (a copy); empty for "any" or none. */
    long[] predecessors() {
        return Arrays.copyOf(predecessors, Math.max(0, predecessorCount));
    }
}
