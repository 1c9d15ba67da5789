package io.statewall.asma.api;

import io.statewall.asma.auth.TokenInfo;
import io.statewall.asma.auth.UserRecord;
import io.statewall.asma.store.AuditEntry;
import io.statewall.asma.store.Document;
import io.statewall.asma.store.NmaRecord;
import io.statewall.asma.store.ProcessValue;
import io.statewall.asma.store.StateRecord;
import io.statewall.asma.store.StoredEvent;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** How the store's records look in the API's JSON. */
final class Views {
    private Views() {
    }

    static ObjectNode nma(NmaRecord n, boolean connected, Duration staleAfter, long nowMicros) {
        ObjectNode o = Json.object();
        o.put("name", n.name());
        o.put("connected", connected);
        long heard = Math.max(n.lastSeenMicros(), n.heartbeatAtMicros() == null ? 0 : n.heartbeatAtMicros());
        String health = !connected ? "offline" : nowMicros - heard > staleAfter.toNanos() / 1_000 ? "stale" : "ok";
        o.put("health", health);
        o.put("state", n.state());
        o.put("declared_by", n.declaredBy());
        o.put("policy_version", n.policyVersion());
        o.put("baseline_version", n.baselineVersion());
        Json.time(o, "first_seen", n.firstSeenMicros());
        Json.time(o, "last_seen", n.lastSeenMicros());
        Json.time(o, "heartbeat_at", n.heartbeatAtMicros());
        o.put("last_address", n.lastAddress());
        o.put("last_seq", n.lastSeq());
        if (n.uptimeS() == null) {
            o.putNull("uptime_s");
        } else {
            o.put("uptime_s", n.uptimeS());
        }
        if (n.spoolDropped() == null) {
            o.putNull("spool_dropped");
        } else {
            o.put("spool_dropped", n.spoolDropped());
        }
        o.set("counters", n.countersJson() == null ? Json.object() : Json.parse(n.countersJson()));
        return o;
    }

    static ObjectNode event(StoredEvent e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("nma", e.nma());
        Json.time(o, "time", e.tsMicros());
        o.put("event_type", e.eventType());
        if ("alert".equals(e.eventType())) {
            if (e.ackedBy() == null) {
                o.putNull("ack");
            } else {
                ObjectNode a = o.putObject("ack");
                a.put("by", e.ackedBy());
                Json.time(a, "at", e.ackedAtMicros());
                a.put("comment", e.ackComment());
            }
        }
        o.set("event", Json.parse(e.json()));
        return o;
    }

    static ObjectNode state(StateRecord s) {
        ObjectNode o = Json.object();
        o.put("id", s.id());
        if (s.nma() != null) {
            o.put("nma", s.nma());
        }
        Json.time(o, "time", s.tsMicros());
        o.put("from", s.from());
        o.put("to", s.to());
        o.put("origin", s.origin());
        if (s.allowed() == null) {
            o.putNull("allowed");
        } else {
            o.put("allowed", s.allowed());
        }
        o.put("declared_by", s.declaredBy());
        if (s.nma() == null) {
            o.put("detail", s.detail());
        }
        return o;
    }

    static ObjectNode process(ProcessValue v) {
        ObjectNode o = Json.object();
        o.put("point", v.point());
        Json.time(o, "time", v.tsMicros());
        if (v.value() != null) {
            o.put("value", v.value());
        } else {
            o.put("value", v.text());
        }
        return o;
    }

    static ObjectNode document(Document d, boolean withContent) {
        ObjectNode o = Json.object();
        o.put("kind", d.kind());
        o.put("version", d.version());
        o.put("name", d.name());
        o.put("sha256", d.sha256());
        o.put("author", d.author());
        Json.time(o, "time", d.atMicros());
        o.put("comment", d.comment());
        if (withContent) {
            o.put("content", d.content());
        }
        return o;
    }

    static ObjectNode audit(AuditEntry a) {
        ObjectNode o = Json.object();
        o.put("id", a.id());
        Json.time(o, "time", a.atMicros());
        o.put("actor", a.actor());
        o.put("action", a.action());
        o.put("target", a.target());
        o.put("outcome", a.outcome());
        o.put("detail", a.detail());
        o.put("remote", a.remote());
        o.put("prev_hash", a.prevHash());
        o.put("hash", a.hash());
        return o;
    }

    static ObjectNode token(TokenInfo t) {
        ObjectNode o = Json.object();
        o.put("id", t.id());
        o.put("name", t.name());
        o.put("role", t.role().text());
        o.put("kind", t.kind());
        o.put("owner", t.owner());
        Json.time(o, "created_at", t.createdAtMicros());
        o.put("created_by", t.createdBy());
        Json.time(o, "expires_at", t.expiresAtMicros());
        Json.time(o, "revoked_at", t.revokedAtMicros());
        o.put("revoked_by", t.revokedBy());
        return o;
    }

    static ObjectNode user(UserRecord u) {
        ObjectNode o = Json.object();
        o.put("name", u.name());
        o.put("role", u.role().text());
        o.put("source", u.source());
        return o;
    }
}
