package io.statewall.plantsim.attack;

import io.statewall.plantsim.Controller;
import io.statewall.plantsim.Points;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Requests sent one after another, each once its predecessor was answered (or timed out), on one
 * connection per controller that is opened again after any failure: scans, and commands sent by
 * hand. What each request is, the campaign says.
 */
final class RequestSequence implements Attack {

    /** One request: its PDU to {@code unitId} of {@code target}. */
    record Request(Controller target, int unitId, byte[] pdu) {
    }

    private final List<Request> requests;

    RequestSequence(List<Request> requests) {
        this.requests = List.copyOf(requests);
    }

    /** {@code pdus} to the controller's own unit id, in order. */
    static RequestSequence to(Controller target, List<byte[]> pdus) {
        List<Request> r = new ArrayList<>();
        for (byte[] pdu : pdus) {
            r.add(new Request(target, Points.UNIT_ID, pdu));
        }
        return new RequestSequence(r);
    }

    /** The same PDU to every unit id from {@code first} to {@code last} of each target in turn. */
    static RequestSequence unitScan(List<Controller> targets, int first, int last, byte[] pdu) {
        List<Request> r = new ArrayList<>();
        for (Controller c : targets) {
            for (int unit = first; unit <= last; unit++) {
                r.add(new Request(c, unit, pdu));
            }
        }
        return new RequestSequence(r);
    }

    @Override
    public void perform(AttackSession session) {
        Map<Controller, MbapClient> clients = new EnumMap<>(Controller.class);
        for (Request r : requests) {
            MbapClient client = clients.computeIfAbsent(r.target(), session::client);
            session.send(client, r.target(), r.unitId(), r.pdu());
        }
    }
}
