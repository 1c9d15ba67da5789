package io.statewall.protocols.modbus;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds annotated byte vectors: hex with spaces or '|' between fields, and MBAP framing. */
final class Frames {
    private Frames() {}

    /** Hex digits; spaces and '|' are separators for the reader. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** An ADU: MBAP header (protocol id 0, correct length) + the PDU given in hex. */
    static byte[] adu(int transactionId, int unitId, String pduHex) {
        byte[] pdu = hex(pduHex);
        return header(transactionId, 0, pdu.length + 1, unitId, pdu);
    }

    /** An ADU with every header field chosen by the caller (for lying headers). */
    static byte[] header(int transactionId, int protocolId, int length, int unitId, byte[] pdu) {
        byte[] adu = new byte[7 + pdu.length];
        adu[0] = (byte) (transactionId >>> 8);
        adu[1] = (byte) transactionId;
        adu[2] = (byte) (protocolId >>> 8);
        adu[3] = (byte) protocolId;
        adu[4] = (byte) (length >>> 8);
        adu[5] = (byte) length;
        adu[6] = (byte) unitId;
        System.arraycopy(pdu, 0, adu, 7, pdu.length);
        return adu;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
