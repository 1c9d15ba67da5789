/**
 * The policy file (docs/policy-format.md): the model ({@link io.statewall.engine.policy.Policy}
 * and its records), the loader that reports every problem at its line
 * ({@link io.statewall.engine.policy.PolicyLoader}), the set algebra of matches
 * ({@link io.statewall.engine.policy.MatchAlgebra}) and {@code policy check}
 * ({@link io.statewall.engine.policy.PolicyVerifier}). Configuration-time code: it allocates
 * freely and never runs on the packet path.
 */
package io.statewall.engine.policy;
