package io.statewall.asma.api;

import io.statewall.asma.NmaControl;
import io.statewall.asma.auth.LoginThrottle;
import io.statewall.asma.auth.Tokens;
import io.statewall.asma.auth.Users;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.Events;
import io.statewall.asma.store.Nmas;
import io.statewall.asma.store.ProcessValues;
import io.statewall.asma.store.States;
import io.statewall.asma.store.Store;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the endpoints work with: the store and its views, authentication, the NMAs' control,
 * and the settings that shape answers.
 *
 * @param sessionTtl    how long a login session lasts
 * @param staleAfter    an NMA connected but silent for longer is reported {@code stale}
 * @param metrics       the Prometheus text of /metrics
 * @param metricsPublic whether /metrics needs no token
 * @param enrolments    the link's one-time enrolment tokens, or null without a link
 */
public record ApiContext(Store store, Tokens tokens, Users users, LoginThrottle throttle, NmaControl control,
                         Duration sessionTtl, Duration staleAfter, Supplier<String> metrics, boolean metricsPublic,
                         io.statewall.link.pki.EnrolmentTokens enrolments) {
    public Events events() {
        return new Events(store);
    }

    public Nmas nmas() {
        return new Nmas(store);
    }

    public States states() {
        return new States(store);
    }

    public ProcessValues process() {
        return new ProcessValues(store);
    }

    public Documents documents() {
        return new Documents(store);
    }

    public AuditLog auditLog() {
        return new AuditLog(store);
    }

    /** Writes one audit row on its own (for actions that change nothing else, such as a failed login). */
    public void audit(ApiRequest r, String actor, String action, String target, String outcome, String detail) {
        Store.join(store.write(c -> AuditLog.append(c, actor, action, target, outcome, detail, r.remote())));
    }

    /** Runs a change and its audit row in one transaction: both are stored, or neither. */
    public <T> T auditedWrite(Store.WriteTask<T> change) {
        return Store.join(store.write(change));
    }
}
