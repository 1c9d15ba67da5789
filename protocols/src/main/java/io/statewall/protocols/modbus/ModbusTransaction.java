package io.statewall.protocols.modbus;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import java.util.Objects;

/**
 * A flyweight view of one request/response pair, handed to {@link
 * ModbusListener#onTransaction} and valid only during that call (the session reuses it).
 * Either side may be absent: a request without response (timed out, evicted, end of flow) or
 * a response without request (mid-stream pick-up, spoofing).
 *
 * <p>Decoded fields read the frames on demand with the request as context; they return -1
 * when the function has no such field or the frame is too short to hold it. Fields a
 * response echoes (FC 5, 6, 8, 15, 16, 22, 43) fall back to the response when there is no
 * request. No accessor allocates.
 */
public final class ModbusTransaction {
    private final ModbusFrame request = new ModbusFrame();
    private final ModbusFrame response = new ModbusFrame();
    private boolean hasRequest;
    private boolean hasResponse;
    private long requestTimestampNanos;
    private long responseTimestampNanos;
    private int anomalyFlags;
    /** Counts the transactions this view has shown: see {@link #sequence()}. */
    private long sequence;
    /** Read once per transaction: every accessor below dispatches on it. */
    private int functionRaw;
    private FunctionCode function = FunctionCode.UNKNOWN;

    ModbusTransaction() {}

    /** The request flyweight the session points at its stored copy before calling {@link #set}. */
    ModbusFrame requestFrame() {
        return request;
    }

    ModbusFrame responseFrame() {
        return response;
    }

    void set(boolean hasRequest, long requestTimestampNanos,
             boolean hasResponse, long responseTimestampNanos, int anomalyFlags) {
        this.hasRequest = hasRequest;
        this.requestTimestampNanos = hasRequest ? requestTimestampNanos : 0;
        this.hasResponse = hasResponse;
        this.responseTimestampNanos = hasResponse ? responseTimestampNanos : 0;
        this.anomalyFlags = anomalyFlags;
        this.functionRaw = hasRequest ? request.functionRaw() : hasResponse ? response.functionRaw() & 0x7F : 0;
        this.function = FunctionCode.of(functionRaw);
        sequence++;
    }

    /**
     * Changes every time this reused view is pointed at another transaction, so a consumer can
     * keep what it derived from the view ({@code view == last && view.sequence() == lastSequence}
     * means "the same transaction").
     */
    public long sequence() {
        return sequence;
    }

    private ModbusFrame primary() {
        return hasRequest ? request : response;
    }

    /** The frame carrying echoed fields: the request, else a non-exception response, else null. */
    private ModbusFrame echoSource() {
        if (hasRequest) {
            return request;
        }
        return hasResponse && !response.isException() ? response : null;
    }

    public int transactionId() {
        return primary().transactionId();
    }

    public int protocolId() {
        return primary().protocolId();
    }

    public int unitId() {
        return primary().unitId();
    }

    /** The request's function byte, or the response's with the exception bit cleared. */
    public int functionRaw() {
        return functionRaw;
    }

    public FunctionCode function() {
        return function;
    }

