package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.store.Document;
import io.statewall.engine.policy.Finding;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import io.statewall.engine.policy.PolicyVerifier;
import io.statewall.engine.policy.Problem;
import io.statewall.engine.policy.ProtectedSpec;
import io.statewall.engine.policy.Rule;
import io.statewall.engine.policy.RuleSet;
import io.statewall.engine.policy.SourceLocation;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored policy version as the engine reads it, for people ({@code GET
 * /api/v1/policies/{version}/view}): each state's ruleset, the common rules, the default ruleset and
 * the protected traffic, every match as one readable line ({@link MatchText}), with the line of
 * the file it comes from; and the result of the policy check ({@code statewall policy check}: the
 * loader, then the verifier). A version that does not load is still answered (200) with its load
 * problems as the check's findings.
 */
final class PolicyViewEndpoints {
    private final ApiContext ctx;

    PolicyViewEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.add(new Route("GET", "/api/v1/policies/{version}/view", Role.VIEWER, this::view));
    }

    private ApiResponse view(ApiRequest r) {
        Params.only(r, Set.of());
        long v = r.pathId("version");
        Document d = (v > Integer.MAX_VALUE ? java.util.Optional.<Document>empty() : ctx.documents().get("policy", (int) v))
                .orElseThrow(() -> ApiException.notFound("no policy version " + v));
        ObjectNode o = Json.object();
        o.put("version", d.version());
        o.put("name", d.name());
        ArrayNode states = o.putArray("states");
        ArrayNode common = o.putArray("common");
        ObjectNode check = Json.object();
        ArrayNode findings = check.putArray("findings");
        Policy p;
        try {
            p = PolicyLoader.parse(d.content(), "policy v" + d.version());
        } catch (PolicyException e) {
            o.putNull("default");
            o.putArray("protected");
            for (Problem pr : e.problems()) {
                finding(findings, "error", pr.location(), null, pr.message());
            }
            check.put("ok", false);
            o.set("check", check);
            return ApiResponse.ok(o);
        } catch (RuntimeException e) {
            o.putNull("default");
            o.putArray("protected");
            finding(findings, "error", SourceLocation.NONE, null, String.valueOf(e.getMessage()));
            check.put("ok", false);
            o.set("check", check);
            return ApiResponse.ok(o);
        }
        if (!p.name().isEmpty()) {
            o.put("name", p.name());
        }
        for (String state : p.stateNames()) {
            RuleSet own = p.rulesets().get(state);
            ObjectNode s = ruleset(own != null ? own : p.defaultRuleset());
            s.put("uses_default", own == null);
            states.addObject().put("name", state).setAll(s);
        }
        p.common().forEach(rule -> common.add(rule(rule)));
        o.set("default", ruleset(p.defaultRuleset()));
        ArrayNode prot = o.putArray("protected");
        for (ProtectedSpec s : p.protectedSpecs()) {
            ObjectNode n = prot.addObject();
            n.put("id", s.id());
            n.put("match", MatchText.of(s.match()));
            line(n, s.location());
        }
        boolean ok = true;
        for (Finding f : PolicyVerifier.verify(p)) {
            ok &= f.severity() != Finding.Severity.ERROR;
            finding(findings, f.severity().name().toLowerCase(Locale.ROOT), f.location(), f.ruleId(), f.message());
        }
        check.put("ok", ok);
        o.set("check", check);
        return ApiResponse.ok(o);
    }

    private static ObjectNode ruleset(RuleSet s) {
        ObjectNode o = Json.object();
        o.put("default_action", s.defaultAction().name().toLowerCase(Locale.ROOT));
        o.put("fail_mode", s.failMode().name().toLowerCase(Locale.ROOT));
        ArrayNode rules = o.putArray("rules");
        s.rules().forEach(r -> rules.add(rule(r)));
        return o;
    }

    private static ObjectNode rule(Rule r) {
        ObjectNode o = Json.object();
        o.put("id", r.id());
        o.put("action", r.action().name().toLowerCase(Locale.ROOT));
        o.put("severity", r.severity());
        o.put("message", r.message());
        ArrayNode attack = o.putArray("attack");
        r.attack().forEach(attack::add);
        o.put("match", MatchText.of(r.match()));
        o.put("rate", MatchText.rate(r.rate()));
        line(o, r.location());
        return o;
    }

    private static void finding(ArrayNode findings, String severity, SourceLocation at, String rule, String message) {
        ObjectNode f = findings.addObject();
        f.put("severity", severity);
        line(f, at);
        f.put("rule", rule);
        f.put("message", message);
    }

    private static void line(ObjectNode o, SourceLocation at) {
        if (at.isKnown()) {
            o.put("line", at.line());
        } else {
            o.putNull("line");
        }
    }
}
