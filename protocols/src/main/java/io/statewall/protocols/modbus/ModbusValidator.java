package io.statewall.protocols.modbus;

/**
 * Per-function checks of requests and responses (MB-AP §6, §7) on flyweight frames. Returns
 * {@link ModbusAnomaly} bits; allocates nothing. PDU indexes below count from the function
 * code (index 0). Structural checks mirror {@link ModbusPduDecoder}; value checks are the
 * ranges each §6 request table and state diagram allows.
 *
 * <p>Which flag: a size that does not fit the layout or the PDU's own byte count is {@link
 * ModbusAnomaly#INVALID_LENGTH}; a field out of its range (including a byte count that
 * disagrees with a quantity in the same PDU) is {@link ModbusAnomaly#INVALID_VALUE}; a
 * response disagreeing with its request is {@link ModbusAnomaly#VALUE_MISMATCH}.
 */
final class ModbusValidator {
    private static final int LENGTH = ModbusAnomaly.INVALID_LENGTH.bit();
    private static final int VALUE = ModbusAnomaly.INVALID_VALUE.bit();
    private static final int FUNCTION = ModbusAnomaly.INVALID_FUNCTION_CODE.bit();
    private static final int EXCEPTION = ModbusAnomaly.INVALID_EXCEPTION_CODE.bit();
    private static final int MISMATCH = ModbusAnomaly.VALUE_MISMATCH.bit();

    /** MB-AP §6.1–6.4, 6.11, 6.12, 6.17 quantity limits. */
    static final int MAX_READ_BITS = 2000;
    static final int MAX_READ_REGISTERS = 125;
    static final int MAX_WRITE_BITS = 0x07B0;
    static final int MAX_WRITE_REGISTERS = 0x7B;
    static final int MAX_RW_WRITE_REGISTERS = 0x79;
    /** MB-AP §6.14/6.15: records are numbered 0x0000..0x270F and sub-requests have reference type 6. */
    static final int MAX_RECORD_NUMBER = 0x270F;
    static final int FILE_REFERENCE_TYPE = 6;
    /** MB-AP §4.1: a PDU is at most 253 bytes. */
    static final int MAX_PDU = 253;

    private ModbusValidator() {}

    static int request(ModbusFrame req) {
        int raw = req.functionRaw();
        int n = req.pduLength();
        if (raw == 0 || raw >= 0x80) {
            return FUNCTION; // §4.1: code 0 is invalid, 128–255 are exception responses only
        }
        return switch (FunctionCode.of(raw)) {
            case READ_COILS, READ_DISCRETE_INPUTS -> addressQuantity(req, MAX_READ_BITS);
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> addressQuantity(req, MAX_READ_REGISTERS);
            case WRITE_SINGLE_COIL -> n != 5 ? LENGTH : coilValue(req.u16At(3)) ? 0 : VALUE;
            case WRITE_SINGLE_REGISTER -> n != 5 ? LENGTH : 0;
            case READ_EXCEPTION_STATUS, GET_COMM_EVENT_COUNTER, GET_COMM_EVENT_LOG, REPORT_SERVER_ID ->
                    n != 1 ? LENGTH : 0;
            case DIAGNOSTICS -> diagnosticsRequest(req);
            case WRITE_MULTIPLE_COILS -> writeMultiple(req, MAX_WRITE_BITS, true);
            case WRITE_MULTIPLE_REGISTERS -> writeMultiple(req, MAX_WRITE_REGISTERS, false);
            case READ_FILE_RECORD -> readFileRecordRequest(req);
            case WRITE_FILE_RECORD -> fileRecords(req, 9, 0xFB);
            case MASK_WRITE_REGISTER -> n != 7 ? LENGTH : 0;
            case READ_WRITE_MULTIPLE_REGISTERS -> readWriteRequest(req);
            case READ_FIFO_QUEUE -> n != 3 ? LENGTH : 0;
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiRequest(req);
            case PROGRAM_484, POLL_484, PROGRAM_CONTROLLER, POLL_CONTROLLER, PROGRAM_884, RESET_COMM_LINK -> 0;
            case UNKNOWN -> unassigned(raw);
        };
    }

