package io.statewall.asma.plant;

import java.util.List;
import java.util.Objects;

/**
 * What the correlator needs of an alert an NMA sent (an EVE {@code alert} record): who saw it,
 * when, from which source, and how the NMA explained it.
 *
 * @param eventId   the ASMA's id of the stored event, so a campaign can point at its parts (0: none)
 * @param timeNanos the alert's timestamp, nanoseconds since the epoch
 */
public record NmaAlert(long eventId, String nma, long timeNanos, String srcIp, String destIp, String detector,
                       List<String> attack, boolean blocked, String signature) {
    public NmaAlert {
        Objects.requireNonNull(nma, "nma");
        attack = List.copyOf(attack);
        detector = detector == null ? "" : detector;
        signature = signature == null ? "" : signature;
    }
}
