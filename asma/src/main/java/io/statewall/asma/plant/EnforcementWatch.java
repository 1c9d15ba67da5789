package io.statewall.asma.plant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches that every NMA enforces the plant state. A push takes a moment to arrive, and an NMA
 * may be reconnecting, so a difference is only an alert once it has lasted the plant model's
 * {@code disagreement_after}; each episode is one alert (a new one after the NMA agreed again or
 * the plant state changed).
 *
 * <p>Not thread-safe: the ASMA calls it from one thread.
 */
public final class EnforcementWatch {
    private static final class Nma {
        String enforced;
        long differentSince = -1;
        boolean alerted;
    }

    private final PlantModel model;
    private final long afterNanos;
    private final Map<String, Nma> nmas = new HashMap<>();
    private String plantState;

    public EnforcementWatch(PlantModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.afterNanos = model.disagreementAfter().toNanos();
    }

    /** The state an NMA says it enforces (its heartbeat). */
    public void enforced(String nma, String state) {
        nmas.computeIfAbsent(nma, k -> new Nma()).enforced = state;
    }

    /**
     * The NMA disconnected: what it enforces is not known until its next heartbeat, so it is not
     * watched (its being offline is the NMA list's news, not a disagreement).
     */
    public void forget(String nma) {
        nmas.remove(nma);
    }

    /** The plant state changed: every NMA gets the full grace time to follow. */
    public void plantState(String state) {
        if (!Objects.equals(state, plantState)) {
            plantState = state;
            nmas.values().forEach(n -> {
                n.differentSince = -1;
                n.alerted = false;
            });
        }
    }

    /** @return the disagreements that have just lasted long enough to be alerts */
    public List<PlantAlert> check(long nowNanos) {
        List<PlantAlert> out = new ArrayList<>();
        if (plantState == null || plantState.equals(StateFusion.UNKNOWN)) {
            return out;
        }
        for (Map.Entry<String, Nma> e : nmas.entrySet()) {
            Nma n = e.getValue();
            if (plantState.equals(n.enforced)) {
                n.differentSince = -1;
                n.alerted = false;
                continue;
            }
            if (n.differentSince < 0) {
                n.differentSince = nowNanos;
            }
            if (!n.alerted && nowNanos - n.differentSince >= afterNanos) {
                n.alerted = true;
                out.add(new PlantAlert(nowNanos, "state-disagreement", e.getKey(),
                        "NMA enforces another operating state than the plant's", 2, plantState, List.of("T0856"),
                        List.of(e.getKey()), plantState, String.valueOf(n.enforced),
                        e.getKey() + " has enforced '" + n.enforced + "' for " + (nowNanos - n.differentSince) / 1_000_000
                                + " ms while the plant is in '" + plantState + "' (limit " + model.disagreementAfter().toMillis()
                                + " ms)", List.of(), null));
            }
        }
        return out;
    }
}