    /** Checks a response, against its request when {@code req} is not null. */
    static int response(ModbusFrame resp, ModbusFrame req) {
        int raw = resp.functionRaw();
        int n = resp.pduLength();
        if (raw >= 0x80) {
            return exceptionResponse(resp);
        }
        if (raw == 0) {
            return FUNCTION;
        }
        return switch (FunctionCode.of(raw)) {
            case READ_COILS, READ_DISCRETE_INPUTS -> readBitsResponse(resp, req);
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS, READ_WRITE_MULTIPLE_REGISTERS ->
                    readRegistersResponse(resp, req);
            case WRITE_SINGLE_COIL -> n != 5 ? LENGTH : (coilValue(resp.u16At(3)) ? 0 : VALUE) | echoWhole(resp, req);
            case WRITE_SINGLE_REGISTER, MASK_WRITE_REGISTER -> n != (raw == 6 ? 5 : 7) ? LENGTH : echoWhole(resp, req);
            case READ_EXCEPTION_STATUS -> n != 2 ? LENGTH : 0;
            case DIAGNOSTICS -> diagnosticsResponse(resp, req);
            case GET_COMM_EVENT_COUNTER -> n != 5 ? LENGTH : statusWord(resp.u16At(1)) ? 0 : VALUE;
            case GET_COMM_EVENT_LOG -> eventLogResponse(resp);
            case WRITE_MULTIPLE_COILS -> writeMultipleResponse(resp, req, MAX_WRITE_BITS);
            case WRITE_MULTIPLE_REGISTERS -> writeMultipleResponse(resp, req, MAX_WRITE_REGISTERS);
            case REPORT_SERVER_ID -> n < 2 || n != 2 + resp.byteAt(1) ? LENGTH : 0;
            case READ_FILE_RECORD -> readFileRecordResponse(resp, req);
            case WRITE_FILE_RECORD -> fileRecords(resp, 9, 0xFB) | echoWhole(resp, req);
            case READ_FIFO_QUEUE -> fifoResponse(resp);
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiResponse(resp, req);
            case PROGRAM_484, POLL_484, PROGRAM_CONTROLLER, POLL_CONTROLLER, PROGRAM_884, RESET_COMM_LINK -> 0;
            case UNKNOWN -> unassigned(raw);
        };
    }

    private static int unassigned(int raw) {
        return FunctionCode.category(raw) == FunctionCategory.PUBLIC_UNASSIGNED ? FUNCTION : 0;
    }

    /** §6.5: 0xFF00 requests ON, 0x0000 OFF; "all other values are illegal". */
    static boolean coilValue(int value) {
        return value == 0xFF00 || value == 0x0000;
    }

    /** §6.9: the status word is 0xFFFF (busy) or 0x0000. */
    private static boolean statusWord(int status) {
        return status == 0xFFFF || status == 0x0000;
    }

    /** 0..65535 addressing (§4.4): a range may not run past the last item. */
    private static boolean rangeFits(int address, int quantity) {
        return address + quantity <= 0x10000;
    }

    /**
     * FC 1–4 request, §6.1–6.4:
     * <pre> 0 function | 1 starting address u16 | 3 quantity u16 </pre>
     */
    private static int addressQuantity(ModbusFrame req, int max) {
        int flags = req.pduLength() != 5 ? LENGTH : 0;
        int quantity = req.u16At(3);
        if (quantity >= 0 && (quantity < 1 || quantity > max || !rangeFits(req.u16At(1), quantity))) {
            flags |= VALUE;
        }
        return flags;
    }

    /**
     * FC 15/16 request, §6.11–6.12:
     * <pre> 0 function | 1 address u16 | 3 quantity u16 | 5 byte count N | 6 N bytes of values </pre>
     * N must be ceil(quantity / 8) for coils and 2 × quantity for registers.
     */
    private static int writeMultiple(ModbusFrame req, int max, boolean bits) {
        int n = req.pduLength();
        if (n < 6) {
            return LENGTH;
        }
        int flags = 0;
        int quantity = req.u16At(3);
        int byteCount = req.byteAt(5);
        if (quantity < 1 || quantity > max || !rangeFits(req.u16At(1), quantity)) {
            flags |= VALUE;
        }
        if (byteCount != (bits ? (quantity + 7) >>> 3 : 2 * quantity)) {
            flags |= VALUE;
        }
        if (n != 6 + byteCount) {
            flags |= LENGTH;
        }
        return flags;
    }

