package io.statewall.engine.policy;

import io.statewall.engine.image.VariableBinding;
import io.statewall.engine.state.CompiledStateModel;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.StateModel;
import io.statewall.engine.state.VariableTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plant model of a policy: process variables bound to Modbus points and the operating
 * states inferred from them.
 *
 * @param variableLocations where each variable is declared
 * @param stateLocations    where each declared state is declared
 */
public record PlantModel(List<VariableBinding> variables, StateModel states,
                         Map<String, SourceLocation> variableLocations, Map<String, SourceLocation> stateLocations) {
    public PlantModel {
        variables = List.copyOf(variables);
        Objects.requireNonNull(states, "states");
        variableLocations = Map.copyOf(variableLocations);
        stateLocations = Map.copyOf(stateLocations);
    }

    public VariableTable variableTable() {
        return VariableTable.of(variables.stream().map(VariableBinding::name).toList());
    }

    /** The state model ready for a tracker; the loader has already compiled it once, so this only fails for models built in code. */
    public CompiledStateModel compile() throws InvalidStateModelException {
        return states.compile(variableTable());
    }

    public SourceLocation locationOfState(String name) {
        return stateLocations.getOrDefault(name, SourceLocation.NONE);
    }
}
