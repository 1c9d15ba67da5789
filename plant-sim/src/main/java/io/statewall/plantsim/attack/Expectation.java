package io.statewall.plantsim.attack;

/** What an inline NMA enforcing {@code examples/thermal-power-unit.yaml} is expected to do with a scenario. */
public enum Expectation {
    /** Every command request of the scenario is refused (exception 01) before it reaches the controller. */
    BLOCK,
    /** At least one alert; some requests may reach the controller (they look legitimate to a rule). */
    DETECT
}