    /**
     * FC 23 request, §6.17:
     * <pre>
     * 0 function | 1 read address u16 | 3 read quantity u16 (1..125)
     * 5 write address u16 | 7 write quantity u16 (1..121) | 9 byte count N = 2 × write quantity
     * 10 N bytes of register values
     * </pre>
     */
    private static int readWriteRequest(ModbusFrame req) {
        int n = req.pduLength();
        if (n < 10) {
            return LENGTH;
        }
        int flags = 0;
        int readQuantity = req.u16At(3);
        int writeQuantity = req.u16At(7);
        int byteCount = req.byteAt(9);
        if (readQuantity < 1 || readQuantity > MAX_READ_REGISTERS || !rangeFits(req.u16At(1), readQuantity)) {
            flags |= VALUE;
        }
        if (writeQuantity < 1 || writeQuantity > MAX_RW_WRITE_REGISTERS || !rangeFits(req.u16At(5), writeQuantity)) {
            flags |= VALUE;
        }
        if (byteCount != 2 * writeQuantity) {
            flags |= VALUE;
        }
        if (n != 10 + byteCount) {
            flags |= LENGTH;
        }
        return flags;
    }

    /**
     * FC 8 request, §6.8: <pre> 0 function | 1 sub-function u16 | 3 data (N × 2 bytes) </pre>
     * Return Query Data loops back any even number of bytes; every other public sub-function
     * carries exactly one word: 0x0000, except Restart (0x0000 or 0xFF00) and Change ASCII
     * Input Delimiter (CHAR 00). Reserved sub-functions are left to the category.
     */
    private static int diagnosticsRequest(ModbusFrame req) {
        int n = req.pduLength();
        if (n < 3) {
            return LENGTH;
        }
        DiagnosticSubFunction sub = DiagnosticSubFunction.of(req.u16At(1));
        if (sub == DiagnosticSubFunction.RETURN_QUERY_DATA) {
            return ((n - 3) & 1) != 0 ? LENGTH : 0;
        }
        if (!sub.isPublic()) {
            return 0;
        }
        if (n != 5) {
            return LENGTH;
        }
        int data = req.u16At(3);
        boolean valid = switch (sub) {
            case RESTART_COMMUNICATIONS_OPTION -> data == 0x0000 || data == 0xFF00;
            case CHANGE_ASCII_INPUT_DELIMITER -> (data & 0xFF) == 0;
            default -> data == 0;
        };
        return valid ? 0 : VALUE;
    }

    /**
     * FC 8 response, §6.8.1: the sub-function is echoed; Return Query Data, Restart, Change
     * Delimiter and the two Clear sub-functions echo the whole request; the counters return
     * one word.
     */
    private static int diagnosticsResponse(ModbusFrame resp, ModbusFrame req) {
        int n = resp.pduLength();
        if (n < 3) {
            return LENGTH;
        }
        DiagnosticSubFunction sub = DiagnosticSubFunction.of(resp.u16At(1));
        int flags = 0;
        boolean echoesRequest = switch (sub) {
            case RETURN_QUERY_DATA, RESTART_COMMUNICATIONS_OPTION, CHANGE_ASCII_INPUT_DELIMITER,
                 CLEAR_COUNTERS_AND_DIAGNOSTIC_REGISTER, CLEAR_OVERRUN_COUNTER_AND_FLAG -> true;
            default -> false;
        };
        if (sub == DiagnosticSubFunction.RETURN_QUERY_DATA) {
            flags |= ((n - 3) & 1) != 0 ? LENGTH : 0;
        } else if (sub.isPublic() && n != 5) {
            flags |= LENGTH;
        }
        if (req != null && req.pduLength() >= 3) {
            if (req.u16At(1) != resp.u16At(1)) {
                flags |= MISMATCH;
            } else if (echoesRequest) {
                flags |= echoWhole(resp, req);
            }
        }
        return flags;
    }

