package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import io.statewall.asma.store.EveDigest;

/**
 * An event as ArcSight Common Event Format (CEF 0):
 * <pre>
 * CEF:0|Statewall|Statewall NMA|VERSION|SIGNATURE_ID|NAME|SEVERITY|EXTENSION
 * </pre>
 * Header fields escape {@code \} and {@code |} with a backslash, and may not hold line breaks
 * (replaced by a space); extension values escape {@code \} and {@code =}, and write line breaks
 * as {@code \n} / {@code \r}. Extension keys are fixed here (CEF's dictionary names, and the
 * custom string fields {@code csN} with their {@code csNLabel}), so they need no escaping.
 *
 * <p>Severity: Suricata's 1 (high) to 3 (low) become CEF's 9, 6 and 3 (0 to 10, 10 worst);
 * other events are 3. The timestamp ({@code rt}) is milliseconds since the epoch.
 */
public final class Cef {
    private Cef() {
    }

    public static String format(CommittedEvent e, String productVersion) {
        EveDigest d = e.digest();
        String id;
        String name;
        if ("alert".equals(d.eventType)) {
            id = d.signatureId >= 0 ? Long.toString(d.signatureId) : "alert";
            name = d.signature != null ? d.signature : "alert";
        } else if ("state".equals(d.eventType)) {
            id = "state";
            name = "Operating state " + (d.fromState == null ? "" : d.fromState + " -> ") + d.state;
        } else {
            id = d.eventType;
            name = d.eventType;
        }
        StringBuilder b = new StringBuilder(256);
        b.append("CEF:0|Statewall|Statewall NMA|");
        header(b, productVersion).append('|');
        header(b, id).append('|');
        header(b, name).append('|');
        b.append(severity(d)).append('|');
        StringBuilder x = new StringBuilder(256);
        ext(x, "rt", Long.toString(d.tsMicros / 1_000));
        ext(x, "dvchost", e.nma());
        ext(x, "externalId", Long.toString(e.id()));
        ext(x, "src", d.srcIp);
        ext(x, "spt", d.srcPort >= 0 ? Integer.toString(d.srcPort) : null);
        ext(x, "dst", d.destIp);
        ext(x, "dpt", d.destPort >= 0 ? Integer.toString(d.destPort) : null);
        ext(x, "proto", d.proto);
        ext(x, "app", d.appProto);
        ext(x, "act", d.action);
        ext(x, "cat", d.eventType);
        labelled(x, 1, "state", d.state);
        labelled(x, 2, "rule", d.rule);
        labelled(x, 3, "detector", d.detector);
        labelled(x, 4, "attack", d.attackText());
        if (d.hasFlow) {
            ext(x, "cn1Label", "flow_id");
            ext(x, "cn1", Long.toString(d.flowId));
        }
        if (!x.isEmpty()) {
            x.setLength(x.length() - 1);
        }
        return b.append(x).toString();
    }

    static int severity(EveDigest d) {
        if (!"alert".equals(d.eventType)) {
            return 3;
        }
        return switch (d.severity) {
            case 1 -> 9;
            case 2 -> 6;
            case 3 -> 3;
            default -> 5;
        };
    }

    /** Escapes a header field: {@code \ → \\}, {@code | → \|}, line breaks → space. */
    static StringBuilder header(StringBuilder b, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '|' -> b.append("\\|");
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b;
    }

    /** Appends {@code key=value } with the value escaped: {@code \ → \\}, {@code = → \=}, CR/LF → {@code \r}/{@code \n}. */
    static void ext(StringBuilder b, String key, String v) {
        if (v == null) {
            return;
        }
        b.append(key).append('=');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '=' -> b.append("\\=");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        b.append(' ');
    }

    private static void labelled(StringBuilder b, int n, String label, String v) {
        if (v != null) {
            ext(b, "cs" + n + "Label", label);
            ext(b, "cs" + n, v);
        }
    }
}
