package io.statewall.engine.plant;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.image.PointKey;
import io.statewall.engine.image.ProcessImage;
import io.statewall.engine.image.VariableBinding;
import io.statewall.engine.policy.PlantModel;
import io.statewall.engine.state.CompiledStateModel;
import io.statewall.engine.state.InvalidStateModelException;
import io.statewall.engine.state.OperatingState;
import io.statewall.engine.state.StateChangeListener;
import io.statewall.engine.state.StateTracker;
import io.statewall.engine.state.VariableSource;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plant as the sensor sees it: transactions update the {@link ProcessImage}, the points
 * that changed name the plant-model variables that changed, and the {@link StateTracker}
 * re-evaluates the states depending on those, synchronously, so the state in force for the
 * next message already reflects this one. One per packet thread.
 */
public final class PlantMonitor implements VariableSource {
    private static final int[] NONE = new int[0];

    private final ProcessImage image = new ProcessImage();
    private final VariableBinding[] variables;
    private final Map<PointKey, int[]> variablesOfKey = new HashMap<>();
    /** Variables depending on each image point id, filled when the point is first seen. */
    private int[][] variablesOfPoint = new int[64][];
    private final int[] changed;
    private final boolean[] changedMark;
    private final CompiledStateModel model;
    private final StateTracker tracker;

    public PlantMonitor(PlantModel plant, StateChangeListener listener, long startNanos) throws InvalidStateModelException {
        List<VariableBinding> list = plant.variables();
        variables = list.toArray(new VariableBinding[0]);
        for (int v = 0; v < variables.length; v++) {
            index(variables[v].point(), v);
            PointKey second = variables[v].secondPoint();
            if (second != null) {
                index(second, v);
            }
        }
        changed = new int[variables.length];
        changedMark = new boolean[variables.length];
        model = plant.compile();
        tracker = new StateTracker(model, this, listener, startNanos);
    }

    private void index(PointKey key, int variable) {
        int[] old = variablesOfKey.getOrDefault(key, NONE);
        int[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = variable;
        variablesOfKey.put(key, grown);
    }

    public CompiledStateModel model() {
        return model;
    }

    public StateTracker tracker() {
        return tracker;
    }

    public ProcessImage image() {
        return image;
    }

    /** The state in force now. */
    public OperatingState current() {
        return tracker.current();
    }

    /** Feeds one paired transaction; may switch the state before returning. */
    public void apply(FlowContext flow, ModbusTransaction tx, long nowNanos) {
        int points = image.apply(flow, tx);
        int count = 0;
        for (int i = 0; i < points; i++) {
            int[] dependents = variablesOf(image.changedPoint(i));
            for (int v : dependents) {
                if (!changedMark[v]) {
                    changedMark[v] = true;
                    changed[count++] = v;
                }
            }
        }
        if (count > 0) {
            for (int i = 0; i < count; i++) {
                changedMark[changed[i]] = false;
            }
            tracker.onVariablesUpdated(changed, count, nowNanos);
        }
    }

    /** Lets time pass (staleness, dwell): call about once a second of capture or wall time. */
    public void tick(long nowNanos) {
        tracker.tick(nowNanos);
    }

    private int[] variablesOf(int pointId) {
        if (pointId >= variablesOfPoint.length) {
            variablesOfPoint = Arrays.copyOf(variablesOfPoint, Math.max(pointId + 1, variablesOfPoint.length * 2));
        }
        int[] known = variablesOfPoint[pointId];
        if (known == null) {
            // Once per point: its key is looked up among the variables' points.
            known = variablesOfKey.getOrDefault(image.key(pointId), NONE);
            variablesOfPoint[pointId] = known;
        }
        return known;
    }

    // ---- VariableSource for the tracker: the plant-model variables over the image ----

    @Override
    public double value(int variable) {
        return variables[variable].value(image);
    }

    @Override
    public boolean known(int variable) {
        return variables[variable].known(image);
    }

    @Override
    public long updatedAt(int variable) {
        return variables[variable].updatedAt(image);
    }
}
