package io.statewall.nma.inline;

import io.statewall.engine.eve.EventType;
import io.statewall.engine.policy.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The NMA's configuration file ({@code statewall nma --config FILE}): the inline routes, the
 * policy, how blocks are answered, limits, event outputs and the metrics endpoint. Fail modes
 * are per operating state and live in the policy ({@code fail_mode} of each ruleset).
 *
 * <pre>
 * statewall-nma: 1
 * policy: thermal-power-unit.yaml        # relative to this file
 * routes:
 *   - { name: boiler,  listen: 0.0.0.0:502,  upstream: 10.30.2.20:502 }
 *   - { name: turbine, listen: 0.0.0.0:1502, upstream: 10.30.2.30:502 }
 * blocking:  { answer: exception, exception_code: 1 }    # exception | drop | reset
 * malformed: drop                                        # drop | reset
 * limits:    { connections: 1024, connections_per_client: 64, queue_bytes: 65536 }
 * upstream_retry: { initial: 100ms, max: 5s }
 * events:    { eve: /var/log/statewall/eve.json, types: [alert, state, anomaly, stats], stats_interval: 30s }
 * metrics:   127.0.0.1:9502
 * baseline:  { learn: 8h, out: unit3.baseline.yaml, block: [normal] }   # or { file: unit3.baseline.yaml }
 * asma:      { address: asma.plant:7443, token: NAME.SECRET.CAFPR, data: /var/lib/statewall, heartbeat: 5s, spool_max: 256MiB }
 * </pre>
 *
 * Every problem is reported with the path of the key at fault; unknown keys are errors (a
 * misspelt limit silently ignored is a limit not applied).
 */
