package io.statewall.benchmarks.baseline;

import io.statewall.cli.demo.DemoNetwork;
import io.statewall.plantsim.Controller;
import io.statewall.plantsim.HmiConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One scenario of the campaign as a {@code statewall demo --report} JSON tells it: who attacked
 * what, when (wall clock, which the recording's timestamps share), and from which connections.
 *
 * @param attackerIp   the attacking host's address, null for a compromised controller (whose
 *                     attack travels in its answers to the HMI's polls, not in requests of its own)
 * @param targets      the controllers attacked
 * @param startMicros  its first request, or the start of a spoof (the report's milliseconds)
 * @param endMicros    after its last answer, or the end of a spoof
 * @param connections  its requests' sources as {@code ip:port}
 */
record Attack(String id, String title, List<String> techniques, String attacker, String attackerIp,
              List<Controller> targets, boolean ran, double plantTime, long startMicros, long endMicros,
              Set<String> connections, long requests) {
    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3}(?:\\.\\d{1,3}){3})\\b");
    private static final Map<String, InetAddress> CONTROLLER_ADDRESSES = Map.of(
            Controller.BOILER.asset(), DemoNetwork.BOILER_PLC,
            Controller.TURBINE.asset(), DemoNetwork.TURBINE_PLC,
            Controller.SAFETY.asset(), DemoNetwork.SAFETY_PLC);

    /** The attack is in what a controller reports (T0856), not in requests. */
    boolean reporting() {
        return requests == 0 && attackerIp == null;
    }

    /** The demo's address of each controller attacked. */
    Set<String> targetAddresses() {
        Set<String> out = new LinkedHashSet<>();
        for (Controller c : targets) {
            out.add(CONTROLLER_ADDRESSES.get(c.asset()).getHostAddress());
        }
        return out;
    }

    /**
     * The HMI's scan cycle of the controller attacked (the shortest of several): the bound on a
     * detection "within one scan cycle" and, for a spoof, the longest wait for its first answer.
     */
    long scanCycleMillis() {
        long shortest = Long.MAX_VALUE;
        for (Controller c : targets) {
            shortest = Math.min(shortest, HmiConfig.defaults().cycle(c).toMillis());
        }
        return shortest == Long.MAX_VALUE ? 0 : shortest;
    }

    /** The attacks of a demo report, in its order. */
    static List<Attack> readReport(Path report) throws IOException {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(report));
        } catch (RuntimeException e) {
            throw new IOException(report + ": not a statewall demo report: " + e.getMessage(), e);
        }
        if (!root.has("statewall_demo")) {
            throw new IOException(report + ": not a statewall demo report (no 'statewall_demo')");
        }
        List<Attack> out = new ArrayList<>();
        for (JsonNode a : root.path("attacks")) {
            out.add(parse(a));
        }
        return out;
    }

    static Attack parse(JsonNode a) {
        List<String> techniques = new ArrayList<>();
        a.path("techniques").forEach(t -> techniques.add(t.asString()));
        List<Controller> targets = new ArrayList<>();
        for (String asset : a.path("target").asString("").split(",\\s*")) {
            for (Controller c : Controller.values()) {
                if (c.asset().equals(asset.trim())) {
                    targets.add(c);
                }
            }
        }
        Set<String> connections = new LinkedHashSet<>();
        a.path("connections").forEach(c -> connections.add(c.asString()));
        String attacker = a.path("attacker").asString("");
        Matcher ip = IPV4.matcher(attacker);
        boolean ran = a.path("ran").asBoolean(false);
        return new Attack(a.path("name").asString(""), a.path("title").asString(""), List.copyOf(techniques), attacker,
                ip.find() ? ip.group(1) : null, List.copyOf(targets), ran, a.path("plant_time_s").asDouble(Double.NaN),
                ran ? micros(a.path("start_time").asString()) : 0, ran ? micros(a.path("end_time").asString("")) : 0,
                Set.copyOf(connections), a.path("requests").asLong(0));
    }

    /** An ISO-8601 instant in microseconds; 0 for none. */
    private static long micros(String instant) {
        if (instant == null || instant.isEmpty() || "null".equals(instant)) {
            return 0;
        }
        Instant t = Instant.parse(instant);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
