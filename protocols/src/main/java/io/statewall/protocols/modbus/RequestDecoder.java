package io.statewall.protocols.modbus;

import java.util.ArrayList;
import java.util.List;

/** Request PDUs (client to server) to records; layouts in each record's Javadoc. */
final class RequestDecoder {
    private RequestDecoder() {}

    static ModbusRequest decode(PduReader r) {
        return switch (FunctionCode.of(r.function())) {
            case READ_COILS -> r.exactly(4) ? new ReadCoilsRequest(r.u16(), r.u16()) : r.malformed();
            case READ_DISCRETE_INPUTS -> r.exactly(4) ? new ReadDiscreteInputsRequest(r.u16(), r.u16()) : r.malformed();
            case READ_HOLDING_REGISTERS ->
                    r.exactly(4) ? new ReadHoldingRegistersRequest(r.u16(), r.u16()) : r.malformed();
            case READ_INPUT_REGISTERS -> r.exactly(4) ? new ReadInputRegistersRequest(r.u16(), r.u16()) : r.malformed();
            case WRITE_SINGLE_COIL -> r.exactly(4) ? new WriteSingleCoilRequest(r.u16(), r.u16()) : r.malformed();
            case WRITE_SINGLE_REGISTER ->
                    r.exactly(4) ? new WriteSingleRegisterRequest(r.u16(), r.u16()) : r.malformed();
            case READ_EXCEPTION_STATUS -> r.exactly(0) ? new ReadExceptionStatusRequest() : r.malformed();
            case DIAGNOSTICS -> r.atLeast(2) ? new DiagnosticsRequest(r.u16(), r.rest()) : r.malformed();
            case GET_COMM_EVENT_COUNTER -> r.exactly(0) ? new GetCommEventCounterRequest() : r.malformed();
            case GET_COMM_EVENT_LOG -> r.exactly(0) ? new GetCommEventLogRequest() : r.malformed();
            case WRITE_MULTIPLE_COILS -> writeMultipleCoils(r);
            case WRITE_MULTIPLE_REGISTERS -> writeMultipleRegisters(r);
            case REPORT_SERVER_ID -> r.exactly(0) ? new ReportServerIdRequest() : r.malformed();
            case READ_FILE_RECORD -> readFileRecord(r);
            case WRITE_FILE_RECORD -> {
                List<FileRecord> records = fileRecords(r);
                yield records == null ? r.malformed() : new WriteFileRecordRequest(records);
            }
            case MASK_WRITE_REGISTER ->
                    r.exactly(6) ? new MaskWriteRegisterRequest(r.u16(), r.u16(), r.u16()) : r.malformed();
            case READ_WRITE_MULTIPLE_REGISTERS -> readWriteMultipleRegisters(r);
            case READ_FIFO_QUEUE -> r.exactly(2) ? new ReadFifoQueueRequest(r.u16()) : r.malformed();
            case ENCAPSULATED_INTERFACE_TRANSPORT -> encapsulated(r);
            case PROGRAM_484, POLL_484, PROGRAM_CONTROLLER, POLL_CONTROLLER, PROGRAM_884, RESET_COMM_LINK, UNKNOWN ->
                    r.raw();
        };
    }

    private static ModbusRequest writeMultipleCoils(PduReader r) {
        if (!r.atLeast(5)) {
            return r.malformed();
        }
        int address = r.u16();
        int quantity = r.u16();
        int byteCount = r.u8();
        if (byteCount != (quantity + 7) >>> 3) {
            return r.malformed("byte count " + byteCount + " does not hold quantity " + quantity + " coils");
        }
        return r.exactly(byteCount) ? new WriteMultipleCoilsRequest(address, r.bits(byteCount, quantity)) : r.malformed();
    }

    private static ModbusRequest writeMultipleRegisters(PduReader r) {
        if (!r.atLeast(5)) {
            return r.malformed();
        }
        int address = r.u16();
        int quantity = r.u16();
        int byteCount = r.u8();
        if (byteCount != 2 * quantity) {
            return r.malformed("byte count " + byteCount + " is not 2 x quantity " + quantity);
        }
        return r.exactly(byteCount) ? new WriteMultipleRegistersRequest(address, r.registers(quantity)) : r.malformed();
    }

    private static ModbusRequest readFileRecord(PduReader r) {
        if (!r.atLeast(1)) {
            return r.malformed();
        }
        int byteCount = r.u8();
        if (!r.exactly(byteCount)) {
            return r.malformed();
        }
        if (byteCount % 7 != 0) {
            return r.malformed("byte count " + byteCount + " is not a multiple of the 7-byte sub-request");
        }
        List<FileRecordReference> subRequests = new ArrayList<>(byteCount / 7);
        while (r.remaining() > 0) {
            subRequests.add(new FileRecordReference(r.u8(), r.u16(), r.u16(), r.u16()));
        }
        return new ReadFileRecordRequest(subRequests);
    }

    /** FC 21 request and response body; null (reason recorded in {@code r}) when malformed. */
    static List<FileRecord> fileRecords(PduReader r) {
        if (!r.atLeast(1)) {
            return null;
        }
        int byteCount = r.u8();
        if (!r.exactly(byteCount)) {
            return null;
        }
        List<FileRecord> records = new ArrayList<>();
        while (r.remaining() > 0) {
            if (!r.atLeast(7)) {
                return null;
            }
            int referenceType = r.u8();
            int fileNumber = r.u16();
            int recordNumber = r.u16();
            int recordLength = r.u16();
            if (!r.atLeast(2 * recordLength)) {
                return null;
            }
            records.add(new FileRecord(referenceType, fileNumber, recordNumber, r.registers(recordLength)));
        }
        return records;
    }

    private static ModbusRequest readWriteMultipleRegisters(PduReader r) {
        if (!r.atLeast(9)) {
            return r.malformed();
        }
        int readAddress = r.u16();
        int readQuantity = r.u16();
        int writeAddress = r.u16();
        int writeQuantity = r.u16();
        int byteCount = r.u8();
        if (byteCount != 2 * writeQuantity) {
            return r.malformed("write byte count " + byteCount + " is not 2 x write quantity " + writeQuantity);
        }
        return r.exactly(byteCount)
                ? new ReadWriteMultipleRegistersRequest(readAddress, readQuantity, writeAddress, r.registers(writeQuantity))
                : r.malformed();
    }

    private static ModbusRequest encapsulated(PduReader r) {
        if (!r.atLeast(1)) {
            return r.malformed();
        }
        int meiType = r.u8();
        if (meiType != MeiType.READ_DEVICE_ID.code()) {
            return new EncapsulatedInterfaceRequest(meiType, r.rest());
        }
        return r.exactly(2) ? new ReadDeviceIdentificationRequest(r.u8(), r.u8()) : r.malformed();
    }
}
