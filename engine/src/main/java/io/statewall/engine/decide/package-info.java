/**
 * The run-time rule engine: judges each Modbus transaction against the compiled policy of the
 * current operating state (docs/policy-format.md, "Evaluation").
 *
 * <p>{@link io.statewall.engine.decide.CompiledPolicy} turns a loaded {@link
 * io.statewall.engine.policy.Policy} into flat matchers once; a {@link
 * io.statewall.engine.decide.PolicyHolder} publishes the current one atomically; one {@link
 * io.statewall.engine.decide.Decider} per packet thread judges transactions into a reused
 * {@link io.statewall.engine.decide.Verdict} without allocating.
 */
package io.statewall.engine.decide;