    /**
     * MB-AP §5 category; FC 8 with a reserved sub-function and FC 43 with a reserved MEI type
     * are {@link FunctionCategory#RESERVED} (Annex A).
     */
    public FunctionCategory category() {
        int raw = functionRaw();
        FunctionCategory category = FunctionCode.category(raw);
        if (raw >= 0x80 || category != FunctionCategory.PUBLIC_ASSIGNED) {
            return category;
        }
        return switch (FunctionCode.of(raw)) {
            case DIAGNOSTICS -> {
                int sub = subFunction();
                yield sub >= 0 && !DiagnosticSubFunction.of(sub).isPublic() ? FunctionCategory.RESERVED : category;
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> {
                int mei = meiType();
                yield mei >= 0 && MeiType.of(mei) == MeiType.UNKNOWN ? FunctionCategory.RESERVED : category;
            }
            default -> category;
        };
    }

    /** {@link AccessType} bits of the function (sawp-modbus's mapping). */
    public int accessType() {
        return function().accessType();
    }

    /** Meaning, refined by the FC 8 sub-function or the FC 43 MEI type when known. */
    public Operation operation() {
        FunctionCode function = function();
        return switch (function) {
            case DIAGNOSTICS -> {
                int sub = subFunction();
                yield sub < 0 ? function.operation() : DiagnosticSubFunction.of(sub).operation();
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> {
                int mei = meiType();
                yield mei < 0 ? function.operation() : MeiType.of(mei).operation();
            }
            default -> function.operation();
        };
    }

    /** Data addressed, refined by the FC 43 MEI type when known. */
    public DataArea dataArea() {
        FunctionCode function = function();
        if (function == FunctionCode.ENCAPSULATED_INTERFACE_TRANSPORT) {
            int mei = meiType();
            return mei < 0 ? function.dataArea() : MeiType.of(mei).dataArea();
        }
        return function.dataArea();
    }

    public boolean hasRequest() {
        return hasRequest;
    }

    public boolean hasResponse() {
        return hasResponse;
    }

    /** The request frame (a copy the session keeps), or null. */
    public ModbusFrame request() {
        return hasRequest ? request : null;
    }

    /** The response frame, or null. */
    public ModbusFrame response() {
        return hasResponse ? response : null;
    }

    /** Timestamp the caller passed with the request's bytes, or 0. */
    public long requestTimestampNanos() {
        return requestTimestampNanos;
    }

    /** Timestamp the caller passed with the response's bytes, or 0. */
    public long responseTimestampNanos() {
        return responseTimestampNanos;
    }

    public boolean isException() {
        return hasResponse && response.isException();
    }

    /** The exception code of an exception response, or -1. */
    public int exceptionCode() {
        return hasResponse ? response.exceptionCode() : -1;
    }

    /** {@link ModbusAnomaly} bits ({@code 1 << ordinal}) that apply to this transaction. */
    public int anomalyFlags() {
        return anomalyFlags;
    }

    public boolean has(ModbusAnomaly anomaly) {
        return anomaly.in(anomalyFlags);
    }

    /** First address read: FC 1–4 and 23 (read part), FC 24 (FIFO pointer); needs the request. */
    public int readAddress() {
        if (!hasRequest) {
            return -1;
        }
        return switch (function()) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS,
                 READ_WRITE_MULTIPLE_REGISTERS, READ_FIFO_QUEUE -> request.u16At(1);
            default -> -1;
        };
    }

    /** Items read: the request's quantity for FC 1–4 and 23; the response's FIFO count for FC 24. */
    public int readQuantity() {
        return switch (function()) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS,
                 READ_WRITE_MULTIPLE_REGISTERS -> hasRequest ? request.u16At(3) : -1;
            case READ_FIFO_QUEUE -> hasResponse && !response.isException() ? response.u16At(3) : -1;
            default -> -1;
        };
    }

    /** First address written: FC 5, 6, 15, 16, 22 (echoed by the response), FC 23 (write part). */
    public int writeAddress() {
        return switch (function()) {
            case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER, WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS,
                 MASK_WRITE_REGISTER -> u16(echoSource(), 1);
            case READ_WRITE_MULTIPLE_REGISTERS -> hasRequest ? request.u16At(5) : -1;
            default -> -1;
        };
    }

    /** Items written: 1 for FC 5, 6, 22; the quantity field for FC 15, 16, 23. */
    public int writeQuantity() {
        return switch (function()) {
            case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER, MASK_WRITE_REGISTER -> u16(echoSource(), 1) < 0 ? -1 : 1;
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> u16(echoSource(), 3);
            case READ_WRITE_MULTIPLE_REGISTERS -> hasRequest ? request.u16At(7) : -1;
            default -> -1;
        };
    }

    /** FC 8 sub-function code (raw 16-bit), or -1. */
    public int subFunction() {
        return function() == FunctionCode.DIAGNOSTICS ? u16(echoSource(), 1) : -1;
    }

    /** FC 43 MEI type byte, or -1. */
    public int meiType() {
        ModbusFrame source = echoSource();
        return function() == FunctionCode.ENCAPSULATED_INTERFACE_TRANSPORT && source != null ? source.byteAt(1) : -1;
    }

    /** FC 22 AND mask, or -1. */
    public int andMask() {
        return function() == FunctionCode.MASK_WRITE_REGISTER ? u16(echoSource(), 3) : -1;
    }

    /** FC 22 OR mask, or -1. */
    public int orMask() {
        return function() == FunctionCode.MASK_WRITE_REGISTER ? u16(echoSource(), 5) : -1;
    }

