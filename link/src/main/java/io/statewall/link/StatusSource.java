package io.statewall.link;

/**
 * Where the link's heartbeat finds the NMA's status. Called on the link's heartbeat thread once
 * per heartbeat; may block briefly (for example to read a snapshot made on the proxy's event
 * loop). A source that throws gives a heartbeat with the last status it returned.
 */
@FunctionalInterface
public interface StatusSource {
    NmaStatus status() throws Exception;
}
