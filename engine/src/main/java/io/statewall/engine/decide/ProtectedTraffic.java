package io.statewall.engine.decide;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * The policy's {@code protected} entries as a question other judges ask: a learned baseline
 * that would block a request asks first whether the request is declared never-blockable, and
 * alerts instead when it is, exactly as a policy rule's block is downgraded.
 */
@FunctionalInterface
public interface ProtectedTraffic {
    /** No traffic is protected. */
    ProtectedTraffic NONE = (flow, tx) -> null;

    /**
     * @return the id of the first protected entry whose request part matches the request of
     *     {@code tx} (an entry with a {@code response:} part counts as matching: the answer is
     *     not known yet), or null when none does
     */
    String protectedBy(FlowContext flow, ModbusTransaction tx);
}
