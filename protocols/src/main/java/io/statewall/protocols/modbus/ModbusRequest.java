package io.statewall.protocols.modbus;

/** A request PDU (client to server). */
public sealed interface ModbusRequest extends ModbusPdu permits
        ReadCoilsRequest, ReadDiscreteInputsRequest, ReadHoldingRegistersRequest, ReadInputRegistersRequest,
        WriteSingleCoilRequest, WriteSingleRegisterRequest, ReadExceptionStatusRequest, DiagnosticsRequest,
        GetCommEventCounterRequest, GetCommEventLogRequest, WriteMultipleCoilsRequest,
        WriteMultipleRegistersRequest, ReportServerIdRequest, ReadFileRecordRequest, WriteFileRecordRequest,
        MaskWriteRegisterRequest, ReadWriteMultipleRegistersRequest, ReadFifoQueueRequest,
        ReadDeviceIdentificationRequest, EncapsulatedInterfaceRequest, RawPdu, MalformedPdu {
}
