package io.statewall.plantsim;

import java.io.IOException;

/**
 * A controller, or an inline NMA standing in front of it, answered a request with a Modbus
 * exception response (MB-AP §7, MODBUS Application Protocol §7): the request was refused, the
 * connection is fine. 01 ILLEGAL FUNCTION is what an NMA answers for a blocked request; 02 ILLEGAL
 * DATA ADDRESS is the controllers' answer outside their areas.
 */
public final class ModbusRefusedException extends IOException {
    private final int function;
    private final int exceptionCode;

    public ModbusRefusedException(int function, int exceptionCode) {
        super(String.format("exception %02X to function %d", exceptionCode, function));
        this.function = function;
        this.exceptionCode = exceptionCode;
    }

    public int function() {
        return function;
    }

    public int exceptionCode() {
        return exceptionCode;
    }
}
