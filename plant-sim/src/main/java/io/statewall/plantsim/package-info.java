/**
 * A simulated thermal power unit to protect: {@link io.statewall.plantsim.Plant} (drum boiler,
 * turbine and generator, emergency shutdown system, stepped in fixed plant-time steps with seeded
 * noise), three controllers serving it over Modbus/TCP through j2mod (boiler, turbine/generator and
 * safety PLCs, their points in {@link io.statewall.plantsim.Points}, exactly those of
 * {@code examples/thermal-power-unit.yaml}), an {@link io.statewall.plantsim.Hmi} polling them, the
 * crew's {@link io.statewall.plantsim.Stations} writing the commands of a
 * {@link io.statewall.plantsim.Scenario}, all behind the {@link io.statewall.plantsim.PlantSim}
 * facade.
 *
 * <p>The crew's periodic writes ({@link io.statewall.plantsim.Scenario.Refresh}) are part of a
 * scenario's run; {@link io.statewall.plantsim.attack} attacks the unit, from hosts of its own and
 * through two hooks of the facade (a controller spoofing its reports, malware taking over a
 * periodic write).
 *
 * <p>Nothing here shares code with the {@code protocols} module: every Modbus byte the controllers,
 * the HMI and the crew put on the wire was encoded by j2mod, and the attacker's tool builds its own
 * raw frames. Test and demo infrastructure, not a hot path: it allocates
 * per request and per step.
 *
 * <p>Operating states are not scripted: the scenario gives the crew's commands at plant times and
 * the states an NMA infers follow from the physics. At a time scale of 10 (the default) the
 * built-in scenarios honour the example policy's dwell times (start-up 30 s, normal 60 s of wall
 * time); a larger scale makes phases shorter than those dwells, and the NMA would then switch late
 * or through a transition the policy forbids.
 */
package io.statewall.plantsim;
