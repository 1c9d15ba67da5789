package io.statewall.protocols.modbus;

/** A response PDU (server to client): normal, exception, raw or malformed. */
public sealed interface ModbusResponse extends ModbusPdu permits
        ReadCoilsResponse, ReadDiscreteInputsResponse, ReadHoldingRegistersResponse, ReadInputRegistersResponse,
        WriteSingleCoilResponse, WriteSingleRegisterResponse, ReadExceptionStatusResponse, DiagnosticsResponse,
        GetCommEventCounterResponse, GetCommEventLogResponse, WriteMultipleCoilsResponse,
        WriteMultipleRegistersResponse, ReportServerIdResponse, ReadFileRecordResponse, WriteFileRecordResponse,
        MaskWriteRegisterResponse, ReadWriteMultipleRegistersResponse, ReadFifoQueueResponse,
        ReadDeviceIdentificationResponse, EncapsulatedInterfaceResponse, ExceptionResponse, RawPdu, MalformedPdu {
}
