package io.statewall.nma.link;

import io.statewall.link.NmaStatus;
import io.statewall.link.StatusSource;
import io.statewall.nma.inline.InlineProxy;
import io.statewall.nma.inline.PlantStatus;
import io.statewall.nma.inline.RouteStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The NMA's status for the link's heartbeat: the state the proxy enforces and who declared it,
 * the plant model's variables, read on the proxy's loop (one small task per heartbeat); the
 * rule versions; and the proxy's counters, summed over its routes.
 */
public final class NmaStatusSource implements StatusSource {
    private static final long WAIT_SECONDS = 2;

    private final RuleVersions versions;
    private volatile InlineProxy proxy;

    public NmaStatusSource(RuleVersions versions) {
        this.versions = versions;
    }

    public void attach(InlineProxy p) {
        this.proxy = p;
    }

    @Override
    public NmaStatus status() throws Exception {
        InlineProxy p = proxy;
        if (p == null) {
            return NmaStatus.UNKNOWN;
        }
        PlantStatus plant = p.plantStatus().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> counters = new LinkedHashMap<>();
        long[] sum = new long[11];
        for (RouteStats r : p.stats()) {
            sum[0] += r.requests();
            sum[1] += r.allowed();
            sum[2] += r.alerted();
            sum[3] += r.blocked();
            sum[4] += r.malformed();
            sum[5] += r.anomalies();
            sum[6] += r.responses();
            sum[7] += r.connectionsActive();
            sum[8] += r.upstreamConnectFailures();
            sum[9] += r.failOpenForwards();
            sum[10] += r.failClosedDrops();
        }
        String[] names = {"requests", "allowed", "alerted", "blocked", "malformed", "anomalies", "responses",
            "connections_active", "upstream_connect_failures", "fail_open_forwards", "fail_closed_drops"};
        for (int i = 0; i < names.length; i++) {
            counters.put(names[i], sum[i]);
        }
        counters.put("policy_generation", p.policyGeneration());
        return new NmaStatus(plant.state(), plant.declaredBy(), plant.observed(), versions.policy(), versions.baseline(), counters,
                plant.points());
    }
}
