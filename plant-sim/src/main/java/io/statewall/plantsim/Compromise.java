package io.statewall.plantsim;

/**
 * A part of the plant under an attacker's control (a controller reporting false values, an
 * operator station whose writes malware takes over) until {@link #close()} ends it. Closing twice,
 * or after the simulator closed, does nothing.
 */
public interface Compromise extends AutoCloseable {

    @Override
    void close();
}
