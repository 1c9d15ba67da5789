package io.statewall.nma.inline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plant as the proxy sees it at one moment, read on its event loop.
 *
 * @param state      the operating state in force
 * @param declaredBy who declared it, or null when it is inferred from the process
 * @param observed   what the process says (the state's conditions), declared state or not;
 *                   {@code unknown} when no condition holds
 * @param points     the plant model's variables, in model order: current value, or null before
 *                   the first reading
 */
public record PlantStatus(String state, String declaredBy, String observed, Map<String, Double> points) {
    public PlantStatus {
        points = Collections.unmodifiableMap(new LinkedHashMap<>(points));
    }
}
