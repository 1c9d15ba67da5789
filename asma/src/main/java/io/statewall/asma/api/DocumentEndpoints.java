package io.statewall.asma.api;

import io.statewall.asma.auth.Role;
import io.statewall.asma.store.AuditLog;
import io.statewall.asma.store.Document;
import io.statewall.asma.store.Documents;
import io.statewall.asma.store.EveTimestamps;
import io.statewall.engine.baseline.BaselineFile;
import io.statewall.engine.baseline.BaselineFormatException;
import io.statewall.engine.policy.Policy;
import io.statewall.engine.policy.PolicyException;
import io.statewall.engine.policy.PolicyLoader;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Policy and baseline versions ({@code /api/v1/policies}, {@code /api/v1/baselines}): upload a
 * version (the YAML as the body, checked by the engine's own loader before it is stored; admin),
 * list, get one, and the diff of two as unified-diff text. Uploading puts nothing in force: an
 * operator pushes a version to NMAs.
 */
final class DocumentEndpoints {
    private final ApiContext ctx;

    DocumentEndpoints(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        for (String kind : new String[] {"policy", "baseline"}) {
            String base = "/api/v1/" + (kind.equals("policy") ? "policies" : "baselines");
            router.add(new Route("GET", base, Role.VIEWER, r -> list(r, kind)));
            router.add(new Route("POST", base, Role.ADMIN, r -> upload(r, kind)));
            router.add(new Route("GET", base + "/{version}", Role.VIEWER, r -> get(r, kind)));
            router.add(new Route("GET", base + "/{from}/diff/{to}", Role.VIEWER, r -> diff(r, kind)));
        }
    }

    private ApiResponse list(ApiRequest r, String kind) {
        Params.only(r, Set.of());
        ArrayNode items = Json.array();
        for (Document d : ctx.documents().list(kind)) {
            items.add(Views.document(d, false));
        }
        ObjectNode o = Json.object();
        o.set("items", items);
        return ApiResponse.ok(o);
    }

    private Document find(ApiRequest r, String kind, String param) {
        long v = r.pathId(param);
        if (v > Integer.MAX_VALUE) {
            throw ApiException.notFound("no " + kind + " version " + v);
        }
        return ctx.documents().get(kind, (int) v).orElseThrow(() -> ApiException.notFound("no " + kind + " version " + v));
    }

    private ApiResponse get(ApiRequest r, String kind) {
        Params.only(r, Set.of());
        return ApiResponse.ok(Views.document(find(r, kind, "version"), true));
    }

    private ApiResponse diff(ApiRequest r, String kind) {
        Params.only(r, Set.of());
        Document a = find(r, kind, "from");
        Document b = find(r, kind, "to");
        String text = LineDiff.unified(label(a), a.content(), label(b), b.content());
        return ApiResponse.text(200, "text/plain; charset=utf-8", text);
    }

    private static String label(Document d) {
        return d.kind() + " v" + d.version() + "\t" + EveTimestamps.rfc3339(d.atMicros()) + " " + d.author();
    }

    private ApiResponse upload(ApiRequest r, String kind) {
        Params.only(r, Set.of("comment"));
        String comment = r.param("comment");
        if (comment != null && comment.length() > 2000) {
            throw ApiException.badRequest("'comment': at most 2000 characters");
        }
        String text = r.bodyText();
        if (text.isBlank()) {
            throw ApiException.badRequest("the " + kind + " (YAML) is the request body, and it is empty");
        }
        String name = check(kind, text);
        String by = r.actor();
        Document d = ctx.auditedWrite(c -> {
            Document stored = Documents.add(c, kind, name, text, by, comment);
            AuditLog.append(c, by, kind + ".upload", kind + " v" + stored.version(), "ok",
                    "sha256 " + stored.sha256() + (comment == null ? "" : "; " + comment), r.remote());
            return stored;
        });
        return ApiResponse.json(201, Views.document(d, false));
    }

    /** Loads the text as the NMA would; a refused upload is 400 with the loader's first problems. */
    private static String check(String kind, String text) {
        if (kind.equals("policy")) {
            try {
                Policy p = PolicyLoader.parse(text, "upload");
                return p.name();
            } catch (PolicyException e) {
                throw ApiException.badRequest("not a valid policy: " + String.join("; ",
                        e.lines().subList(0, Math.min(5, e.lines().size()))));
            } catch (RuntimeException e) {
                throw ApiException.badRequest("not a valid policy: " + e.getMessage());
            }
        }
        try {
            BaselineFile.parse(text, "upload");
            return null;
        } catch (BaselineFormatException e) {
            throw ApiException.badRequest("not a valid baseline: " + e.getMessage());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("not a valid baseline: " + e.getMessage());
        }
    }
}
