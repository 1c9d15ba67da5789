package io.statewall.cli.demo;

import io.statewall.plantsim.attack.Exchange;
import java.util.List;
import java.util.Set;

/**
 * One attack of the campaign as the demo ran it, with what it needs to tell the NMA's alerts
 * about it from those about legitimate traffic.
 *
 * @param id           the scenario's id
 * @param title        one line
 * @param techniques   ATT&CK for ICS technique ids the scenario stands for
 * @param expectBlock  the policy can express it: every command request must be refused inline
 * @param attacker     who attacks, in words (an unknown host, malware on the operator desk …)
 * @param target       the controller attacked (asset name)
 * @param plantTime    plant time at which it started, s
 * @param startMillis  wall clock at its first request
 * @param endMillis    wall clock after its last answer (or its end, for a spoof)
 * @param connections  the attacker's connections as {@code ip:port}: its requests' source
 * @param requests     requests it sent
 * @param reporting    the attack is in what a controller reports, not in requests (T0856): the
 *                     NMA can only notice it in its state model, so state-model alerts from its
 *                     start until shortly after its end are its
 * @param notes        what the attacker saw (answers by kind), for the report
 * @param exchanges    the requests it sent (the first few thousand), for checking what reached the controllers
 */
record AttackRecord(String id, String title, List<String> techniques, boolean expectBlock, String attacker,
                    String target, double plantTime, long startMillis, long endMillis, Set<String> connections,
                    long requests, boolean reporting, String notes, List<Exchange> exchanges) {
    /** State-model alerts this long after a spoof ends are still its own (one HMI scan and the NMA's tick). */
    static final long REPORTING_GRACE_MILLIS = 3_000;

    boolean covers(AlertSeen a) {
        if (reporting) {
            return a.stateModel() && a.epochMillis() >= startMillis
                    && a.epochMillis() <= endMillis + REPORTING_GRACE_MILLIS;
        }
        return a.srcPort() > 0 && connections.contains(a.srcIp() + ":" + a.srcPort());
    }
}