    /**
     * FC 20 request, §6.14:
     * <pre>
     * 0 function | 1 byte count N (0x07..0xF5, 7 per sub-request)
     * 2 + 7k: reference type (6) | file number u16 (1..0xFFFF) | record number u16 (0..0x270F) | record length u16
     * </pre>
     * The response for all sub-requests must fit in a 253-byte PDU.
     */
    private static int readFileRecordRequest(ModbusFrame req) {
        int n = req.pduLength();
        if (n < 2) {
            return LENGTH;
        }
        int byteCount = req.byteAt(1);
        int flags = n != 2 + byteCount ? LENGTH : 0;
        if (byteCount < 7 || byteCount > 0xF5 || byteCount % 7 != 0) {
            flags |= VALUE;
        }
        int end = 2 + Math.min(byteCount, n - 2);
        int responseSize = 2;
        for (int i = 2; i + 7 <= end; i += 7) {
            flags |= subRequestHeader(req, i);
            responseSize += 2 + 2 * req.u16At(i + 5);
        }
        if (responseSize > MAX_PDU) {
            flags |= VALUE;
        }
        return flags;
    }

    /**
     * FC 21 request and response (an echo), §6.15:
     * <pre>
     * 0 function | 1 data length N (0x09..0xFB)
     * then per sub-request: reference type (6) | file number u16 | record number u16 |
     *                       record length L u16 | L × 2 bytes of record data
     * </pre>
     */
    private static int fileRecords(ModbusFrame frame, int minCount, int maxCount) {
        int n = frame.pduLength();
        if (n < 2) {
            return LENGTH;
        }
        int byteCount = frame.byteAt(1);
        int flags = n != 2 + byteCount ? LENGTH : 0;
        if (byteCount < minCount || byteCount > maxCount) {
            flags |= VALUE;
        }
        int end = 2 + Math.min(byteCount, n - 2);
        int i = 2;
        while (i < end) {
            if (i + 7 > end) {
                return flags | LENGTH;
            }
            flags |= subRequestHeader(frame, i);
            i += 7 + 2 * frame.u16At(i + 5);
        }
        return i != end ? flags | LENGTH : flags;
    }

    private static int subRequestHeader(ModbusFrame frame, int i) {
        boolean valid = frame.byteAt(i) == FILE_REFERENCE_TYPE
                && frame.u16At(i + 1) >= 1
                && frame.u16At(i + 3) <= MAX_RECORD_NUMBER;
        return valid ? 0 : VALUE;
    }

    /**
     * FC 20 response, §6.14:
     * <pre>
     * 0 function | 1 response data length N
     * then per sub-request: file response length L | reference type (6) | (L − 1) bytes of registers
     * </pre>
     * With the request: one sub-response per sub-request, each with 2 × record length bytes.
     */
    private static int readFileRecordResponse(ModbusFrame resp, ModbusFrame req) {
        int n = resp.pduLength();
        if (n < 2) {
            return LENGTH;
        }
        int byteCount = resp.byteAt(1);
        int flags = n != 2 + byteCount ? LENGTH : 0;
        int end = 2 + Math.min(byteCount, n - 2);
        boolean compare = req != null && req.pduLength() >= 2;
        int requestEnd = compare ? 2 + Math.min(req.byteAt(1), req.pduLength() - 2) : 0;
        int k = 2;
        int i = 2;
        while (i < end) {
            int fileLength = resp.byteAt(i);
            if (fileLength < 1 || i + 1 + fileLength > end) {
                return flags | LENGTH;
            }
            if (resp.byteAt(i + 1) != FILE_REFERENCE_TYPE || ((fileLength - 1) & 1) != 0) {
                flags |= VALUE;
            }
            if (compare) {
                if (k + 7 > requestEnd || 2 * req.u16At(k + 5) != fileLength - 1) {
                    flags |= MISMATCH;
                }
                k += 7;
            }
            i += 1 + fileLength;
        }
        if (compare && k + 7 <= requestEnd) {
            flags |= MISMATCH; // fewer sub-responses than sub-requests
        }
        return flags;
    }

