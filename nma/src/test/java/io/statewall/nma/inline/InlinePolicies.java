package io.statewall.nma.inline;

import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;

/**
 * The policies the inline tests enforce, over one controller at 127.0.0.1 (its port is part of
 * the asset: the plant variable lives on that one server).
 *
 * <p>The plant: holding register 0 is the unit's {@code mode}; 0 means {@code locked}, 1 means
 * {@code open}. While locked, writing the setpoint (holding register 5) is blocked; open, it is
 * allowed. Anything else is allowed in both states. Until the mode has been read the unit is
 * taken as locked (initial and stale state), the safe side.
 */
final class InlinePolicies {
    static final int MODE = 0;
    static final int SETPOINT = 5;
    static final String SETPOINT_RULE = "setpoint-locked";
    static final String LOCKED = "locked";
    static final String OPEN = "open";
    static final String[] SETPOINT_ATTACK = {"T0836", "T0855"};

    private InlinePolicies() {}

    /** Locked blocks setpoint writes; open allows them. */
    static Policy setpointLockedByMode(int controllerPort) {
        return parse(controllerPort, """
                      - id: setpoint-locked
                        to: plc
                        operation: write
                        area: holding_registers
                        address: 5
                        action: block
                        severity: 1
                        message: Setpoint written while the unit is locked
                        attack: [T0836, T0855]
                """);
    }

    /** The same plant model with no rule: every request is allowed in every state. */
    static Policy everythingAllowed(int controllerPort) {
        return parse(controllerPort, "");
    }

    /** Every request allowed, and writes of the setpoint declared protected ({@code setpoint-writes}). */
    static Policy setpointWritesProtected(int controllerPort) {
        return parse(controllerPort, """
                protected:
                  - id: setpoint-writes
                    to: plc
                    operation: write
                    area: holding_registers
                    address: 5
                """, "");
    }

    private static Policy parse(int controllerPort, String lockedRules) {
        return parse(controllerPort, "", lockedRules);
    }

    private static Policy parse(int controllerPort, String protectedEntries, String lockedRules) {
        String yaml = """
                statewall: 1
                name: inline proxy tests
                assets:
                  plc: { ip: 127.0.0.1, port: %d }
                plant:
                  variables:
                    mode: { asset: plc, unit: 1, area: holding_registers, address: 0, type: uint16, max_age: 1h }
                  initial: locked
                  stale: locked
                  states:
                    locked: { when: "mode == 0", priority: 10 }
                    open:   { when: "mode == 1", priority: 20 }
                  transitions:
                    locked:  [open]
                    open:    [locked]
                %srulesets:
                  locked:
                    default: allow
                    rules:
                %s
                  open:
                    default: allow
                    rules: []
                """.formatted(controllerPort, protectedEntries, lockedRules.isEmpty() ? "      []" : lockedRules.stripTrailing());
        try {
            return PolicyLoader.parse(yaml, "inline-test.yaml");
        } catch (PolicyException e) {
            throw new IllegalStateException("the test policy does not load: " + e.getMessage(), e);
        }
    }
}
