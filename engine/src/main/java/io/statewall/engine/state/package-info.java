/**
 * Operating-state inference: the condition language ({@link io.statewall.engine.state.ConditionParser}),
 * the state model ({@link io.statewall.engine.state.StateModel}) and the tracker that switches
 * state on the packet thread ({@link io.statewall.engine.state.StateTracker}). Reads variables
 * only through {@link io.statewall.engine.state.VariableSource}, so it does not depend on the
 * process image's types.
 */
package io.statewall.engine.state;
