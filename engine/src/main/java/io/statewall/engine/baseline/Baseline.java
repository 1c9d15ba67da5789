package io.statewall.engine.baseline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A learned baseline: per operating state, what each channel did and what each point's values
 * looked like (docs/baseline.md). {@link BaselineLearner} fills it, {@link BaselineFile} writes
 * and reads it, {@link BaselineDetector} checks traffic against it. Mutable while learning;
 * not thread-safe.
 */
public final class Baseline {
    /** One learning run's input, kept for the reader of the file. */
    public record Source(String capture, long transactions) {
        public Source {
            Objects.requireNonNull(capture, "capture");
        }
    }

    /** What a learned baseline holds, for a one-line summary. */
    public record Summary(int states, int channels, int points, long transactions) {}

    private final String policy;
    private Tolerances tolerances = Tolerances.DEFAULT;
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, StateBaseline> states = new TreeMap<>();
    final Directory directory = new Directory();

    /** @param policy the name of the policy whose states key it, or "" without one */
    public Baseline(String policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public String policy() {
        return policy;
    }

    public Tolerances tolerances() {
        return tolerances;
    }

    public void tolerances(Tolerances t) {
        tolerances = Objects.requireNonNull(t, "tolerances");
    }

    public List<Source> sources() {
        return Collections.unmodifiableList(sources);
    }

    public void addSource(Source s) {
        sources.add(Objects.requireNonNull(s, "source"));
    }

    /** The states with something learned, sorted by name. */
    public List<String> stateNames() {
        return List.copyOf(states.keySet());
    }

    StateBaseline state(String name) {
        return states.get(name);
    }

    StateBaseline internState(String name) {
        return states.computeIfAbsent(name, StateBaseline::new);
    }

    Iterable<StateBaseline> states() {
        return states.values();
    }

    /** The learned states that are not among {@code stateNames} (a baseline of another policy), sorted. */
    public List<String> statesOutside(List<String> stateNames) {
        return states.keySet().stream().filter(s -> !stateNames.contains(s)).toList();
    }

    /** True when a deviation in {@code state} is to be blocked inline ({@code action: block}). */
    public boolean blocks(String state) {
        StateBaseline s = states.get(state);
        return s != null && s.block;
    }

    /** Sets a state's action: block (true) or alert; the state must have been learned. */
    public void block(String state, boolean block) {
        StateBaseline s = states.get(state);
        if (s == null) {
            throw new IllegalArgumentException("nothing learned in state '" + state + "'");
        }
        s.block = block;
    }

    /** States learned, distinct channels and points over all states, transactions learned from. */
    public Summary summary() {
        boolean[] channels = new boolean[directory.channelCount()];
        boolean[] points = new boolean[directory.pointCount()];
        int c = 0;
        int p = 0;
        long transactions = 0;
        for (StateBaseline s : states.values()) {
            for (ChannelBaseline ch : s.channels()) {
                transactions += ch.transactions;
                if (!channels[ch.channel]) {
                    channels[ch.channel] = true;
                    c++;
                }
            }
            for (PointBaseline pb : s.points()) {
                if (!points[pb.point]) {
                    points[pb.point] = true;
                    p++;
                }
            }
        }
        return new Summary(states.size(), c, p, transactions);
    }
}
