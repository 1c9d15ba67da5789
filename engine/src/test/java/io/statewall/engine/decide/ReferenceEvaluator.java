package io.statewall.engine.decide;

import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.policy.Action;
import io.statewall.engine.policy.Endpoint;
import io.statewall.engine.policy.IntRanges;
import io.statewall.engine.policy.Match;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.ProtectedSpec;
import io.statewall.engine.policy.ResponseMatch;
import io.statewall.engine.policy.Rule;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The slow, obvious reading of docs/policy-format.md ("Match fields", "Evaluation") over the
 * loaded {@link Policy} model, straight from the transaction's accessors, for {@link
 * ReferenceAgreementTest}. No rates. Addressed items are enumerated one by one.
 */
final class ReferenceEvaluator {
    private static final Set<DataArea> POINT_TABLES = Set.of(DataArea.COILS, DataArea.DISCRETE_INPUTS,
            DataArea.INPUT_REGISTERS, DataArea.HOLDING_REGISTERS);

    private ReferenceEvaluator() {}

    static Rig.Outcome judge(Policy policy, String state, FlowContext f, ModbusTransaction tx, boolean responsePhase) {
        List<String> alerts = new ArrayList<>();
        String decidedBy = null;
        Action decided = null;
        for (Rule rule : policy.evaluationOrder(state)) {
            Match m = rule.match();
            boolean isResponseRule = m.response() != null;
            if (!responsePhase) {
                if (isResponseRule || !requestPart(m, f, tx)) {
                    continue;
                }
            } else if (!isResponseRule) {
                // evaluation ended here when the request was judged
                if (rule.action() != Action.ALERT && requestPart(m, f, tx)) {
                    break;
                }
                continue;
            } else if (!requestPart(m, f, tx) || !responsePart(m.response(), tx)) {
                continue;
            }
            if (rule.action() == Action.ALERT) {
                alerts.add(rule.id());
            } else {
                decidedBy = rule.id();
                decided = rule.action();
                break;
            }
        }
        if (decided == null && !responsePhase) {
            decidedBy = "default";
            decided = policy.rulesetFor(state).defaultAction();
        }
        String protectedBy = null;
        if (decided == Action.BLOCK) {
            for (ProtectedSpec p : policy.protectedSpecs()) {
                boolean response = p.match().response() == null || !responsePhase || responsePart(p.match().response(), tx);
                if (requestPart(p.match(), f, tx) && response) {
                    protectedBy = p.id();
                    break;
                }
            }
        }
        Action outcome;
        if (decided == Action.BLOCK && protectedBy == null) {
            outcome = Action.BLOCK;
        } else if (decided == Action.BLOCK || decided == Action.ALERT || !alerts.isEmpty()) {
            outcome = Action.ALERT;
        } else {
            outcome = Action.ALLOW;
        }
        int kept = Math.min(alerts.size(), Verdict.MAX_ALERTS);
        return new Rig.Outcome(outcome, decidedBy, List.copyOf(alerts.subList(0, kept)), alerts.size() - kept,
                protectedBy, 0);
    }

    static boolean requestPart(Match m, FlowContext f, ModbusTransaction tx) {
        if (!m.protocol().equals("modbus")) {
            return false;
        }
        if (m.from() != null && m.from().stream().noneMatch(e -> endpoint(e, f.ipVersion, f.srcAddrHi, f.srcAddrLo, f.srcPort))) {
            return false;
        }
        if (m.to() != null && m.to().stream().noneMatch(e -> endpoint(e, f.ipVersion, f.destAddrHi, f.destAddrLo, f.destPort))) {
            return false;
        }
        if (m.operations() != null && !m.operations().contains(tx.operation())
                || m.functions() != null && !m.functions().contains(tx.functionRaw())
                || m.categories() != null && !m.categories().contains(tx.category())
                || m.units() != null && !m.units().contains(tx.unitId())
                || m.areas() != null && !m.areas().contains(tx.dataArea())) {
            return false;
        }
        if (m.addresses() != null && addressedItems(tx).stream().noneMatch(a -> m.addresses().contains(a))) {
            return false;
        }
        return m.values() == null || writtenAtSelected(m.values(), m.addresses(), tx);
    }

    private static boolean endpoint(Endpoint e, int version, long hi, long lo, int port) {
        return e.network().contains(version, hi, lo) && (e.port() == Endpoint.ANY_PORT || e.port() == port);
    }

    /** Every item read or written (point tables only); a missing or zero quantity counts as the start item. */
    static List<Long> addressedItems(ModbusTransaction tx) {
        List<Long> items = new ArrayList<>();
        if (!POINT_TABLES.contains(tx.dataArea())) {
            return items;
        }
        if (tx.readAddress() >= 0) {
            for (long i = 0; i < Math.max(1, tx.readQuantity()); i++) {
                items.add(tx.readAddress() + i);
            }
        }
        if (tx.writeAddress() >= 0) {
            for (long i = 0; i < Math.max(1, tx.writeQuantity()); i++) {
                items.add(tx.writeAddress() + i);
            }
        }
        return items;
    }

    private static boolean writtenAtSelected(IntRanges values, IntRanges addresses, ModbusTransaction tx) {
        if (!POINT_TABLES.contains(tx.dataArea()) || tx.writeAddress() < 0) {
            return false;
        }
        for (int i = 0; i < tx.writeValueCount(); i++) {
            if (values.contains(tx.writeValue(i)) && (addresses == null || addresses.contains(tx.writeAddress() + i))) {
                return true;
            }
        }
        return false;
    }

    static boolean responsePart(ResponseMatch r, ModbusTransaction tx) {
        if (!tx.hasResponse()) {
            return false;
        }
        if (r.exception() != null && r.exception() != tx.isException()) {
            return false;
        }
        return r.exceptionCodes() == null || tx.isException() && r.exceptionCodes().contains(tx.exceptionCode());
    }
}
