package io.statewall.protocols.modbus;

import java.util.Arrays;

/**
 * A cursor over a copied PDU for the allocating decoder. Every read is preceded by a size
 * check ({@link #exactly}, {@link #atLeast}) that records why the PDU is malformed when it
 * fails, so decoding never reads past the end.
 */
final class PduReader {
    private final byte[] pdu;
    private int position = 1;
    private String problem = "malformed";

    PduReader(byte[] pdu) {
        this.pdu = pdu;
    }

    int function() {
        return pdu[0] & 0xFF;
    }

    int remaining() {
        return pdu.length - position;
    }

    /** Data bytes read so far, i.e. the index (from the function code) of the next byte. */
    int position() {
        return position;
    }

    boolean exactly(int count) {
        if (remaining() == count) {
            return true;
        }
        return fail("expected " + count + " more bytes at PDU offset " + position + ", found " + remaining());
    }

    boolean atLeast(int count) {
        if (remaining() >= count) {
            return true;
        }
        return fail("expected at least " + count + " more bytes at PDU offset " + position + ", found " + remaining());
    }

    /** Records a reason and returns false, for use as {@code check || r.fail(...)}. */
    boolean fail(String reason) {
        problem = reason;
        return false;
    }

    int u8() {
        return pdu[position++] & 0xFF;
    }

    int u16() {
        int value = ((pdu[position] & 0xFF) << 8) | (pdu[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    ByteValues bytes(int count) {
        ByteValues values = ByteValues.copyOf(pdu, position, count);
        position += count;
        return values;
    }

    ByteValues rest() {
        return bytes(remaining());
    }

    RegisterValues registers(int count) {
        RegisterValues values = RegisterValues.fromBigEndian(pdu, position, count);
        position += 2 * count;
        return values;
    }

    BitValues bits(int byteCount, int bitCount) {
        BitValues values = BitValues.fromPacked(Arrays.copyOfRange(pdu, position, position + byteCount), bitCount);
        position += byteCount;
        return values;
    }

    MalformedPdu malformed() {
        return malformed(problem);
    }

    MalformedPdu malformed(String reason) {
        return new MalformedPdu(function(), reason, Arrays.copyOfRange(pdu, 1, pdu.length));
    }

    RawPdu raw() {
        return new RawPdu(function(), Arrays.copyOfRange(pdu, 1, pdu.length));
    }
}
