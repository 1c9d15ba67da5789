package io.statewall.protocols.modbus;

/**
 * An immutable, decoded Modbus PDU (MB-AP §4.1: function code + data), for consumers off the
 * hot path. One record per PDU and direction; see {@link ModbusRequest} and {@link
 * ModbusResponse}. Produced by {@link ModbusPduDecoder}, which never throws: a PDU that does
 * not fit its function's layout becomes {@link MalformedPdu}, an unknown or user-defined
 * function {@link RawPdu}. Field values are kept as sent; range checks are the validator's
 * job and surface as {@link ModbusAnomaly} flags on the transaction.
 */
public sealed interface ModbusPdu permits ModbusRequest, ModbusResponse {

    /** The function byte as on the wire (exception bit included), or -1 for an empty PDU. */
    int functionRaw();

    /** The function, exception bit ignored. */
    default FunctionCode function() {
        return functionRaw() < 0 ? FunctionCode.UNKNOWN : FunctionCode.of(functionRaw());
    }
}
