package io.statewall.plantsim;

/**
 * A moment worth showing: a scenario phase beginning (named by its step) or an event of the plant
 * itself ({@value #TRIP}, {@value #TRIP_RESET}, {@value #BREAKER_CLOSED}, {@value #BREAKER_OPENED},
 * {@value #TURBINE_AT_REST}).
 *
 * @param time        plant time, s
 * @param name        short name (a scenario milestone or one of the constants)
 * @param description one line for a display
 */
public record Milestone(double time, String name, String description) {
    public static final String TRIP = "trip";
    public static final String TRIP_RESET = "trip-reset";
    public static final String BREAKER_CLOSED = "breaker-closed";
    public static final String BREAKER_OPENED = "breaker-opened";
    public static final String TURBINE_AT_REST = "turbine-at-rest";
}
