package io.statewall.protocols.modbus;

import java.util.ArrayList;
import java.util.List;

/** Normal response PDUs (server to client) to records; layouts in each record's Javadoc. */
final class ResponseDecoder {
    private ResponseDecoder() {}

    static ModbusResponse decode(PduReader r) {
        return switch (FunctionCode.of(r.function())) {
            case READ_COILS -> {
                int byteCount = byteCounted(r);
                yield byteCount < 0 ? r.malformed() : new ReadCoilsResponse(r.bits(byteCount, 8 * byteCount));
            }
            case READ_DISCRETE_INPUTS -> {
                int byteCount = byteCounted(r);
                yield byteCount < 0 ? r.malformed() : new ReadDiscreteInputsResponse(r.bits(byteCount, 8 * byteCount));
            }
            case READ_HOLDING_REGISTERS -> {
                int byteCount = registerBytes(r);
                yield byteCount < 0 ? r.malformed() : new ReadHoldingRegistersResponse(r.registers(byteCount / 2));
            }
            case READ_INPUT_REGISTERS -> {
                int byteCount = registerBytes(r);
                yield byteCount < 0 ? r.malformed() : new ReadInputRegistersResponse(r.registers(byteCount / 2));
            }
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                int byteCount = registerBytes(r);
                yield byteCount < 0 ? r.malformed() : new ReadWriteMultipleRegistersResponse(r.registers(byteCount / 2));
            }
            case WRITE_SINGLE_COIL -> r.exactly(4) ? new WriteSingleCoilResponse(r.u16(), r.u16()) : r.malformed();
            case WRITE_SINGLE_REGISTER ->
                    r.exactly(4) ? new WriteSingleRegisterResponse(r.u16(), r.u16()) : r.malformed();
            case READ_EXCEPTION_STATUS -> r.exactly(1) ? new ReadExceptionStatusResponse(r.u8()) : r.malformed();
            case DIAGNOSTICS -> r.atLeast(2) ? new DiagnosticsResponse(r.u16(), r.rest()) : r.malformed();
            case GET_COMM_EVENT_COUNTER ->
                    r.exactly(4) ? new GetCommEventCounterResponse(r.u16(), r.u16()) : r.malformed();
            case GET_COMM_EVENT_LOG -> eventLog(r);
            case WRITE_MULTIPLE_COILS -> r.exactly(4) ? new WriteMultipleCoilsResponse(r.u16(), r.u16()) : r.malformed();
            case WRITE_MULTIPLE_REGISTERS ->
                    r.exactly(4) ? new WriteMultipleRegistersResponse(r.u16(), r.u16()) : r.malformed();
            case REPORT_SERVER_ID -> byteCounted(r) < 0 ? r.malformed() : new ReportServerIdResponse(r.rest());
            case READ_FILE_RECORD -> readFileRecord(r);
            case WRITE_FILE_RECORD -> {
                List<FileRecord> records = RequestDecoder.fileRecords(r);
                yield records == null ? r.malformed() : new WriteFileRecordResponse(records);
            }
            case MASK_WRITE_REGISTER ->
                    r.exactly(6) ? new MaskWriteRegisterResponse(r.u16(), r.u16(), r.u16()) : r.malformed();
            case READ_FIFO_QUEUE -> readFifoQueue(r);
            case ENCAPSULATED_INTERFACE_TRANSPORT -> encapsulated(r);
            case PROGRAM_484, POLL_484, PROGRAM_CONTROLLER, POLL_CONTROLLER, PROGRAM_884, RESET_COMM_LINK, UNKNOWN ->
                    r.raw();
        };
    }

    /** Reads a byte count that must cover exactly the rest of the PDU; -1 when it does not. */
    private static int byteCounted(PduReader r) {
        if (!r.atLeast(1)) {
            return -1;
        }
        int byteCount = r.u8();
        return r.exactly(byteCount) ? byteCount : -1;
    }

    private static int registerBytes(PduReader r) {
        int byteCount = byteCounted(r);
        if (byteCount >= 0 && (byteCount & 1) != 0) {
            r.fail("byte count " + byteCount + " is not a whole number of registers");
            return -1;
        }
        return byteCount;
    }

    private static ModbusResponse eventLog(PduReader r) {
        int byteCount = byteCounted(r);
        if (byteCount < 0) {
            return r.malformed();
        }
        if (byteCount < 6) {
            return r.malformed("byte count " + byteCount + " is below the 6 bytes of status and counters");
        }
        return new GetCommEventLogResponse(r.u16(), r.u16(), r.u16(), r.rest());
    }

    private static ModbusResponse readFileRecord(PduReader r) {
        if (byteCounted(r) < 0) {
            return r.malformed();
        }
        List<FileRecordData> subResponses = new ArrayList<>();
        while (r.remaining() > 0) {
            int fileLength = r.u8();
            if (fileLength < 1 || !r.atLeast(fileLength)) {
                return fileLength < 1 ? r.malformed("file response length 0 at PDU offset " + (r.position() - 1))
                        : r.malformed();
            }
            if (((fileLength - 1) & 1) != 0) {
                return r.malformed("file response length " + fileLength + " is not 1 + whole registers");
            }
            subResponses.add(new FileRecordData(r.u8(), r.registers((fileLength - 1) / 2)));
        }
        return new ReadFileRecordResponse(subResponses);
    }

    private static ModbusResponse readFifoQueue(PduReader r) {
        if (!r.atLeast(4)) {
            return r.malformed();
        }
        int byteCount = r.u16();
        if (!r.exactly(byteCount)) {
            return r.malformed();
        }
        int count = r.u16();
        if (byteCount != 2 + 2 * count) {
            return r.malformed("byte count " + byteCount + " does not hold FIFO count " + count);
        }
        return new ReadFifoQueueResponse(r.registers(count));
    }

    private static ModbusResponse encapsulated(PduReader r) {
        if (!r.atLeast(1)) {
            return r.malformed();
        }
        int meiType = r.u8();
        if (meiType != MeiType.READ_DEVICE_ID.code()) {
            return new EncapsulatedInterfaceResponse(meiType, r.rest());
        }
        if (!r.atLeast(5)) {
            return r.malformed();
        }
        int code = r.u8();
        int conformity = r.u8();
        boolean moreFollows = r.u8() != 0;
        int nextObjectId = r.u8();
        int count = r.u8();
        List<DeviceIdObject> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!r.atLeast(2)) {
                return r.malformed();
            }
            int id = r.u8();
            int length = r.u8();
            if (!r.atLeast(length)) {
                return r.malformed();
            }
            objects.add(new DeviceIdObject(id, r.bytes(length)));
        }
        if (r.remaining() != 0) {
            return r.malformed(r.remaining() + " bytes after the " + count + " objects announced");
        }
        return new ReadDeviceIdentificationResponse(code, conformity, moreFollows, nextObjectId, objects);
    }
}
