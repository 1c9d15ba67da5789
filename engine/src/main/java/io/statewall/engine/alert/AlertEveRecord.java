package io.statewall.engine.alert;

import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.JsonOut;
import io.statewall.engine.modbus.ModbusEveRecord;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * The EVE {@code alert} record: Suricata's {@code alert} object ({@code action} allowed or
 * blocked, {@code gid}, {@code signature_id}, {@code rev}, {@code signature}, {@code category},
 * {@code severity}) so SIEM rules keep working, a {@code statewall} object that explains the
 * verdict ({@code state}, {@code rule}, {@code detector}, {@code verdict}, {@code attack},
 * {@code note}; a detector adds {@code expected} and {@code seen}, and a summary of repeats its
 * {@code count}), and the decoded message that caused it.
 */
public final class AlertEveRecord {
    private static final byte[] K_ALERT = JsonOut.key("alert");
    private static final byte[] K_ACTION = JsonOut.key("action");
    private static final byte[] K_GID = JsonOut.key("gid");
    private static final byte[] K_SIGNATURE_ID = JsonOut.key("signature_id");
    private static final byte[] K_REV = JsonOut.key("rev");
    private static final byte[] K_SIGNATURE = JsonOut.key("signature");
    private static final byte[] K_CATEGORY = JsonOut.key("category");
    private static final byte[] K_SEVERITY = JsonOut.key("severity");
    private static final byte[] K_STATEWALL = JsonOut.key("statewall");
    private static final byte[] K_STATE = JsonOut.key("state");
    private static final byte[] K_RULE = JsonOut.key("rule");
    private static final byte[] K_DETECTOR = JsonOut.key("detector");
    private static final byte[] K_VERDICT = JsonOut.key("verdict");
    private static final byte[] K_ATTACK = JsonOut.key("attack");
    private static final byte[] K_NOTE = JsonOut.key("note");
    private static final byte[] K_EXPECTED = JsonOut.key("expected");
    private static final byte[] K_SEEN = JsonOut.key("seen");
    private static final byte[] K_COUNT = JsonOut.key("count");
    private static final byte[] V_ALLOWED = JsonOut.quoted("allowed");
    private static final byte[] V_BLOCKED = JsonOut.quoted("blocked");
    private static final byte[] V_ALERT = JsonOut.quoted("alert");
    private static final byte[] V_BLOCK = JsonOut.quoted("block");

    private final ModbusEveRecord modbus;

    public AlertEveRecord(ModbusEveRecord modbus) {
        this.modbus = modbus;
    }

    /** An alert about one Modbus transaction of a flow. */
    public void write(EveWriter eve, long timestampNanos, FlowContext flow, Alert alert, ModbusTransaction tx, long txNumber) {
        if (!eve.wants(EventType.ALERT)) {
            return;
        }
        JsonOut j = eve.begin(EventType.ALERT, timestampNanos, flow);
        body(j, alert);
        if (tx != null) {
            modbus.writeMember(j, tx, txNumber);
        }
        eve.end();
    }

    /** An alert about no single message (e.g. a forbidden state transition). */
    public void write(EveWriter eve, long timestampNanos, Alert alert) {
        if (!eve.wants(EventType.ALERT)) {
            return;
        }
        JsonOut j = eve.begin(EventType.ALERT, timestampNanos, 0L);
        body(j, alert);
        eve.end();
    }

    private static void body(JsonOut j, Alert a) {
        j.name(K_ALERT).beginObject();
        j.name(K_ACTION).value(a.blocked() ? V_BLOCKED : V_ALLOWED);
        j.name(K_GID).value(1);
        j.name(K_SIGNATURE_ID).value(a.signatureId());
        j.name(K_REV).value(1);
        j.name(K_SIGNATURE).value(a.signature());
        j.name(K_CATEGORY).value(a.category());
        j.name(K_SEVERITY).value(a.severity());
        j.endObject();
        j.name(K_STATEWALL).beginObject();
        j.name(K_STATE).value(a.state());
        j.name(K_RULE).value(a.rule());
        j.name(K_DETECTOR).value(a.detector());
        j.name(K_VERDICT).value(a.blocked() ? V_BLOCK : V_ALERT);
        j.name(K_ATTACK).beginArray();
        for (String t : a.attack()) {
            j.value(t);
        }
        j.endArray();
        if (a.note() != null) {
            j.name(K_NOTE).value(a.note());
        }
        if (a.expected() != null) {
            j.name(K_EXPECTED).value(a.expected());
        }
        if (a.seen() != null) {
            j.name(K_SEEN).value(a.seen());
        }
        if (a.count() > 1) {
            j.name(K_COUNT).value(a.count());
        }
        j.endObject();
    }
}
