package io.statewall.asma.orchestration;

import io.statewall.asma.NmaControl;
import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Document;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.NmaRecord;
import io.statewall.asma.store.Nmas;
import io.statewall.asma.store.Pushes;
import io.statewall.asma.store.Store;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineFormatException;
import io.statewall.engine.policy.Finding;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.policy.PolicyVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushes stored policy and baseline versions to sets of NMAs, and rolls a push back.
 *
 * <p>A policy is checked first exactly as {@code statewall policy check} does (the engine's
 * loader, then its verifier): a version with errors is refused with the findings and sent to
 * nobody. A baseline is read by the engine's baseline reader. Then every NMA of the set gets it
 * at once; each answer (in force, refused with the NMA's reason, not connected, no answer) is
 * recorded in one push record with the version each NMA had before, and audited, in one
 * transaction. A rollback pushes to the NMAs of a push the version each had before it, and is a
 * push of its own.
 */
public final class Orchestrator {
    /** The version does not pass the check; nothing was sent. */
    public static final class CheckFailed extends Exception {
        private final List<String> findings;

        CheckFailed(String message, List<String> findings) {
            super(message);
            this.findings = List.copyOf(findings);
        }

        public List<String> findings() {
            return findings;
        }
    }

    private final Store store;
    private final NmaControl control;
    private final Duration answerTimeout;

    public Orchestrator(Store store, NmaControl control, Duration answerTimeout) {
        this.store = store;
        this.control = control;
        this.answerTimeout = answerTimeout;
    }

    /**
     * Checks and pushes {@code kind} version {@code version} to {@code nmas} (null: every NMA the
     * ASMA knows).
     *
     * @throws CheckFailed            the version does not pass the check (audited, nothing sent)
     * @throws IllegalArgumentException no such version or NMA
     */
    public Pushes.Push push(String actor, String remote, String kind, int version, List<String> nmas) throws CheckFailed {
        Document d = new Documents(store).get(kind, version)
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " version " + version));
        Set<String> targets = targets(nmas);
        try {
            check(d);
        } catch (CheckFailed e) {
            Store.join(store.write(c -> AuditLog.append(c, actor, "push." + kind, kind + " v" + version + " to "
                    + String.join(", ", targets), "refused", e.getMessage(), remote)));
            throw e;
        }
        Map<String, Integer> versions = new LinkedHashMap<>();
        targets.forEach(n -> versions.put(n, version));
        return deliver(actor, remote, kind, version, null, versions);
    }

    /** Pushes to the NMAs of push {@code id} the version each had before it. */
    public Pushes.Push rollback(String actor, String remote, long id) {
        Pushes.Push p = new Pushes(store).get(id).orElseThrow(() -> new IllegalArgumentException("no push " + id));
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Pushes.Target t : p.targets()) {
            if (t.status().equals("ok")) {
                versions.put(t.nma(), t.previous());
            }
        }
        return deliver(actor, remote, p.kind(), null, id, versions);
    }

    /** Sends each NMA its version (null: nothing known to send), records and audits the answers. */
    private Pushes.Push deliver(String actor, String remote, String kind, Integer version, Long rollbackOf,
                                Map<String, Integer> versions) {
        Set<String> connected = control.connected();
        Map<String, CompletableFuture<NmaControl.Result>> pending = new LinkedHashMap<>();
        Map<String, Integer> previous = new LinkedHashMap<>();
        Documents documents = new Documents(store);
        List<Pushes.Target> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : versions.entrySet()) {
            String nma = e.getKey();
            previous.put(nma, inForce(nma, kind).orElse(null));
            if (e.getValue() == null) {
                out.add(new Pushes.Target(nma, null, previous.get(nma), "skipped",
                        "the version it had before is not known"));
            } else if (!connected.contains(nma)) {
                out.add(new Pushes.Target(nma, e.getValue(), previous.get(nma), "not_connected", "not connected"));
            } else {
                Document d = documents.get(kind, e.getValue()).orElseThrow(() -> new IllegalArgumentException(
                        "no " + kind + " version " + e.getValue()));
                String v = String.valueOf(d.version());
                pending.put(nma, control.send(nma, kind.equals("policy") ? new NmaControl.Order.PushPolicy(v, d.content())
                        : new NmaControl.Order.PushBaseline(v, d.content())));
            }
        }
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        pending.forEach((nma, f) -> {
            String status;
            String detail;
            try {
                NmaControl.Result r = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                status = r.ok() ? "ok" : "refused";
                detail = r.detail();
            } catch (TimeoutException e) {
                status = "no_answer";
                detail = "no answer within " + answerTimeout.toSeconds() + " s";
            } catch (ExecutionException e) {
                status = "failed";
                detail = e.getCause() == null ? "failed" : e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = "failed";
                detail = "interrupted";
            }
            out.add(new Pushes.Target(nma, versions.get(nma), previous.get(nma), status, detail));
        });
        out.sort(java.util.Comparator.comparing(Pushes.Target::nma));
        String action = rollbackOf == null ? "push." + kind : "push.rollback";
        long ok = out.stream().filter(t -> t.status().equals("ok")).count();
        String what = rollbackOf == null ? kind + " v" + version : kind + " push " + rollbackOf + " rolled back";
        StringBuilder detail = new StringBuilder();
        out.forEach(t -> detail.append(detail.isEmpty() ? "" : "; ").append(t.nma()).append(": ").append(t.status())
                .append(t.version() == null ? "" : " v" + t.version()));
        long id = Store.join(store.write(c -> {
            long pushId = Pushes.add(c, actor, kind, version, rollbackOf, out);
            AuditLog.append(c, actor, action, what + " (push " + pushId + ")", ok == out.size() ? "ok" : "partial",
                    detail.toString(), remote);
            return pushId;
        }));
        return new Pushes(store).get(id).orElseThrow();
    }

    /**
     * The stored version in force on an NMA: from the last successful push, else from its last
     * heartbeat, which reports a pushed version's number or, for the NMA's own file, {@code file:}
     * and the first 12 hex digits of its SHA-256 (matched against the stored versions' digests).
     */
    private Optional<Integer> inForce(String nma, String kind) {
        Optional<Integer> pushed = new Pushes(store).lastInForce(nma, kind);
        if (pushed.isPresent()) {
            return pushed;
        }
        String v = new Nmas(store).get(nma).map(n -> kind.equals("policy") ? n.policyVersion() : n.baselineVersion())
                .orElse(null);
        if (v == null) {
            return Optional.empty();
        }
        List<Document> stored = new Documents(store).list(kind);
        if (v.startsWith("file:") && v.length() > 5) {
            String prefix = v.substring(5);
            return stored.stream().filter(d -> d.sha256().startsWith(prefix)).map(Document::version).findFirst();
        }
        return stored.stream().filter(d -> String.valueOf(d.version()).equals(v.strip())).map(Document::version).findFirst();
    }

    private Set<String> targets(List<String> nmas) {
        Set<String> known = new TreeSet<>();
        new Nmas(store).list().forEach(n -> known.add(n.name()));
        known.remove(PlantSupervisor.SELF);
        if (nmas == null) {
            if (known.isEmpty()) {
                throw new IllegalArgumentException("no NMA is known yet");
            }
            return known;
        }
        Set<String> out = new TreeSet<>();
        for (String n : nmas) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("no NMA named '" + n + "'");
            }
            out.add(n);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'nmas': at least one NMA, or \"all\"");
        }
        return out;
    }

    /** What {@code statewall policy check} runs (loader, then verifier errors); a baseline must read. */
    static void check(Document d) throws CheckFailed {
        String source = d.kind() + " v" + d.version();
        if (d.kind().equals("policy")) {
            Policy policy;
            try {
                policy = PolicyLoader.parse(d.content(), source);
            } catch (PolicyException e) {
                throw new CheckFailed(source + " does not load: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"), e.lines());
            }
            List<String> errors = PolicyVerifier.verify(policy).stream()
                    .filter(f -> f.severity() == Finding.Severity.ERROR).map(f -> f.format(source)).toList();
            if (!errors.isEmpty()) {
                throw new CheckFailed(source + " fails the policy check: " + errors.size() + " errors", errors);
            }
        } else {
            try {
                BaselineFile.parse(d.content(), source);
            } catch (BaselineFormatException e) {
                throw new CheckFailed(source + " does not read: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"), e.lines());
            }
        }
    }
}
