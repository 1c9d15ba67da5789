package io.statewall.engine.policy;

import io.statewall.engine.state.StateDef;
import io.statewall.engine.state.StateModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded policy file (see docs/policy-format.md): assets, the optional plant model, protected
 * traffic, the rules common to every state, one ruleset per state and the default ruleset.
 *
 * @param plant          null when the file has no {@code plant:}; then the only state is
 *                       {@value StateModel#UNKNOWN}
 * @param rulesets       by state name, in file order
 */
public record Policy(String name, Map<String, Asset> assets, PlantModel plant, List<ProtectedSpec> protectedSpecs,
                     List<Rule> common, Map<String, RuleSet> rulesets, RuleSet defaultRuleset) {
    public Policy {
        name = name == null ? "" : name;
        assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets));
        protectedSpecs = List.copyOf(protectedSpecs);
        common = List.copyOf(common);
        rulesets = Collections.unmodifiableMap(new LinkedHashMap<>(rulesets));
        Objects.requireNonNull(defaultRuleset, "defaultRuleset");
    }

    /**
     * The states the engine can be in: the plant model's declared states, then {@code unknown}
     * (always possible: before the first evaluation and when variables go stale, unless both
     * {@code initial} and {@code stale} name other states).
     */
    public List<String> stateNames() {
        List<String> names = new ArrayList<>();
        if (plant != null) {
            for (StateDef d : plant.states().states()) {
                names.add(d.name());
            }
            StateModel m = plant.states();
            boolean unknownReachable = m.initial().equals(StateModel.UNKNOWN) || m.staleFallback().equals(StateModel.UNKNOWN);
            if (unknownReachable && !names.contains(StateModel.UNKNOWN)) {
                names.add(StateModel.UNKNOWN);
            }
        } else {
            names.add(StateModel.UNKNOWN);
        }
        return names;
    }

    /** The ruleset that applies in {@code state}: its own, or the default. */
    public RuleSet rulesetFor(String state) {
        return rulesets.getOrDefault(state, defaultRuleset);
    }

    /** The rules tried in {@code state}, in evaluation order: the state's ruleset, then {@code common}. */
    public List<Rule> evaluationOrder(String state) {
        List<Rule> order = new ArrayList<>(rulesetFor(state).rules());
        order.addAll(common);
        return order;
    }
}
