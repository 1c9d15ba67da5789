package io.statewall.asma.plant;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decides the plant-wide operating state from what the NMAs observe.
 *
 * <p>Each NMA reports, in its heartbeats, the state its own conditions infer (not the one it
 * enforces: that may be the ASMA's own push, and fusing it back would make a declared state
 * permanent). Only NMAs the plant model marks {@code observes} vote, and only while their last
 * report is younger than the report age limit (a silent NMA does not vote for the past). Going
 * down the states in priority order, the first with at least its {@code votes} is the plant's
 * state: a trip one safety network sees is a trip, while {@code normal} may need two networks to
 * agree. When no state has its votes, the plant keeps its state: a gap in the evidence is not a
 * change. An operator's declaration wins over the votes until it is released.
 *
 * <p>Not thread-safe: the ASMA calls it from one thread.
 */
public final class StateFusion {
    /** Why the plant state is what it is. */
    public enum Origin { INITIAL, FUSED, DECLARED, RELEASED }

    /**
     * The plant state at some instant.
     *
     * @param votes the observing NMAs' fresh reports that led to it (NMA → state), sorted by NMA
     * @param by    who declared or released it; null when fused
     */
    public record Decision(String state, Origin origin, String by, Map<String, String> votes, long timeNanos) {
        public Decision {
            votes = Map.copyOf(votes);
        }
    }

    private record Report(String state, long timeNanos) {}

    public static final String UNKNOWN = "unknown";

    private final PlantModel model;
    private final long reportMaxAgeNanos;
    private final Map<String, Report> reports = new LinkedHashMap<>();
    private Decision current;
    private String declared;
    private String declaredBy;

    /** @param reportMaxAge an NMA report older than this does not vote */
    public StateFusion(PlantModel model, Duration reportMaxAge, long nowNanos) {
        this.model = Objects.requireNonNull(model, "model");
        this.reportMaxAgeNanos = reportMaxAge.toNanos();
        this.current = new Decision(UNKNOWN, Origin.INITIAL, null, Map.of(), nowNanos);
    }

    public Decision current() {
        return current;
    }

    /**
     * An NMA's report of the state its conditions infer.
     *
     * @return the new decision when the plant state changed, else null
     */
    public Decision report(String nma, String observedState, long nowNanos) {
        reports.put(nma, new Report(observedState, nowNanos));
        return decide(nowNanos);
    }

    /** Time passed: reports age. @return the new decision when the plant state changed, else null */
    public Decision tick(long nowNanos) {
        return decide(nowNanos);
    }

    /**
     * An operator declares the plant state; it holds until released.
     *
     * @throws IllegalArgumentException for a state the plant model does not have
     */
    public Decision declare(String state, String by, long nowNanos) {
        if (model.priorityOf(state) < 0) {
            throw new IllegalArgumentException("no state '" + state + "' in the plant model (states: "
                    + String.join(", ", model.states().stream().map(PlantModel.PlantState::name).toList()) + ")");
        }
        declared = state;
        declaredBy = Objects.requireNonNull(by, "by");
        current = new Decision(state, Origin.DECLARED, by, votes(nowNanos), nowNanos);
        return current;
    }

    /**
     * Ends a declaration: the votes decide again. When they decide nothing the plant state is
     * {@code unknown}: the ASMA pushes nothing and each NMA infers its state for itself, rather
     * than the plant keeping a declared state nobody declares any more.
     */
    public Decision release(String by, long nowNanos) {
        if (declared == null) {
            return null;
        }
        declared = null;
        declaredBy = null;
        String fused = fused(nowNanos);
        current = new Decision(fused == null ? UNKNOWN : fused, Origin.RELEASED, by, votes(nowNanos), nowNanos);
        return current;
    }

    /** Who declared the state in force, or null when it is fused. */
    public String declaredBy() {
        return declaredBy;
    }

    private Decision decide(long nowNanos) {
        if (declared != null) {
            return null;
        }
        String fused = fused(nowNanos);
        if (fused == null || fused.equals(current.state())) {
            return null;
        }
        current = new Decision(fused, Origin.FUSED, null, votes(nowNanos), nowNanos);
        return current;
    }

    /** The highest-priority state with its votes among fresh observing reports, or null. */
    private String fused(long nowNanos) {
        Map<String, String> votes = votes(nowNanos);
        for (PlantModel.PlantState s : model.states()) {
            long n = votes.values().stream().filter(s.name()::equals).count();
            if (n >= s.votes()) {
                return s.name();
            }
        }
        return null;
    }

    private Map<String, String> votes(long nowNanos) {
        Map<String, String> out = new TreeMap<>();
        reports.forEach((nma, r) -> {
            PlantModel.NmaRole role = model.nmas().get(nma);
            if (role != null && role.observes() && nowNanos - r.timeNanos() <= reportMaxAgeNanos) {
                out.put(nma, r.state());
            }
        });
        return out;
    }
}
