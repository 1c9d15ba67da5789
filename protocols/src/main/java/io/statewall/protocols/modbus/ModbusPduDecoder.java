package io.statewall.protocols.modbus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Decodes one PDU (MB-AP §4.1: function code + data) into an immutable {@link ModbusPdu}
 * record. Off the hot path (allocates); never throws for any bytes: a PDU that does not fit
 * its function's layout becomes a {@link MalformedPdu} with the reason, a function it does
 * not interpret a {@link RawPdu}. Dispatch is an exhaustive switch over {@link FunctionCode}.
 */
public final class ModbusPduDecoder {
    private ModbusPduDecoder() {}

    /**
     * @param request true for client-to-server PDUs, false for responses
     * @throws IndexOutOfBoundsException if the range is not inside {@code segment} (a caller bug)
     */
    public static ModbusPdu decode(MemorySegment segment, long pduOffset, int pduLength, boolean request) {
        Objects.checkFromIndexSize(pduOffset, pduLength, segment.byteSize());
        return decode(segment.asSlice(pduOffset, pduLength).toArray(ValueLayout.JAVA_BYTE), request);
    }

    /** Decodes a PDU held in an array (not modified, not retained). */
    public static ModbusPdu decode(byte[] pdu, boolean request) {
        if (pdu.length == 0) {
            return new MalformedPdu(-1, "empty PDU: no function code", pdu);
        }
        PduReader r = new PduReader(pdu.clone());
        int function = r.function();
        if (function >= 0x80) {
            if (request) {
                return r.malformed("exception bit set in a request's function code");
            }
            return r.exactly(1) ? new ExceptionResponse(function, r.u8()) : r.malformed();
        }
        return request ? RequestDecoder.decode(r) : ResponseDecoder.decode(r);
    }
}
