package io.statewall.asma.export;

import io.statewall.asma.store.EveTimestamps;

/**
 * A syslog message as RFC 5424 §6 writes it:
 * <pre>
 * SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
 * HEADER     = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
 * PRI        = "&lt;" PRIVAL "&gt;"            ; facility * 8 + severity, 0..191
 * VERSION    = "1"
 * TIMESTAMP  = FULL-DATE "T" FULL-TIME   ; RFC 3339, at most 6 fractional digits, here UTC "Z"
 * HOSTNAME   = 1*255PRINTUSASCII, APP-NAME = 1*48, PROCID = 1*128, MSGID = 1*32 (or "-")
 * </pre>
 * Here: HOSTNAME is the NMA that saw the event (the originator, §6.2.4), APP-NAME
 * {@code statewall}, PROCID {@code -}, MSGID the event type, no structured data ({@code -}), and
 * the MSG is the CEF text (plain ASCII/UTF-8 without a BOM, RFC 5424's MSG-ANY). Header fields
 * are cut to their length and anything outside PRINTUSASCII (33..126) becomes {@code _}.
 *
 * <p>Framing: over UDP one message per datagram (RFC 5426); over TCP octet counting,
 * {@code MSG-LEN SP SYSLOG-MSG} (RFC 6587 §3.4.1), so a message may hold any byte.
 */
public final class Rfc5424 {
    private Rfc5424() {
    }

    public static String format(int facility, int severity, long tsMicros, String hostname, String appName, String msgId,
                                String msg) {
        StringBuilder b = new StringBuilder(msg.length() + 128);
        b.append('<').append(facility * 8 + severity).append(">1 ");
        b.append(EveTimestamps.rfc3339(tsMicros)).append(' ');
        field(b, hostname, 255).append(' ');
        field(b, appName, 48).append(' ');
        b.append("- ");
        field(b, msgId, 32).append(' ');
        b.append('-');
        if (!msg.isEmpty()) {
            b.append(' ').append(msg);
        }
        return b.toString();
    }

    /** Syslog severity of an event: Suricata's 1/2/3 become critical (2), error (3), warning (4); others notice (5). */
    public static int severity(String eventType, int suricataSeverity) {
        if (!"alert".equals(eventType)) {
            return 5;
        }
        return switch (suricataSeverity) {
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 4;
            default -> 4;
        };
    }

    private static StringBuilder field(StringBuilder b, String v, int max) {
        if (v == null || v.isEmpty()) {
            return b.append('-');
        }
        int n = Math.min(v.length(), max);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b;
    }
}
