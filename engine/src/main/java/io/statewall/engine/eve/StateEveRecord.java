package io.statewall.engine.eve;

import io.statewall.engine.state.StateChange;
import java.util.Locale;

/**
 * The EVE {@code state} record of an operating-state change:
 * <pre>{"event_type":"state","state":{"from":"startup","to":"normal","origin":"condition",
 *  "allowed":true,"cause":"breaker_closed","readings":{"breaker_closed":1.0},"declared_by":null}}</pre>
 * A change the plant model does not allow ({@code allowed:false}) is also raised as an alert by
 * the caller. State changes are rare: this allocates freely.
 */
public final class StateEveRecord {
    private static final byte[] K_STATE = JsonOut.key("state");
    private static final byte[] K_FROM = JsonOut.key("from");
    private static final byte[] K_TO = JsonOut.key("to");
    private static final byte[] K_ORIGIN = JsonOut.key("origin");
    private static final byte[] K_ALLOWED = JsonOut.key("allowed");
    private static final byte[] K_CAUSE = JsonOut.key("cause");
    private static final byte[] K_READINGS = JsonOut.key("readings");
    private static final byte[] K_DECLARED_BY = JsonOut.key("declared_by");
    private static final byte[] K_STALE = JsonOut.key("stale");

    private StateEveRecord() {
    }

    public static void write(EveWriter eve, StateChange change) {
        if (!eve.wants(EventType.STATE)) {
            return;
        }
        JsonOut j = eve.begin(EventType.STATE, change.timeNanos(), 0L);
        j.name(K_STATE).beginObject();
        j.name(K_FROM).value(change.from().name());
        j.name(K_TO).value(change.to().name());
        j.name(K_ORIGIN).value(change.origin().name().toLowerCase(Locale.ROOT));
        j.name(K_ALLOWED).value(change.allowed());
        if (change.condition() != null) {
            j.name(K_CAUSE).value(change.condition());
        }
        if (!change.readings().isEmpty()) {
            j.name(K_READINGS).beginObject();
            for (StateChange.Reading r : change.readings()) {
                j.name(JsonOut.key(r.variable())).value(r.value());
            }
            j.endObject();
            if (change.readings().stream().anyMatch(r -> !r.fresh())) {
                j.name(K_STALE).beginArray();
                change.readings().stream().filter(r -> !r.fresh()).forEach(r -> j.value(r.variable()));
                j.endArray();
            }
        }
        if (change.declaredBy() != null) {
            j.name(K_DECLARED_BY).value(change.declaredBy());
        }
        j.endObject();
        eve.end();
    }
}