    /**
     * FC 1/2 response, §6.1–6.2: <pre> 0 function | 1 byte count N | 2 N bytes of packed bits </pre>
     * N = ceil(quantity / 8) of the request.
     */
    private static int readBitsResponse(ModbusFrame resp, ModbusFrame req) {
        int flags = byteCountedResponse(resp);
        int byteCount = resp.byteAt(1);
        if (byteCount == 0) {
            flags |= VALUE;
        }
        int quantity = req == null ? -1 : req.u16At(3);
        if (quantity >= 0 && byteCount >= 0 && byteCount != (quantity + 7) >>> 3) {
            flags |= MISMATCH;
        }
        return flags;
    }

    /**
     * FC 3/4/23 response, §6.3, 6.4, 6.17: <pre> 0 function | 1 byte count N | 2 N/2 registers </pre>
     * N = 2 × the request's (read) quantity.
     */
    private static int readRegistersResponse(ModbusFrame resp, ModbusFrame req) {
        int flags = byteCountedResponse(resp);
        int byteCount = resp.byteAt(1);
        if (byteCount == 0 || (byteCount & 1) != 0) {
            flags |= VALUE;
        }
        int quantity = req == null ? -1 : req.u16At(3);
        if (quantity >= 0 && byteCount >= 0 && byteCount != 2 * quantity) {
            flags |= MISMATCH;
        }
        return flags;
    }

    private static int byteCountedResponse(ModbusFrame resp) {
        int n = resp.pduLength();
        return n < 2 || n != 2 + resp.byteAt(1) ? LENGTH : 0;
    }

    /**
     * FC 15/16 response, §6.11–6.12: <pre> 0 function | 1 address u16 | 3 quantity u16 </pre>
     * echoing the request's address and quantity.
     */
    private static int writeMultipleResponse(ModbusFrame resp, ModbusFrame req, int max) {
        if (resp.pduLength() != 5) {
            return LENGTH;
        }
        int quantity = resp.u16At(3);
        int flags = quantity < 1 || quantity > max ? VALUE : 0;
        return flags | echoFields(resp, req, 1, 4);
    }

    /**
     * FC 12 response, §6.10:
     * <pre> 0 function | 1 byte count N | 2 status u16 | 4 event count u16 | 6 message count u16 | 8 N−6 events (0..64) </pre>
     */
    private static int eventLogResponse(ModbusFrame resp) {
        int flags = byteCountedResponse(resp);
        int byteCount = resp.byteAt(1);
        if (byteCount < 6 || byteCount > 6 + 64) {
            flags |= VALUE;
        }
        int status = resp.u16At(2);
        if (status >= 0 && !statusWord(status)) {
            flags |= VALUE;
        }
        return flags;
    }

    /**
     * FC 24 response, §6.18:
     * <pre> 0 function | 1 byte count u16 N | 3 FIFO count u16 C (≤ 31) | 5 C registers;  N = 2 + 2C </pre>
     */
    private static int fifoResponse(ModbusFrame resp) {
        int n = resp.pduLength();
        if (n < 5) {
            return LENGTH;
        }
        int byteCount = resp.u16At(1);
        int count = resp.u16At(3);
        int flags = n != 3 + byteCount ? LENGTH : 0;
        if (count > 31 || byteCount != 2 + 2 * count) {
            flags |= VALUE;
        }
        return flags;
    }

    /**
     * FC 43 request, §6.19/6.21: <pre> 0 function | 1 MEI type | 2 MEI data </pre>
     * Read Device Identification (MEI 14) carries: 2 read device id code (1..4) | 3 object id.
     */
    private static int meiRequest(ModbusFrame req) {
        int n = req.pduLength();
        if (n < 2) {
            return LENGTH;
        }
        if (req.byteAt(1) != MeiType.READ_DEVICE_ID.code()) {
            return 0;
        }
        if (n != 4) {
            return LENGTH;
        }
        int code = req.byteAt(2);
        return code < 1 || code > 4 ? VALUE : 0;
    }

