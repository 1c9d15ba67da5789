package io.statewall.plantsim.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.plantsim.Controller;
import io.statewall.plantsim.PlantSim;
import io.statewall.plantsim.PlantSimConfig;
import io.statewall.plantsim.Endpoints;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario's own rules, and what its outcome says when the attack cannot do what it means to. */
class AttackScenarioTest {

    private static AttackHosts hosts() throws Exception {
        return new AttackHosts(InetAddress.getByName("127.0.0.66"), InetAddress.getByName("127.0.0.11"),
                InetAddress.getByName("127.0.0.50"));
    }

    private static AttackScenario named(String id, List<String> techniques) {
        return new AttackScenario(id, "t", techniques, 0, 0, "normal", Attacker.UNKNOWN_HOST,
                List.of(Controller.BOILER), Expectation.BLOCK, "d", session -> { });
    }

    @Test
    void idsAreKebabCaseAndTechniquesAreAttackForIcsIds() {
        assertThat(named("recon-unit-scan", List.of("T0846")).id()).isEqualTo("recon-unit-scan");
        for (String bad : new String[] {"Recon", "recon_scan", "-recon", "recon-", "recon--scan", ""}) {
            assertThatThrownBy(() -> named(bad, List.of("T0846"))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (List<String> bad : List.of(List.<String>of(), List.of("T846"), List.of("t0846"), List.of("T1046"))) {
            assertThatThrownBy(() -> named("x", bad)).as(bad.toString()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Campaign(List.of(named("x", List.of("T0846")), named("x", List.of("T0846")))))
                .as("ids are unique in a campaign").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Campaign.standard().scenario("no-such")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAPeriodicWriteTheDeskMalwareWaitsThreePeriodsAndSaysWhy() throws Exception {
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start()) {
            AttackContext ctx = AttackContext.of(sim, sim.endpoints(), hosts());
            AttackOutcome replay = Campaign.standard().scenario("command-retimed").run(ctx);
            AttackOutcome takeover = Campaign.standard().scenario("periodic-write-modified").run(ctx);

            assertThat(replay.requests()).isZero();
            assertThat(replay.detail()).contains("nothing to replay");
            assertThat(replay.plantEnd() - replay.plantStart()).isEqualTo(30.0);
            assertThat(takeover.requests()).isZero();
            assertThat(takeover.connections()).isEmpty();
            assertThat(takeover.detail()).contains("to take over");
            assertThat(takeover.plantEnd() - takeover.plantStart()).isEqualTo(30.0);
        }
    }

    @Test
    void anUnreachableTargetIsCountedAsClosedWithTheReasonNotThrown() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start()) {
            AttackContext ctx = new AttackContext(sim, new Endpoints(nobody, nobody, nobody), hosts(),
                    PlantClock.of(sim), 0);
            AttackOutcome o = Campaign.standard().scenario("listen-only-mode").run(ctx);

            assertThat(o.requests()).isEqualTo(2);
            assertThat(o.closed()).isEqualTo(2);
            assertThat(o.connections()).isEmpty();
            assertThat(o.exchanges()).allSatisfy(e -> assertThat(e.connection()).isNull());
            assertThat(o.detail()).startsWith("cannot connect from 127.0.0.66 to 127.0.0.1:" + nobody.getPort());
        }
    }
}
