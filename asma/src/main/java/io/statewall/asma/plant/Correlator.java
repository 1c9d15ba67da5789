package io.statewall.asma.plant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Joins the alerts of several NMAs, across zones and time, into campaign alerts (the plant
 * model's {@code correlations}):
 * <ul>
 *   <li>a <b>sequence</b>: an alert matching {@code first} on one NMA, then, within the window,
 *       one matching {@code then} on another NMA (reconnaissance in one zone, a write in
 *       another), optionally from the same source;</li>
 *   <li>a <b>spread</b>: one source alerted on by at least N distinct NMAs within the window.</li>
 * </ul>
 * Each campaign is one alert per window (per rule, source and pair of NMAs), pointing at the
 * stored events it joins; the alerts behind it go on being stored as they are.
 *
 * <p>Memory is bounded: at most {@value #MAX_REMEMBERED} remembered alerts per rule, the oldest
 * forgotten first, and everything older than the rule's window is dropped as time passes.
 *
 * <p>Not thread-safe: the ASMA calls it from one thread.
 */
public final class Correlator {
    static final int MAX_REMEMBERED = 10_000;

    private final PlantModel model;
    private final Map<String, Deque<NmaAlert>> firsts = new HashMap<>();
    private final Map<String, Long> raisedUntil = new HashMap<>();

    public Correlator(PlantModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** @return the campaign alerts {@code alert} completes */
    public List<PlantAlert> onAlert(NmaAlert alert, String plantState) {
        List<PlantAlert> out = new ArrayList<>();
        for (PlantModel.Correlation c : model.correlations()) {
            Deque<NmaAlert> recent = firsts.computeIfAbsent(c.id(), k -> new ArrayDeque<>());
            long window = c.within().toNanos();
            forgetBefore(recent, alert.timeNanos() - window);
            switch (c) {
                case PlantModel.Correlation.Sequence s -> {
                    if (s.then().matches(alert)) {
                        for (NmaAlert f : recent) {
                            if (s.first().matches(f) && !f.nma().equals(alert.nma()) && f.timeNanos() <= alert.timeNanos()
                                    && (!s.sameSource() || Objects.equals(f.srcIp(), alert.srcIp()))) {
                                String key = s.id() + "|" + f.nma() + "|" + alert.nma() + "|" + (s.sameSource() ? alert.srcIp() : "");
                                if (raise(key, alert.timeNanos(), window)) {
                                    out.add(new PlantAlert(alert.timeNanos(), "correlation", s.id(), signature(s), s.severity(),
                                            plantState, s.attack(), List.of(f.nma(), alert.nma()),
                                            "a " + describe(s.first()) + " alert on one NMA, then a " + describe(s.then())
                                                    + " alert on another within " + s.within().toSeconds() + " s",
                                            f.nma() + ": " + f.signature() + " (" + f.srcIp() + " > " + f.destIp() + "); then "
                                                    + alert.nma() + ": " + alert.signature() + " (" + alert.srcIp() + " > "
                                                    + alert.destIp() + "), " + (alert.timeNanos() - f.timeNanos()) / 1_000_000
                                                    + " ms later",
                                            s.description(), ids(f, alert), alert.srcIp()));
                                }
                                break;
                            }
                        }
                    }
                    if (s.first().matches(alert)) {
                        remember(recent, alert);
                    }
                }
                case PlantModel.Correlation.Spread sp -> {
                    if (alert.srcIp() == null) {
                        continue;
                    }
                    remember(recent, alert);
                    Map<String, NmaAlert> byNma = new TreeMap<>();
                    for (NmaAlert a : recent) {
                        if (alert.srcIp().equals(a.srcIp())) {
                            byNma.put(a.nma(), a);
                        }
                    }
                    if (byNma.size() >= sp.nmas() && raise(sp.id() + "|" + alert.srcIp(), alert.timeNanos(), window)) {
                        List<Long> events = new ArrayList<>();
                        byNma.values().forEach(a -> {
                            if (a.eventId() != 0) {
                                events.add(a.eventId());
                            }
                        });
                        out.add(new PlantAlert(alert.timeNanos(), "correlation", sp.id(), signature(sp), sp.severity(),
                                plantState, sp.attack(), List.copyOf(byNma.keySet()),
                                "alerts on one source from fewer than " + sp.nmas() + " NMAs within " + sp.within().toSeconds() + " s",
                                alert.srcIp() + " alerted on by " + byNma.size() + " NMAs: " + String.join(", ", byNma.keySet()),
                                sp.description(), events, alert.srcIp()));
                    }
                }
            }
        }
        return out;
    }

    private static String signature(PlantModel.Correlation c) {
        return c.description() == null || c.description().isEmpty() ? "Campaign across NMAs: " + c.id() : c.description();
    }

    private static String describe(PlantModel.AlertMatch m) {
        List<String> parts = new ArrayList<>();
        if (!m.attack().isEmpty()) {
            parts.add(String.join("/", m.attack()));
        }
        if (!m.detectors().isEmpty()) {
            parts.add(String.join("/", m.detectors()));
        }
        if (m.blocked() != null) {
            parts.add(m.blocked() ? "blocked" : "allowed");
        }
        return parts.isEmpty() ? "any" : String.join(" ", parts);
    }

    private static List<Long> ids(NmaAlert... alerts) {
        List<Long> out = new ArrayList<>();
        for (NmaAlert a : alerts) {
            if (a.eventId() != 0) {
                out.add(a.eventId());
            }
        }
        return out;
    }

    /** True (and remembered) unless the same campaign was raised within its window. */
    private boolean raise(String key, long nowNanos, long windowNanos) {
        Long until = raisedUntil.get(key);
        if (until != null && nowNanos < until) {
            return false;
        }
        raisedUntil.put(key, nowNanos + windowNanos);
        if (raisedUntil.size() > MAX_REMEMBERED) {
            raisedUntil.values().removeIf(u -> u <= nowNanos);
        }
        return true;
    }

    private static void remember(Deque<NmaAlert> recent, NmaAlert a) {
        recent.addLast(a);
        while (recent.size() > MAX_REMEMBERED) {
            recent.removeFirst();
        }
    }

    private static void forgetBefore(Deque<NmaAlert> recent, long oldest) {
        for (Iterator<NmaAlert> it = recent.iterator(); it.hasNext(); ) {
            if (it.next().timeNanos() < oldest) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** NMAs named in the remembered alerts (for tests and diagnostics). */
    Set<String> rememberedNmas() {
        Set<String> out = new HashSet<>();
        firsts.values().forEach(d -> d.forEach(a -> out.add(a.nma())));
        return out;
    }
}
