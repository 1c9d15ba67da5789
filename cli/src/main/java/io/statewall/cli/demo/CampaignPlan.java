package io.statewall.cli.demo;

import io.statewall.plantsim.Controller;
import io.statewall.plantsim.attack.AttackContext;
import io.statewall.plantsim.attack.AttackHosts;
import io.statewall.plantsim.attack.AttackOutcome;
import io.statewall.plantsim.attack.AttackScenario;
import io.statewall.plantsim.attack.Attacker;
import io.statewall.plantsim.attack.Campaign;
import io.statewall.plantsim.attack.Expectation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plant simulator's attack campaign as the demo runs it: against the NMA, from the demo's hosts. */
final class CampaignPlan {
    static final AttackHosts HOSTS = new AttackHosts(DemoNetwork.INTRUDER, DemoNetwork.OPERATOR_DESK,
            DemoNetwork.ENGINEERING_STATION);

    /** A scenario as the display and the report name it. */
    record Planned(String id, String title, List<String> techniques, double at, boolean expectBlock, String attacker,
                   String target, AttackScenario scenario) {
    }

    private final List<Planned> planned;

    private CampaignPlan(List<AttackScenario> scenarios) {
        List<Planned> p = new ArrayList<>();
        for (AttackScenario s : scenarios) {
            List<String> targets = s.targets().stream().map(Controller::asset).toList();
            p.add(new Planned(s.id(), s.title(), s.techniques(), s.at(), s.expected() == Expectation.BLOCK,
                    attacker(s.attacker()), String.join(", ", targets), s));
        }
        this.planned = List.copyOf(p);
    }

    static CampaignPlan standard() {
        return new CampaignPlan(Campaign.standard().scenarios());
    }

    static CampaignPlan none() {
        return new CampaignPlan(List.of());
    }

    List<Planned> planned() {
        return planned;
    }

    /** Carries {@code p} out now, through the NMA, and says what it did. */
    AttackRecord execute(Planned p, DemoRun run) throws InterruptedException {
        AttackContext context = AttackContext.of(run.plant(), run.nmaEndpoints(), HOSTS).withOrigin(run.origin());
        AttackOutcome o = p.scenario().run(context);
        boolean reporting = p.scenario().attacker() == Attacker.CONTROLLER;
        // Time to detect counts from the first request: some attacks first wait for the traffic they mimic.
        long firstRequest = o.exchanges().stream().mapToLong(e -> e.wallMillis()).min().orElse(o.wallStart());
        return new AttackRecord(p.id(), p.title(), p.techniques(), p.expectBlock(), p.attacker(), p.target(),
                o.plantStart() - run.origin(), firstRequest, o.wallEnd(), new LinkedHashSet<>(o.connections()),
                o.requests(), reporting, answers(o), o.exchanges());
    }

    /** What the attacker's tool saw, in words. */
    private static String answers(AttackOutcome o) {
        if (o.requests() == 0) {
            return o.detail() == null ? "no request: the attack is in what a controller reports" : o.detail();
        }
        List<String> parts = new ArrayList<>();
        parts.add(o.responses() + " answered");
        Map<Integer, Long> byCode = new TreeMap<>(o.exceptions());
        byCode.forEach((code, n) -> parts.add(n + " exception " + String.format("%02X", code)));
        if (o.noAnswer() > 0) {
            parts.add(o.noAnswer() + " unanswered");
        }
        if (o.closed() > 0) {
            parts.add(o.closed() + " connection closed");
        }
        return o.requests() + " requests: " + String.join(", ", parts) + (o.detail() == null ? "" : "; " + o.detail());
    }

    private static String attacker(Attacker a) {
        return switch (a) {
            case UNKNOWN_HOST -> "unknown host " + DemoNetwork.INTRUDER.getHostAddress();
            case OPERATOR_DESK -> "malware on the operator desk " + DemoNetwork.OPERATOR_DESK.getHostAddress();
            case ENGINEERING_STATION -> "malware on the engineering workstation "
                    + DemoNetwork.ENGINEERING_STATION.getHostAddress();
            case CONTROLLER -> "a compromised controller";
        };
    }
}