    /**
     * FC 43/14 response, §6.21:
     * <pre>
     * 0 function | 1 MEI type (14) | 2 read device id code | 3 conformity level (01–03, 81–83)
     * 4 more follows (00/FF) | 5 next object id | 6 number of objects K
     * 7 K × (object id | object length L | L bytes of value)
     * </pre>
     */
    private static int meiResponse(ModbusFrame resp, ModbusFrame req) {
        int n = resp.pduLength();
        if (n < 2) {
            return LENGTH;
        }
        int mei = resp.byteAt(1);
        int flags = req != null && req.pduLength() >= 2 && req.byteAt(1) != mei ? MISMATCH : 0;
        if (mei != MeiType.READ_DEVICE_ID.code()) {
            return flags;
        }
        if (n < 7) {
            return flags | LENGTH;
        }
        int code = resp.byteAt(2);
        if (code < 1 || code > 4) {
            flags |= VALUE;
        }
        if (req != null && req.pduLength() >= 3 && req.byteAt(1) == mei && req.byteAt(2) != code) {
            flags |= MISMATCH;
        }
        int conformity = resp.byteAt(3) & 0x7F;
        if (conformity < 1 || conformity > 3) {
            flags |= VALUE;
        }
        int moreFollows = resp.byteAt(4);
        if (moreFollows != 0x00 && moreFollows != 0xFF) {
            flags |= VALUE;
        }
        int objects = resp.byteAt(6);
        int i = 7;
        for (int k = 0; k < objects; k++) {
            if (i + 2 > n) {
                return flags | LENGTH;
            }
            i += 2 + resp.byteAt(i + 1);
        }
        return i != n ? flags | LENGTH : flags;
    }

    /**
     * Exception response, MB-AP §7: <pre> 0 function + 0x80 | 1 exception code </pre>
     */
    private static int exceptionResponse(ModbusFrame resp) {
        int flags = resp.pduLength() != 2 ? LENGTH : 0;
        int raw = resp.functionRaw();
        if ((raw & 0x7F) == 0) {
            flags |= FUNCTION;
        }
        int code = resp.byteAt(1);
        if (code >= 0 && !exceptionAllowed(FunctionCode.of(raw), ExceptionCode.of(code))) {
            flags |= EXCEPTION;
        }
        return flags;
    }

    /**
     * Whether §6/§7 allow {@code code} as the answer to {@code function}. Codes 01 and 04–07,
     * 0A, 0B concern the server's or a gateway's state and may answer anything; 02 (address)
     * and 03 (value) need a function with an address or value field; 08 is specific to file
     * records (§7). FC 7, 11, 12, 17 list only 01 and 04; FC 8 lists 01, 03 and 04.
     */
    static boolean exceptionAllowed(FunctionCode function, ExceptionCode code) {
        return switch (code) {
            case UNKNOWN -> false;
            case MEMORY_PARITY_ERROR -> function == FunctionCode.READ_FILE_RECORD
                    || function == FunctionCode.WRITE_FILE_RECORD;
            case ILLEGAL_DATA_ADDRESS -> !noAddressOrValue(function) && function != FunctionCode.DIAGNOSTICS;
            case ILLEGAL_DATA_VALUE -> !noAddressOrValue(function);
            default -> true;
        };
    }

    private static boolean noAddressOrValue(FunctionCode function) {
        return switch (function) {
            case READ_EXCEPTION_STATUS, GET_COMM_EVENT_COUNTER, GET_COMM_EVENT_LOG, REPORT_SERVER_ID -> true;
            default -> false;
        };
    }

    /** {@link ModbusAnomaly#VALUE_MISMATCH} unless the response PDU is the request PDU (§6.5, 6.6, 6.15, 6.16, 6.8). */
    private static int echoWhole(ModbusFrame resp, ModbusFrame req) {
        if (req == null) {
            return 0;
        }
        if (req.pduLength() != resp.pduLength()) {
            return MISMATCH;
        }
        return echoFields(resp, req, 1, resp.pduLength() - 1);
    }

    /**
     * {@link ModbusAnomaly#VALUE_MISMATCH} unless PDU bytes [from, from + count) are equal in
     * both; not judged when the request is too short to hold them (it is flagged itself).
     */
    private static int echoFields(ModbusFrame resp, ModbusFrame req, int from, int count) {
        if (req == null || req.pduLength() < from + count) {
            return 0;
        }
        for (int i = from; i < from + count; i++) {
            if (req.byteAt(i) != resp.byteAt(i)) {
                return MISMATCH;
            }
        }
        return 0;
    }
}
