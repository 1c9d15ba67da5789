package io.statewall.asma.store;

/** A process point's value at a time (µs since the epoch): a number, or text for anything else. */
public record ProcessValue(String point, long tsMicros, Double value, String text) {
}
