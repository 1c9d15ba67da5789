package io.statewall.engine.state;

/**
 * Where the state tracker reads process variables from. The process image implements it; the
 * tracker never depends on the image's own types. Variables are numbered 0..n-1 in the order
 * of the {@link VariableTable}. All three methods are called on the packet thread and must not
 * allocate.
 */
public interface VariableSource {

    /** Current value, engineering units; booleans are 0 (false) or anything else (true). */
    double value(int variable);

    /** False until the variable has been seen on the wire (or after the source lost it). */
    boolean known(int variable);

    /** When the value was last updated, on the same nanosecond clock as the tracker's {@code nowNanos}. */
    long updatedAt(int variable);
}
