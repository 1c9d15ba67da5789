package io.statewall.asma.plant;

import io.statewall.asma.TestAsma;
import io.statewall.asma.api.Json;
import io.statewall.asma.store.EveTimestamps;
import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkClient;
import io.statewall.link.LinkClientConfig;
import io.statewall.link.NmaStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in NMA on the real link (enrolled through the API, mutual TLS on loopback): it reports
 * the status the test sets, records the commands it gets, and carries out a DeclareState (its
 * enforced state becomes the declared one) unless told to refuse, as an NMA that does not follow.
 */
final class PlantNmas implements AutoCloseable {
    final String name;
    final LinkClient client;
    final List<Command> commands = new CopyOnWriteArrayList<>();
    final AtomicReference<NmaStatus> status = new AtomicReference<>();
    volatile boolean refuse;
    volatile String observed = "unknown";
    volatile Map<String, Double> points = Map.of();
    volatile String enforced = "unknown";
    volatile String declaredBy;
    volatile String policyVersion = "0";

    PlantNmas(TestAsma asma, String name, Path dir) throws Exception {
        this.name = name;
        HttpResponse<String> issued = asma.postJson("/api/v1/enrolments", asma.adminToken, "{\"nma\":\"" + name + "\"}");
        if (issued.statusCode() != 201) {
            throw new AssertionError(issued.body());
        }
        String token = Json.MAPPER.readTree(issued.body()).get("token").asString();
        LinkClientConfig config = LinkClientConfig.of(asma.asma.linkAddress(), dir).withEnrolToken(token)
                .withHeartbeat(Duration.ofMillis(100)).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500))
                .withLog(line -> { });
        client = LinkClient.start(config, this::handle, () -> new NmaStatus(enforced, declaredBy, observed, policyVersion,
                null, Map.of(), points));
    }

    private CommandResult handle(Command c) {
        commands.add(c);
        if (refuse) {
            return CommandResult.refused(c.id(), "not following (test)");
        }
        switch (c) {
            case Command.DeclareState d -> {
                enforced = d.state();
                declaredBy = d.by();
            }
            case Command.ReleaseState r -> {
                enforced = observed;
                declaredBy = null;
            }
            case Command.PushPolicy p -> policyVersion = p.version();
            case Command.PushBaseline b -> {
            }
        }
        return CommandResult.ok(c.id(), "done " + c.getClass().getSimpleName());
    }

    /** The DeclareState commands received, as "state by". */
    List<String> declarations() {
        return commands.stream().filter(c -> c instanceof Command.DeclareState)
                .map(c -> ((Command.DeclareState) c).state() + " by " + ((Command.DeclareState) c).by()).toList();
    }

    /** An EVE alert line as an NMA writes it. */
    static String alert(String src, String technique, String signature) {
        return "{\"timestamp\":\"" + EveTimestamps.format(System.currentTimeMillis() * 1_000) + "\",\"event_type\":\"alert\","
                + "\"src_ip\":\"" + src + "\",\"src_port\":40000,\"dest_ip\":\"10.0.1.5\",\"dest_port\":502,\"proto\":\"TCP\","
                + "\"app_proto\":\"modbus\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":7,\"rev\":1,"
                + "\"signature\":\"" + signature + "\",\"category\":\"ICS\",\"severity\":2},\"statewall\":{\"state\":\"normal\","
                + "\"rule\":\"r1\",\"detector\":\"policy\",\"verdict\":\"alert\",\"attack\":[\"" + technique + "\"]}}";
    }

    @Override
    public void close() {
        client.close();
    }
}
