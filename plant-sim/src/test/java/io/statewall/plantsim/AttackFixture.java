package io.statewall.plantsim;

import io.statewall.plantsim.attack.AttackContext;
import io.statewall.plantsim.attack.AttackHosts;
import io.statewall.plantsim.attack.AttackOutcome;
import io.statewall.plantsim.attack.AttackScenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The unit stepped by hand through {@code Scenario.normalOperation(true)}, the crew's writes over
 * Modbus from the operator desk's and the engineering workstation's addresses, and an attack
 * scenario run straight against the controllers (no NMA) once plant time reaches its start.
 */
final class AttackFixture implements AutoCloseable {
    /** On loopback any 127.x.y.z is local: every host gets its own source address. */
    static final AttackHosts HOSTS = new AttackHosts(address("127.0.0.66"), address("127.0.0.11"),
            address("127.0.0.50"));

    final PlantSim sim;
    final ScenarioRun run;

    AttackFixture() throws IOException {
        sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start();
        run = sim.run(Scenario.normalOperation(true), new Stations(sim.endpoints(), HOSTS.operatorDesk(),
                HOSTS.engineeringStation(), Duration.ofSeconds(2), DeclarationListener.NONE));
    }

    AttackContext context() {
        return AttackContext.of(sim, sim.endpoints(), HOSTS).withOrigin(run.origin());
    }

    /** Steps the plant to the scenario's start and runs it there. */
    AttackOutcome runAtItsTime(AttackScenario s) throws InterruptedException {
        AttackContext c = context();
        c.clock().awaitTime(c.origin() + s.at());
        return s.run(c);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