public record NmaConfig(Path policy, List<InlineRoute> routes, InlineOptions options, String eve,
                        Set<EventType> eveTypes, Duration statsInterval, InetSocketAddress metrics,
                        BaselineSettings baseline, io.statewall.nma.link.AsmaLinkSettings asma) {

    /** A configuration without an ASMA link (see docs/asma-link.md). */
    public NmaConfig(Path policy, List<InlineRoute> routes, InlineOptions options, String eve, Set<EventType> eveTypes,
                     Duration statsInterval, InetSocketAddress metrics, BaselineSettings baseline) {
        this(policy, routes, options, eve, eveTypes, statsInterval, metrics, baseline, null);
    }

    /** The same configuration with the link to the ASMA {@code link} (null: none). */
    public NmaConfig withAsma(io.statewall.nma.link.AsmaLinkSettings link) {
        return new NmaConfig(policy, routes, options, eve, eveTypes, statsInterval, metrics, baseline, link);
    }

    /**
     * The learned baseline (docs/baseline.md): detect with {@code file}; or learn for {@code
     * learn} (into an empty baseline, or on from {@code file}), write what was learned to {@code
     * out}, mark the states of {@code block} as blocking, and detect with it from then on.
     *
     * @param file  a baseline to detect with, or to go on learning from; null for none
     * @param learn how long to learn live; null: detect with {@code file} at once
     * @param out   where the learned baseline is written (required with {@code learn})
     * @param block states in which deviations are blocked once learning ends
     */
    public record BaselineSettings(Path file, Duration learn, Path out, Set<String> block) {
        public BaselineSettings {
            block = Set.copyOf(block);
            if (file == null && learn == null) {
                throw new IllegalArgumentException("a baseline file to detect with, or a time to learn, is required");
            }
            if (learn != null && out == null) {
                throw new IllegalArgumentException("learning needs a file to write the learned baseline to");
            }
            if (learn == null && !block.isEmpty()) {
                throw new IllegalArgumentException("the states to block in are set when learning; a baseline file says"
                        + " itself which states block (action: block)");
            }
        }
    }

    /** A configuration without a baseline. */
    public NmaConfig(Path policy, List<InlineRoute> routes, InlineOptions options, String eve, Set<EventType> eveTypes,
                     Duration statsInterval, InetSocketAddress metrics) {
        this(policy, routes, options, eve, eveTypes, statsInterval, metrics, null);
    }

    public static final Set<EventType> DEFAULT_TYPES = EnumSet.of(EventType.ALERT, EventType.STATE, EventType.ANOMALY,
            EventType.STATS);
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(30);

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(KiB|MiB|GiB)?");

    /** A configuration that cannot be used, with every problem found. */
    public static final class ConfigException extends Exception {
        private final List<String> problems;

        ConfigException(Path file, List<String> problems) {
            super(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static NmaConfig load(Path file) throws IOException, ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ConfigException(file, List.of("YAML syntax at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        }
        Reader r = new Reader();
        NmaConfig c = r.read(root, file.toAbsolutePath().getParent());
        if (!r.problems.isEmpty()) {
            throw new ConfigException(file, r.problems);
        }
        return c;
    }

    private static final class Reader {
        final List<String> problems = new ArrayList<>();

        NmaConfig read(JsonNode root, Path base) {
            if (root == null || !root.isObject()) {
                problems.add("the file is a mapping with 'statewall-nma: 1' first");
                return null;
            }
            keys(root, "", Set.of("statewall-nma", "policy", "routes", "blocking", "malformed", "limits",
                    "upstream_retry", "events", "metrics", "baseline", "asma"));
            JsonNode version = root.get("statewall-nma");
            if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() != 1) {
                problems.add("statewall-nma: 1 expected (the format version)");
            }
            Path policy = null;
            JsonNode p = root.get("policy");
            if (p == null || !p.isString() || p.asString().isBlank()) {
                problems.add("policy: the policy file is required");
            } else {
                policy = base.resolve(p.asString());
            }
            List<InlineRoute> routes = routes(root.get("routes"));
            InlineOptions options = options(root);
            String eve = null;
            Set<EventType> types = DEFAULT_TYPES;
            Duration statsInterval = DEFAULT_STATS_INTERVAL;
            JsonNode events = root.get("events");
            if (events != null) {
                if (!events.isObject()) {
                    problems.add("events: a mapping expected");
                } else {
                    keys(events, "events.", Set.of("eve", "types", "stats_interval"));
                    JsonNode e = events.get("eve");
                    if (e != null) {
                        if (e.isString() && !e.asString().isBlank()) {
                            eve = e.asString().equals("-") ? "-" : base.resolve(e.asString()).toString();
                        } else {
                            problems.add("events.eve: a file name (or '-' for standard output) expected");
                        }
                    }
                    JsonNode t = events.get("types");
                    if (t != null) {
                        types = types(t);
                    }
                    JsonNode si = events.get("stats_interval");
                    if (si != null) {
                        statsInterval = duration(si, "events.stats_interval");
                    }
                }
            }
            InetSocketAddress metrics = null;
            JsonNode m = root.get("metrics");
            if (m != null) {
                metrics = address(m, "metrics");
            }
            BaselineSettings baseline = null;
            JsonNode b = root.get("baseline");
            if (b != null) {
                baseline = baseline(b, base);
            }
            io.statewall.nma.link.AsmaLinkSettings asma = null;
            JsonNode a = root.get("asma");
            if (a != null) {
                asma = asma(a, base);
            }
            return new NmaConfig(policy, routes, options, eve, types, statsInterval, metrics, baseline, asma);
        }

        /** {@code asma: { address, token, data, heartbeat, spool_max }}; the data directory is relative to the file. */
        io.statewall.nma.link.AsmaLinkSettings asma(JsonNode a, Path base) {
            if (!a.isObject()) {
                problems.add("asma: a mapping { address, token, data, heartbeat, spool_max } expected");
                return null;
            }
            keys(a, "asma.", Set.of("address", "token", "data", "heartbeat", "spool_max"));
            InetSocketAddress address = address(a.get("address"), "asma.address");
            String token = null;
            JsonNode t = a.get("token");
            if (t != null) {
                if (t.isString() && !t.asString().isBlank()) {
                    token = t.asString().strip();
                } else {
                    problems.add("asma.token: the enrolment token (NAME.SECRET.FINGERPRINT) expected");
                }
            }
            Path data = a.has("data") ? path(a.get("data"), "asma.data", base)
                    : base.resolve(io.statewall.nma.link.AsmaLinkSettings.DEFAULT_DATA_DIR);
            Duration heartbeat = io.statewall.link.LinkClientConfig.DEFAULT_HEARTBEAT;
            if (a.has("heartbeat")) {
                heartbeat = duration(a.get("heartbeat"), "asma.heartbeat");
                if (heartbeat.toMillis() < 100 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
                    problems.add("asma.heartbeat: from 100ms to 5m");
                }
            }
            long spool = io.statewall.link.LinkClientConfig.DEFAULT_SPOOL_MAX;
            if (a.has("spool_max")) {
                spool = bytes(a.get("spool_max"), "asma.spool_max", io.statewall.link.LinkClientConfig.MIN_SPOOL_MAX);
            }
            if (address == null || data == null) {
                return null;
            }
            return new io.statewall.nma.link.AsmaLinkSettings(address, token, data, heartbeat, spool);
        }

        /** A size such as 65536, 64KiB, 256MiB or 2GiB, at least {@code min}. */
        long bytes(JsonNode n, String at, long min) {
            Matcher m = SIZE.matcher(n.asString().strip());
            if (!(n.isString() || n.isIntegralNumber()) || !m.matches()) {
                problems.add(at + ": a size such as 64MiB, 256MiB or 2GiB expected, found '" + n.asString() + "'");
                return min;
            }
            long v;
            try {
                v = Math.multiplyExact(Long.parseLong(m.group(1)), switch (m.group(2) == null ? "" : m.group(2)) {
                    case "KiB" -> 1L << 10;
                    case "MiB" -> 1L << 20;
                    case "GiB" -> 1L << 30;
                    default -> 1L;
                });
            } catch (ArithmeticException | NumberFormatException e) {
                problems.add(at + ": '" + n.asString() + "' is too large");
                return min;
            }
            if (v < min) {
                problems.add(at + ": at least " + min + " bytes");
                return min;
            }
            return v;
        }

        BaselineSettings baseline(JsonNode b, Path base) {
            if (!b.isObject()) {
                problems.add("baseline: a mapping { file } or { learn, out, block } expected");
                return null;
            }
            keys(b, "baseline.", Set.of("file", "learn", "out", "block"));
            Path file = path(b.get("file"), "baseline.file", base);
            Path out = path(b.get("out"), "baseline.out", base);
            Duration learn = b.has("learn") ? duration(b.get("learn"), "baseline.learn") : null;
            if (learn != null && learn.isZero()) {
                problems.add("baseline.learn: a time longer than zero expected");
                return null;
            }
            Set<String> block = new HashSet<>();
            JsonNode states = b.get("block");
            if (states != null) {
                if (!states.isArray()) {
                    problems.add("baseline.block: a list of states such as [normal, start-up] expected");
                } else {
                    states.forEach(n -> block.add(n.asString()));
                }
            }
            try {
                return new BaselineSettings(file, learn, out, block);
            } catch (IllegalArgumentException e) {
                problems.add("baseline: " + e.getMessage());
                return null;
            }
        }

        Path path(JsonNode n, String at, Path base) {
            if (n == null) {
                return null;
            }
            if (!n.isString() || n.asString().isBlank()) {
                problems.add(at + ": a file name expected");
                return null;
            }
            return base.resolve(n.asString());
        }

        List<InlineRoute> routes(JsonNode node) {
            List<InlineRoute> out = new ArrayList<>();
            if (node == null || !node.isArray() || node.isEmpty()) {
                problems.add("routes: at least one route { name, listen, upstream } is required");
                return out;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode r = node.get(i);
                String at = "routes[" + i + "]";
                if (!r.isObject()) {
                    problems.add(at + ": a mapping { name, listen, upstream } expected");
                    continue;
                }
                keys(r, at + ".", Set.of("name", "listen", "upstream"));
                String name = r.has("name") && r.get("name").isString() ? r.get("name").asString() : "route-" + (i + 1);
                if (!names.add(name)) {
                    problems.add(at + ".name: '" + name + "' names two routes");
                }
                InetSocketAddress listen = address(r.get("listen"), at + ".listen");
                InetSocketAddress upstream = address(r.get("upstream"), at + ".upstream");
                if (listen != null && upstream != null) {
                    out.add(new InlineRoute(name, listen, upstream));
                }
            }
            return out;
        }

        InlineOptions options(JsonNode root) {
            InlineOptions d = InlineOptions.DEFAULT;
            BlockAction action = d.blockAction();
            int code = d.blockExceptionCode();
            JsonNode b = root.get("blocking");
            if (b != null) {
                if (!b.isObject()) {
                    problems.add("blocking: a mapping { answer, exception_code } expected");
                } else {
                    keys(b, "blocking.", Set.of("answer", "exception_code"));
                    JsonNode a = b.get("answer");
                    if (a != null) {
                        action = choice(a, "blocking.answer", BlockAction.class, action);
                    }
                    JsonNode c = b.get("exception_code");
                    if (c != null) {
                        code = number(c, "blocking.exception_code", 1, 255, code);
                    }
                }
            }
            MalformedAction malformed = d.malformed();
            JsonNode mf = root.get("malformed");
            if (mf != null) {
                malformed = choice(mf, "malformed", MalformedAction.class, malformed);
            }
            int connections = d.maxConnections();
            int perClient = d.maxConnectionsPerClient();
            int queue = d.maxQueuedBytes();
            JsonNode l = root.get("limits");
            if (l != null) {
                if (!l.isObject()) {
                    problems.add("limits: a mapping expected");
                } else {
                    keys(l, "limits.", Set.of("connections", "connections_per_client", "queue_bytes"));
                    if (l.has("connections")) {
                        connections = number(l.get("connections"), "limits.connections", 1, 1_000_000, connections);
                    }
                    if (l.has("connections_per_client")) {
                        perClient = number(l.get("connections_per_client"), "limits.connections_per_client", 1,
                                1_000_000, perClient);
                    }
                    if (l.has("queue_bytes")) {
                        queue = number(l.get("queue_bytes"), "limits.queue_bytes", 4096, 64 << 20, queue);
                    }
                }
            }
            Duration initial = d.retryInitial();
            Duration max = d.retryMax();
            JsonNode ur = root.get("upstream_retry");
            if (ur != null) {
                if (!ur.isObject()) {
                    problems.add("upstream_retry: a mapping { initial, max } expected");
                } else {
                    keys(ur, "upstream_retry.", Set.of("initial", "max"));
                    if (ur.has("initial")) {
                        initial = duration(ur.get("initial"), "upstream_retry.initial");
                    }
                    if (ur.has("max")) {
                        max = duration(ur.get("max"), "upstream_retry.max");
                    }
                    if (max.compareTo(initial) < 0) {
                        problems.add("upstream_retry: max " + max + " is shorter than initial " + initial);
                        max = initial;
                    }
                }
            }
            if (initial.isZero()) {
                initial = d.retryInitial();
            }
            return new InlineOptions(action, code, malformed, connections, perClient, queue, initial,
                    max.compareTo(initial) < 0 ? initial : max);
        }

        Set<EventType> types(JsonNode t) {
            if (!t.isArray()) {
                problems.add("events.types: a list such as [alert, state, anomaly, stats] expected");
                return DEFAULT_TYPES;
            }
            List<String> names = new ArrayList<>();
            t.forEach(n -> names.add(n.asString()));
            try {
                return EventType.parseList(String.join(",", names));
            } catch (IllegalArgumentException e) {
                problems.add("events.types: " + e.getMessage());
                return DEFAULT_TYPES;
            }
        }

        <E extends Enum<E>> E choice(JsonNode n, String at, Class<E> type, E fallback) {
            if (n.isString()) {
                for (E e : type.getEnumConstants()) {
                    if (e.name().toLowerCase(Locale.ROOT).equals(n.asString())) {
                        return e;
                    }
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(Locale.ROOT));
            }
            problems.add(at + ": '" + n.asString() + "' is not one of " + String.join(", ", allowed));
            return fallback;
        }

        int number(JsonNode n, String at, int min, int max, int fallback) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                problems.add(at + ": a whole number from " + min + " to " + max + " expected, found '" + n.asString() + "'");
                return fallback;
            }
            return n.asInt();
        }

        Duration duration(JsonNode n, String at) {
            Duration d = n.isString() ? Durations.parse(n.asString()) : null;
            if (d == null) {
                problems.add(at + ": a duration such as 250ms, 5s, 2m or 1h expected, found '" + n.asString() + "'");
                return Duration.ZERO;
            }
            return d;
        }

        InetSocketAddress address(JsonNode n, String at) {
            if (n == null || !n.isString()) {
                problems.add(at + ": HOST:PORT expected");
                return null;
            }
            String spec = n.asString();
            int colon = spec.lastIndexOf(':');
            if (colon < 0) {
                problems.add(at + ": '" + spec + "' is not HOST:PORT");
                return null;
            }
            String host = spec.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                problems.add(at + ": '" + spec + "': the port is not a number");
                return null;
            }
            if (port < 0 || port > 65_535) {
                problems.add(at + ": '" + spec + "': port outside 0-65535");
                return null;
            }
            InetSocketAddress a = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            if (a.isUnresolved()) {
                problems.add(at + ": unknown host '" + host + "'");
                return null;
            }
            return a;
        }

        void keys(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                String k = it.next().getKey();
                if (!known.contains(k)) {
                    problems.add(prefix + k + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }
    }
}
