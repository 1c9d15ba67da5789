/**
 * The attack campaign against the simulated unit: {@link io.statewall.plantsim.attack.Campaign#standard()}
 * lists its {@link io.statewall.plantsim.attack.AttackScenario scenarios} in time order, each
 * labelled with its MITRE ATT&amp;CK for ICS techniques, its start in plant time, the attacker, the
 * target and what an inline NMA enforcing {@code examples/thermal-power-unit.yaml} should do
 * ({@link io.statewall.plantsim.attack.Expectation}).
 *
 * <pre>{@code
 * AttackContext ctx = AttackContext.of(sim, nmaPorts, new AttackHosts(laptop, desk, engineering))
 *         .withOrigin(operatingRun.origin());
 * CampaignRun attacks = Campaign.standard().start(ctx, display);   // each at its plant time
 * }</pre>
 *
 * <p>The attacker speaks raw Modbus/TCP from its own tool (no Modbus library), from the address
 * of the host it sits on, with a 1 s answer timeout; each run returns an
 * {@link io.statewall.plantsim.attack.AttackOutcome} with every answer by kind and the local
 * {@code ip:port} of every connection, by which alerts can be matched to it. Two attacks are no
 * message of the attacker's own and use the simulator's hooks: a controller that spoofs its
 * reports ({@link io.statewall.plantsim.PlantSim#spoof}) and malware that takes over the operator
 * desk's periodic write ({@link io.statewall.plantsim.PlantSim#takeOverRefreshes}).
 *
 * <p>On the plant's clock a scenario paces itself in wall time; with the plant stepped by hand
 * (time scale 0) its waits step the plant in the caller's thread and a flood sends a fixed count,
 * so that a test run is repeatable. Test and demo infrastructure, not a hot path.
 */
package io.statewall.plantsim.attack;
