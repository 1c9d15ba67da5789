package io.statewall.asma;

import io.statewall.asma.auth.Passwords;
import io.statewall.asma.auth.Role;
import io.statewall.asma.auth.UserRecord;
import io.statewall.asma.export.ExportFilter;
import io.statewall.asma.export.SyslogExporter;
import io.statewall.asma.store.StoreOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The ASMA's configuration ({@code statewall asma --config FILE}); every key is optional and
 * {@link #DEFAULT} is what runs without a file. Paths are relative to the file.
 *
 * <pre>
 * statewall-asma: 1
 * data_dir: statewall-data                # asma.db, the API's certificate, the link's CA
 * store:   { sync: full, readers: 4, compress: false }   # sync: full (acknowledged = on disk) | normal
 *                                         # process_history: 30d (default) | forever: how long trends are kept
 * api:
 *   listen: 127.0.0.1:8443
 *   tls: self-signed                      # self-signed | off | { cert: api.crt, key: api.key }
 *   session_ttl: 8h
 *   metrics_public: false                 # /metrics without a token
 * nma_stale_after: 30s                    # connected but silent for longer: "stale"
 * link: { listen: 0.0.0.0:7443 }          # or link: off
 * plant_policy: thermal-power-unit.yaml   # stored as a policy version when it changes
 * plant: thermal-power-unit.plant.yaml    # plant-wide state fusion, cross-checks, correlation (none without)
 * users:
 *   - { name: alice, role: admin, password_hash: "pbkdf2-sha256$600000$..." }
 * tokens:                                 # API tokens kept in this file (statewall asma --new-token)
 *   - { name: prometheus, role: viewer, sha256: 9f86d0... }
 * exports:
 *   - { name: siem, type: syslog, transport: tcp, address: 192.0.2.10:6514, facility: local4,
 *       types: [alert], max_severity: 3, queue: 10000 }
 *   - { name: archive, type: eve_file, path: /var/log/statewall/asma-eve.json, types: [alert, state] }
 *   - { name: soar, type: webhook, url: "https://soar.example/hook", authorization: "Bearer …", types: [alert] }
 * </pre>
 * Every problem is reported with the path of the key at fault; unknown keys are errors.
 */
public record AsmaConfig(Path dataDir, StoreOptions store, InetSocketAddress apiListen, Tls tls, Duration sessionTtl,
                         boolean metricsPublic, Duration nmaStaleAfter, InetSocketAddress linkListen, Path plantPolicy,
                         Map<String, UserRecord> users, List<ConfigToken> tokens, List<ExportSpec> exports, Path plant) {

    public static final InetSocketAddress DEFAULT_API = new InetSocketAddress("127.0.0.1", 8443);
    public static final InetSocketAddress DEFAULT_LINK = new InetSocketAddress(7443);
    public static final AsmaConfig DEFAULT = new AsmaConfig(Path.of("statewall-data"), StoreOptions.DEFAULT, DEFAULT_API,
            Tls.SELF_SIGNED, Duration.ofHours(8), false, Duration.ofSeconds(30), DEFAULT_LINK, null, Map.of(), List.of(),
            List.of(), null);

    public AsmaConfig {
        users = Map.copyOf(users);
        tokens = List.copyOf(tokens);
        exports = List.copyOf(exports);
    }

    /** How the API speaks TLS: a self-signed certificate in the data directory, given PEM files, or not at all. */
    public record Tls(Mode mode, Path cert, Path key) {
        public enum Mode { SELF_SIGNED, FILES, OFF }

        public static final Tls SELF_SIGNED = new Tls(Mode.SELF_SIGNED, null, null);
        public static final Tls OFF = new Tls(Mode.OFF, null, null);
    }

    /** An API token defined in the file by the SHA-256 of its secret. */
    public record ConfigToken(String name, Role role, String sha256) {
    }

    /** One export. */
    public sealed interface ExportSpec {
        String name();

        ExportFilter filter();

        int queue();
    }

    public record SyslogSpec(String name, ExportFilter filter, int queue, SyslogExporter.Transport transport,
                             InetSocketAddress address, int facility) implements ExportSpec {
    }

    public record EveFileSpec(String name, ExportFilter filter, int queue, Path path) implements ExportSpec {
    }

    public record WebhookSpec(String name, ExportFilter filter, int queue, URI url, String authorization,
                              Duration initialBackoff, Duration maxBackoff, int maxAttempts) implements ExportSpec {
    }

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

    public AsmaConfig withDataDir(Path d) {
        return new AsmaConfig(d, store, apiListen, tls, sessionTtl, metricsPublic, nmaStaleAfter, linkListen, plantPolicy,
                users, tokens, exports, plant);
    }

    public AsmaConfig withApi(InetSocketAddress listen, Tls t) {
        return new AsmaConfig(dataDir, store, listen, t, sessionTtl, metricsPublic, nmaStaleAfter, linkListen, plantPolicy,
                users, tokens, exports, plant);
    }

    public AsmaConfig withLink(InetSocketAddress listen) {
        return new AsmaConfig(dataDir, store, apiListen, tls, sessionTtl, metricsPublic, nmaStaleAfter, listen, plantPolicy,
                users, tokens, exports, plant);
    }

    public AsmaConfig withExports(List<ExportSpec> e) {
        return new AsmaConfig(dataDir, store, apiListen, tls, sessionTtl, metricsPublic, nmaStaleAfter, linkListen,
                plantPolicy, users, tokens, e, plant);
    }

    /** With the ASMA's plant file (plant-wide states, cross-checks, correlations), or null for none. */
    public AsmaConfig withPlant(Path p) {
        return new AsmaConfig(dataDir, store, apiListen, tls, sessionTtl, metricsPublic, nmaStaleAfter, linkListen,
                plantPolicy, users, tokens, exports, p);
    }

    public AsmaConfig withUsers(Map<String, UserRecord> u) {
        return new AsmaConfig(dataDir, store, apiListen, tls, sessionTtl, metricsPublic, nmaStaleAfter, linkListen,
                plantPolicy, u, tokens, exports, plant);
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Map<String, Integer> FACILITIES = facilities();

    public static AsmaConfig load(Path file) throws IOException, ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ConfigException(file, List.of("YAML syntax at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        }
        Reader r = new Reader(file.toAbsolutePath().getParent());
        AsmaConfig c = r.read(root);
        if (!r.problems.isEmpty()) {
            throw new ConfigException(file, r.problems);
        }
        return c;
    }

    private static final class Reader {
        final List<String> problems = new ArrayList<>();
        final Path base;

        Reader(Path base) {
            this.base = base;
        }

        AsmaConfig read(JsonNode root) {
            if (root == null || !root.isObject()) {
                problems.add("the file is a mapping with 'statewall-asma: 1' first");
                return null;
            }
            keys(root, "", "statewall-asma", "data_dir", "store", "api", "nma_stale_after", "link", "plant_policy",
                    "users", "tokens", "exports", "plant");
            JsonNode version = root.get("statewall-asma");
            if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() != 1) {
                problems.add("statewall-asma: 1 expected (the format version)");
            }
            AsmaConfig d = DEFAULT;
            Path dataDir = base.resolve(d.dataDir());
            if (root.has("data_dir")) {
                dataDir = path(root.get("data_dir"), "data_dir", dataDir);
            }
            StoreOptions store = store(root.get("store"));
            InetSocketAddress api = d.apiListen();
            Tls tls = d.tls();
            Duration ttl = d.sessionTtl();
            boolean metricsPublic = d.metricsPublic();
            JsonNode a = root.get("api");
            if (a != null) {
                if (!a.isObject()) {
                    problems.add("api: a mapping expected");
                } else {
                    keys(a, "api.", "listen", "tls", "session_ttl", "metrics_public");
                    if (a.has("listen")) {
                        api = address(a.get("listen"), "api.listen", api);
                    }
                    if (a.has("tls")) {
                        tls = tls(a.get("tls"));
                    }
                    if (a.has("session_ttl")) {
                        ttl = duration(a.get("session_ttl"), "api.session_ttl", ttl);
                    }
                    if (a.has("metrics_public")) {
                        metricsPublic = bool(a.get("metrics_public"), "api.metrics_public", metricsPublic);
                    }
                }
            }
            Duration stale = d.nmaStaleAfter();
            if (root.has("nma_stale_after")) {
                stale = duration(root.get("nma_stale_after"), "nma_stale_after", stale);
            }
            InetSocketAddress link = d.linkListen();
            JsonNode l = root.get("link");
            if (l != null) {
                if (l.isString() && l.asString().equals("off") || l.isBoolean() && !l.asBoolean()) {
                    link = null;
                } else if (!l.isObject()) {
                    problems.add("link: a mapping { listen: HOST:PORT } or 'off' expected");
                } else {
                    keys(l, "link.", "listen");
                    if (l.has("listen")) {
                        link = address(l.get("listen"), "link.listen", link);
                    }
                }
            }
            Path plant = root.has("plant_policy") ? path(root.get("plant_policy"), "plant_policy", null) : null;
            if (plant != null && !Files.isRegularFile(plant)) {
                problems.add("plant_policy: " + plant + " is not a readable file");
            }
            Path plantFile = root.has("plant") ? path(root.get("plant"), "plant", null) : null;
            if (plantFile != null && !Files.isRegularFile(plantFile)) {
                problems.add("plant: " + plantFile + " is not a readable file");
            }
            return new AsmaConfig(dataDir, store, api, tls, ttl, metricsPublic, stale, link, plant, users(root.get("users")),
                    tokens(root.get("tokens")), exports(root.get("exports")), plantFile);
        }

        StoreOptions store(JsonNode s) {
            StoreOptions d = StoreOptions.DEFAULT;
            if (s == null) {
                return d;
            }
            if (!s.isObject()) {
                problems.add("store: a mapping { sync, readers, compress, process_history } expected");
                return d;
            }
            keys(s, "store.", "sync", "readers", "compress", "process_history");
            boolean full = d.fullSync();
            JsonNode sync = s.get("sync");
            if (sync != null) {
                if (sync.isString() && (sync.asString().equals("full") || sync.asString().equals("normal"))) {
                    full = sync.asString().equals("full");
                } else {
                    problems.add("store.sync: 'full' or 'normal' expected, found '" + sync.asString() + "'");
                }
            }
            int readers = s.has("readers") ? number(s.get("readers"), "store.readers", 1, 64, d.readers()) : d.readers();
            boolean compress = s.has("compress") ? bool(s.get("compress"), "store.compress", d.compress()) : d.compress();
            java.time.Duration keep = d.processHistory();
            JsonNode history = s.get("process_history");
            if (history != null) {
                if (history.isString() && history.asString().equals("forever")) {
                    keep = null;
                } else {
                    keep = duration(history, "store.process_history", keep);
                }
            }
            return new StoreOptions(full, readers, d.maxGroupRecords(), d.queueCapacity(), compress, keep);
        }

        Tls tls(JsonNode t) {
            if (t.isString()) {
                switch (t.asString()) {
                    case "self-signed" -> {
                        return Tls.SELF_SIGNED;
                    }
                    case "off" -> {
                        return Tls.OFF;
                    }
                    default -> {
                        problems.add("api.tls: 'self-signed', 'off' or { cert, key } expected, found '" + t.asString() + "'");
                        return Tls.SELF_SIGNED;
                    }
                }
            }
            if (t.isBoolean() && !t.asBoolean()) {
                return Tls.OFF;
            }
            if (!t.isObject()) {
                problems.add("api.tls: 'self-signed', 'off' or { cert, key } expected");
                return Tls.SELF_SIGNED;
            }
            keys(t, "api.tls.", "cert", "key");
            Path cert = path(t.get("cert"), "api.tls.cert", null);
            Path key = path(t.get("key"), "api.tls.key", null);
            for (Path p : new Path[] {cert, key}) {
                if (p != null && !Files.isRegularFile(p)) {
                    problems.add("api.tls: " + p + " is not a readable file");
                }
            }
            return new Tls(Tls.Mode.FILES, cert, key);
        }

        Map<String, UserRecord> users(JsonNode u) {
            Map<String, UserRecord> out = new LinkedHashMap<>();
            if (u == null) {
                return out;
            }
            if (!u.isArray()) {
                problems.add("users: a list of { name, role, password_hash } expected");
                return out;
            }
            for (int i = 0; i < u.size(); i++) {
                JsonNode n = u.get(i);
                String at = "users[" + i + "]";
                if (!n.isObject()) {
                    problems.add(at + ": a mapping { name, role, password_hash } expected");
                    continue;
                }
                keys(n, at + ".", "name", "role", "password_hash");
                String name = name(n.get("name"), at + ".name");
                Role role = role(n.get("role"), at + ".role");
                JsonNode h = n.get("password_hash");
                String hash = h != null && h.isString() ? h.asString() : null;
                if (hash == null || !Passwords.wellFormed(hash)) {
                    problems.add(at + ".password_hash: a hash from 'statewall asma --hash-password' expected"
                            + " (pbkdf2-sha256$ITERATIONS$SALT$HASH)");
                }
                if (name != null && out.containsKey(name)) {
                    problems.add(at + ".name: '" + name + "' names two users");
                }
                if (name != null && role != null && hash != null) {
                    out.put(name, new UserRecord(name, role, hash, "config"));
                }
            }
            return out;
        }

        List<ConfigToken> tokens(JsonNode t) {
            List<ConfigToken> out = new ArrayList<>();
            if (t == null) {
                return out;
            }
            if (!t.isArray()) {
                problems.add("tokens: a list of { name, role, sha256 } expected");
                return out;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < t.size(); i++) {
                JsonNode n = t.get(i);
                String at = "tokens[" + i + "]";
                if (!n.isObject()) {
                    problems.add(at + ": a mapping { name, role, sha256 } expected");
                    continue;
                }
                keys(n, at + ".", "name", "role", "sha256");
                String name = name(n.get("name"), at + ".name");
                Role role = role(n.get("role"), at + ".role");
                JsonNode h = n.get("sha256");
                String sha = h != null && h.isString() ? h.asString().toLowerCase(Locale.ROOT) : null;
                if (sha == null || !sha.matches("[0-9a-f]{64}")) {
                    problems.add(at + ".sha256: the token's SHA-256 in hex (64 digits; 'statewall asma --new-token')");
                    sha = null;
                }
                if (name != null && !names.add(name)) {
                    problems.add(at + ".name: '" + name + "' names two tokens");
                }
                if (name != null && role != null && sha != null) {
                    out.add(new ConfigToken(name, role, sha));
                }
            }
            return out;
        }

        List<ExportSpec> exports(JsonNode e) {
            List<ExportSpec> out = new ArrayList<>();
            if (e == null) {
                return out;
            }
            if (!e.isArray()) {
                problems.add("exports: a list expected");
                return out;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < e.size(); i++) {
                JsonNode n = e.get(i);
                String at = "exports[" + i + "]";
                if (!n.isObject()) {
                    problems.add(at + ": a mapping { name, type, … } expected");
                    continue;
                }
                String name = n.has("name") ? name(n.get("name"), at + ".name") : "export-" + (i + 1);
                if (name != null && !names.add(name)) {
                    problems.add(at + ".name: '" + name + "' names two exports");
                }
                JsonNode type = n.get("type");
                String t = type != null && type.isString() ? type.asString() : "";
                ExportFilter filter = filter(n, at);
                int queue = n.has("queue") ? number(n.get("queue"), at + ".queue", 1, 10_000_000, 10_000) : 10_000;
                switch (t) {
                    case "syslog" -> {
                        keys(n, at + ".", "name", "type", "types", "max_severity", "queue", "transport", "address",
                                "facility");
                        JsonNode tr = n.get("transport");
                        SyslogExporter.Transport transport = SyslogExporter.Transport.UDP;
                        if (tr != null) {
                            if (tr.isString() && (tr.asString().equals("udp") || tr.asString().equals("tcp"))) {
                                transport = SyslogExporter.Transport.valueOf(tr.asString().toUpperCase(Locale.ROOT));
                            } else {
                                problems.add(at + ".transport: 'udp' or 'tcp' expected, found '" + tr.asString() + "'");
                            }
                        }
                        InetSocketAddress address = address(n.get("address"), at + ".address", null);
                        int facility = 16;
                        JsonNode f = n.get("facility");
                        if (f != null) {
                            Integer v = f.isString() ? FACILITIES.get(f.asString()) : null;
                            if (v == null) {
                                problems.add(at + ".facility: one of " + String.join(", ", new TreeSet<>(FACILITIES.keySet()))
                                        + " expected, found '" + f.asString() + "'");
                            } else {
                                facility = v;
                            }
                        }
                        out.add(new SyslogSpec(name, filter, queue, transport, address, facility));
                    }
                    case "eve_file" -> {
                        keys(n, at + ".", "name", "type", "types", "max_severity", "queue", "path");
                        out.add(new EveFileSpec(name, filter, queue, path(n.get("path"), at + ".path", null)));
                    }
                    case "webhook" -> {
                        keys(n, at + ".", "name", "type", "types", "max_severity", "queue", "url", "authorization",
                                "retry");
                        URI url = null;
                        JsonNode u = n.get("url");
                        try {
                            url = u != null && u.isString() ? new URI(u.asString()) : null;
                        } catch (URISyntaxException ex) {
                            url = null;
                        }
                        if (url == null || url.getHost() == null
                                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                            problems.add(at + ".url: an http:// or https:// URL expected");
                        }
                        JsonNode auth = n.get("authorization");
                        Duration initial = Duration.ofSeconds(1);
                        Duration max = Duration.ofMinutes(1);
                        int attempts = 10;
                        JsonNode retry = n.get("retry");
                        if (retry != null) {
                            if (!retry.isObject()) {
                                problems.add(at + ".retry: a mapping { initial, max, attempts } expected");
                            } else {
                                keys(retry, at + ".retry.", "initial", "max", "attempts");
                                if (retry.has("initial")) {
                                    initial = duration(retry.get("initial"), at + ".retry.initial", initial);
                                }
                                if (retry.has("max")) {
                                    max = duration(retry.get("max"), at + ".retry.max", max);
                                }
                                if (retry.has("attempts")) {
                                    attempts = number(retry.get("attempts"), at + ".retry.attempts", 1, 1_000_000, attempts);
                                }
                            }
                        }
                        out.add(new WebhookSpec(name, filter, queue, url, auth != null && auth.isString() ? auth.asString()
                                : null, initial, max, attempts));
                    }
                    default -> problems.add(at + ".type: 'syslog', 'eve_file' or 'webhook' expected, found '" + t + "'");
                }
            }
            return out;
        }

        ExportFilter filter(JsonNode n, String at) {
            Set<String> types = Set.of("alert");
            JsonNode t = n.get("types");
            if (t != null) {
                if (!t.isArray() || t.isEmpty()) {
                    problems.add(at + ".types: a list of event types such as [alert, state] expected");
                } else {
                    Set<String> s = new HashSet<>();
                    t.forEach(x -> s.add(x.asString()));
                    types = s;
                }
            }
            int max = n.has("max_severity") ? number(n.get("max_severity"), at + ".max_severity", 1, 3, 3) : 3;
            return new ExportFilter(types, max);
        }

        String name(JsonNode n, String at) {
            if (n == null || !n.isString() || !NAME.matcher(n.asString()).matches()) {
                problems.add(at + ": a name (letters, digits, . _ @ -; at most 64) expected");
                return null;
            }
            return n.asString();
        }

        Role role(JsonNode n, String at) {
            Role r = n != null && n.isString() ? Role.parse(n.asString()) : null;
            if (r == null) {
                problems.add(at + ": viewer, operator or admin expected");
            }
            return r;
        }

        Path path(JsonNode n, String at, Path fallback) {
            if (n == null || !n.isString() || n.asString().isBlank()) {
                problems.add(at + ": a file or directory name expected");
                return fallback;
            }
            return base.resolve(n.asString()).normalize();
        }

        boolean bool(JsonNode n, String at, boolean fallback) {
            if (!n.isBoolean()) {
                problems.add(at + ": true or false expected");
                return fallback;
            }
            return n.asBoolean();
        }

        int number(JsonNode n, String at, int min, int max, int fallback) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                problems.add(at + ": a whole number from " + min + " to " + max + " expected, found '" + n.asString() + "'");
                return fallback;
            }
            return n.asInt();
        }

        Duration duration(JsonNode n, String at, Duration fallback) {
            Duration d = n.isString() ? io.statewall.engine.policy.Durations.parse(n.asString()) : null;
            if (d == null || d.isZero()) {
                problems.add(at + ": a duration such as 250ms, 5s, 2m, 8h or 1d expected, found '" + n.asString() + "'");
                return fallback;
            }
            return d;
        }

        InetSocketAddress address(JsonNode n, String at, InetSocketAddress fallback) {
            if (n == null || !n.isString()) {
                problems.add(at + ": HOST:PORT expected");
                return fallback;
            }
            String spec = n.asString();
            int colon = spec.lastIndexOf(':');
            if (colon < 0) {
                problems.add(at + ": '" + spec + "' is not HOST:PORT");
                return fallback;
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
                return fallback;
            }
            if (port < 0 || port > 65_535) {
                problems.add(at + ": '" + spec + "': port outside 0-65535");
                return fallback;
            }
            InetSocketAddress a = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            if (a.isUnresolved()) {
                problems.add(at + ": unknown host '" + host + "'");
                return fallback;
            }
            return a;
        }

        void keys(JsonNode node, String prefix, String... known) {
            Set<String> k = Set.of(known);
            for (var e : node.properties()) {
                if (!k.contains(e.getKey())) {
                    problems.add(prefix + e.getKey() + ": unknown key (known: " + String.join(", ", new TreeSet<>(k)) + ")");
                }
            }
        }
    }

    private static Map<String, Integer> facilities() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
            "ftp", "ntp", "audit", "alert", "clock"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        for (int i = 0; i < 8; i++) {
            m.put("local" + i, 16 + i);
        }
        return Map.copyOf(m);
    }
}
