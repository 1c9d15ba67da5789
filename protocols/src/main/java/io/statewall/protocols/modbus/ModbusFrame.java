package io.statewall.protocols.modbus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * A flyweight over one Modbus/TCP ADU (MBAP header + PDU, see {@link Mbap}) in a {@link
 * MemorySegment}. Reused by the session: valid only during the listener call that exposed it.
 * The frame's length always equals 6 + its length field, and its PDU holds at least the
 * function code. PDU-relative reads beyond the PDU return -1 instead of throwing, because a
 * hostile frame may be shorter than its function's layout.
 */
public final class ModbusFrame {
    private MemorySegment segment;
    private long offset;
    private int length;

    ModbusFrame() {}

    void wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
    }

    /** The segment holding the frame (the caller's buffer, or the session's request copy). */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the first MBAP byte in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** ADU length: 7-byte MBAP header + PDU. */
    public int length() {
        return length;
    }

    public int transactionId() {
        return Wire.u16(segment, offset);
    }

    public int protocolId() {
        return Wire.u16(segment, offset + 2);
    }

    /** The MBAP length field: unit id + PDU bytes. */
    public int lengthField() {
        return Wire.u16(segment, offset + 4);
    }

    public int unitId() {
        return Wire.u8(segment, offset + 6);
    }

    /** The function byte as on the wire, exception bit (0x80) included. */
    public int functionRaw() {
        return Wire.u8(segment, offset + Mbap.HEADER_LENGTH);
    }

    /** The function, exception bit ignored. */
    public FunctionCode function() {
        return FunctionCode.of(functionRaw());
    }

    /** True when the function byte has the exception bit (MB-AP §7). */
    public boolean isException() {
        return functionRaw() >= 0x80;
    }

    /** The exception code byte of an exception response, or -1. */
    public int exceptionCode() {
        return isException() ? byteAt(1) : -1;
    }

    /** Offset of the PDU (its function code) in {@link #segment()}. */
    public long pduOffset() {
        return offset + Mbap.HEADER_LENGTH;
    }

    /** PDU length: function code + data, 1..253. */
    public int pduLength() {
        return length - Mbap.HEADER_LENGTH;
    }

    /** The PDU byte at {@code pduIndex} (0 is the function code) as 0..255, or -1 beyond the PDU. */
    public int byteAt(int pduIndex) {
        return pduIndex >= 0 && pduIndex < pduLength() ? Wire.u8(segment, pduOffset() + pduIndex) : -1;
    }

    /** The big-endian 16-bit value at {@code pduIndex}, or -1 when it does not fit in the PDU. */
    public int u16At(int pduIndex) {
        return pduIndex >= 0 && pduIndex + 1 < pduLength() ? Wire.u16(segment, pduOffset() + pduIndex) : -1;
    }

    /** Decodes the PDU into an immutable record (allocates; never throws for any bytes). */
    public ModbusPdu decode(boolean request) {
        return ModbusPduDecoder.decode(segment, pduOffset(), pduLength(), request);
    }

    /** A copy of the ADU bytes. */
    public byte[] toByteArray() {
        return segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return segment == null ? "ModbusFrame[unbound]" : "ModbusFrame[" + HexFormat.of().formatHex(toByteArray()) + "]";
    }
}