    /**
     * Values returned by a normal response of FC 1–4, 23 and 24: registers, or bits for FC 1/2
     * (exactly the request's quantity of them; without request every transmitted bit, padding
     * included). Bounded by the bytes actually present. 0 without response or on exception.
     */
    public int readValueCount() {
        if (!hasResponse || response.isException()) {
            return 0;
        }
        return switch (function()) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                int bits = countedBytes(response, 1, 2) * 8;
                int quantity = hasRequest ? request.u16At(3) : -1;
                yield quantity >= 0 && quantity < bits ? quantity : bits;
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS, READ_WRITE_MULTIPLE_REGISTERS ->
                    countedBytes(response, 1, 2) / 2;
            case READ_FIFO_QUEUE -> response.pduLength() < 5 ? 0 : Math.min(response.u16At(3), (response.pduLength() - 5) / 2);
            default -> 0;
        };
    }

    /** Read value {@code i}: a register (0..65535) or a bit (0/1, LSB first per MB-AP §6.1). */
    public int readValue(int i) {
        Objects.checkIndex(i, readValueCount());
        return readValueAt(function(), i);
    }

    /** Read value {@code i} of a response to {@code function}, {@code i} within the count. */
    private int readValueAt(FunctionCode function, int i) {
        return switch (function) {
            case READ_COILS, READ_DISCRETE_INPUTS -> bit(response, 2, i);
            case READ_FIFO_QUEUE -> response.u16At(5 + 2 * i);
            default -> response.u16At(2 + 2 * i);
        };
    }

    /**
     * Every read value, {@link #readValue}{@code (0 .. n-1)}, into {@code into}; returns {@code
     * n}, the {@link #readValueCount()}. For a consumer of all of them: the count is worked out
     * once, not once per value. At most 2,040 values (255 data bytes of bits).
     *
     * @throws IndexOutOfBoundsException when {@code into} is shorter than the count
     */
    public int readValues(int[] into) {
        int n = readValueCount();
        Objects.checkFromIndexSize(0, n, into.length);
        FunctionCode function = function();
        for (int i = 0; i < n; i++) {
            into[i] = readValueAt(function, i);
        }
        return n;
    }

    /**
     * Values a request writes: FC 5 (1 = ON, 0 = OFF; an illegal coil value writes nothing,
     * so the count is 0), FC 6, 15 (bits LSB first), 16, 23. FC 5/6 fall back to the
     * response's echo when there is no request. Bounded by the bytes actually present.
     */
    public int writeValueCount() {
        return switch (function()) {
            case WRITE_SINGLE_COIL -> {
                int value = u16(echoSource(), 3);
                yield ModbusValidator.coilValue(value) ? 1 : 0;
            }
            case WRITE_SINGLE_REGISTER -> u16(echoSource(), 3) < 0 ? 0 : 1;
            case WRITE_MULTIPLE_COILS -> hasRequest ? bounded(request.u16At(3), countedBytes(request, 5, 6) * 8) : 0;
            case WRITE_MULTIPLE_REGISTERS -> hasRequest ? bounded(request.u16At(3), countedBytes(request, 5, 6) / 2) : 0;
            case READ_WRITE_MULTIPLE_REGISTERS ->
                    hasRequest ? bounded(request.u16At(7), countedBytes(request, 9, 10) / 2) : 0;
            default -> 0;
        };
    }

    /** Written value {@code i}: a register (0..65535) or a bit (0/1). */
    public int writeValue(int i) {
        Objects.checkIndex(i, writeValueCount());
        return switch (function()) {
            case WRITE_SINGLE_COIL -> echoSource().u16At(3) == 0xFF00 ? 1 : 0;
            case WRITE_SINGLE_REGISTER -> echoSource().u16At(3);
            case WRITE_MULTIPLE_COILS -> bit(request, 6, i);
            case WRITE_MULTIPLE_REGISTERS -> request.u16At(6 + 2 * i);
            default -> request.u16At(10 + 2 * i);
        };
    }

    /** A declared quantity (-1 when absent) bounded by the items actually present. */
    private static int bounded(int quantity, int present) {
        return Math.max(0, Math.min(quantity, present));
    }

    private static int u16(ModbusFrame frame, int pduIndex) {
        return frame == null ? -1 : frame.u16At(pduIndex);
    }

    /** Data bytes announced by the byte count at {@code countIndex} and present from {@code dataIndex}. */
    private static int countedBytes(ModbusFrame frame, int countIndex, int dataIndex) {
        int declared = frame.byteAt(countIndex);
        return declared < 0 ? 0 : Math.max(0, Math.min(declared, frame.pduLength() - dataIndex));
    }

    private static int bit(ModbusFrame frame, int dataIndex, int i) {
        return (frame.byteAt(dataIndex + (i >>> 3)) >>> (i & 7)) & 1;
    }

    @Override
    public String toString() {
        return "ModbusTransaction[tid=" + transactionId() + ", unit=" + unitId() + ", function=" + function()
                + ", request=" + hasRequest + ", response=" + hasResponse
                + ", exception=" + exceptionCode() + ", anomalies=0x" + Integer.toHexString(anomalyFlags) + "]";
    }
}
