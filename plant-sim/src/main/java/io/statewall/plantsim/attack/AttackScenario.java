package io.statewall.plantsim.attack;

import io.statewall.plantsim.Controller;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scenario of the attack campaign: what it is (id, title, ATT&amp;CK for ICS techniques), when
 * it starts, who attacks what, and what an inline NMA enforcing {@code examples/thermal-power-unit.yaml}
 * is expected to do with it. {@link #run} carries it out against the controllers or an NMA in front
 * of them; {@link Campaign} times the runs.
 */
public final class AttackScenario {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern TECHNIQUE = Pattern.compile("T0[0-9]{3}");

    private final String id;
    private final String title;
    private final List<String> techniques;
    private final double at;
    private final double duration;
    private final String phase;
    private final Attacker attacker;
    private final List<Controller> targets;
    private final Expectation expected;
    private final String description;
    private final Attack attack;

    AttackScenario(String id, String title, List<String> techniques, double at, double duration, String phase,
                   Attacker attacker, List<Controller> targets, Expectation expected, String description,
                   Attack attack) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a scenario id is kebab-case: " + id);
        }
        if (techniques.isEmpty() || !techniques.stream().allMatch(t -> TECHNIQUE.matcher(t).matches())) {
            throw new IllegalArgumentException(id + ": ATT&CK for ICS technique ids are T0nnn: " + techniques);
        }
        if (!(at >= 0) || !(duration >= 0) || Double.isInfinite(at + duration)) {
            throw new IllegalArgumentException(id + ": start and duration are finite plant times");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(id + ": a scenario has a target");
        }
        this.id = id;
        this.title = Objects.requireNonNull(title, "title");
        this.techniques = List.copyOf(techniques);
        this.at = at;
        this.duration = duration;
        this.phase = Objects.requireNonNull(phase, "phase");
        this.attacker = Objects.requireNonNull(attacker, "attacker");
        this.targets = List.copyOf(targets);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.description = Objects.requireNonNull(description, "description");
        this.attack = Objects.requireNonNull(attack, "attack");
    }

    /** Kebab-case, unique in a campaign. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** MITRE ATT&amp;CK for ICS technique ids, e.g. {@code T0855}. */
    public List<String> techniques() {
        return techniques;
    }

    /** Plant seconds after the operating scenario's start ({@code Scenario.normalOperation(true)}) at which it starts. */
    public double at() {
        return at;
    }

    /**
     * About how many plant seconds it lasts at the default time scale when answers come promptly
     * (0 for a handful of requests).
     */
    public double duration() {
        return duration;
    }

    /** The operating state (as the example policy names it) the plant is meant to be in meanwhile. */
    public String phase() {
        return phase;
    }

    public Attacker attacker() {
        return attacker;
    }

    /** The controllers it aims at. */
    public List<Controller> targets() {
        return targets;
    }

    public Expectation expected() {
        return expected;
    }

    /** One line. */
    public String description() {
        return description;
    }

    /**
     * Carries the scenario out now against {@code context}'s targets from {@code context}'s hosts
     * (waiting for it to be due is the caller's business). Network trouble is counted in the
     * outcome, never thrown; every connection it opened is closed when it returns.
     *
     * @throws IllegalStateException if the plant's clock stops while the scenario waits on it
     */
    public AttackOutcome run(AttackContext context) throws InterruptedException {
        AttackSession session = new AttackSession(this, context);
        try {
            attack.perform(session);
        } finally {
            session.closeClients();
        }
        return session.finish();
    }

    @Override
    public String toString() {
        return id + " (" + String.join(", ", techniques) + ") at " + at + " s: " + title;
    }
}
