package io.statewall.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The operators' console in a real headless Chromium, against the ASMA of a real
 * {@code statewall demo} run (with its attack campaign, default seed) going on in this process:
 * a viewer watches the plant state change live, opens an attack's alert and reads why it was
 * judged so, and cannot push a policy; an operator declares maintenance and both NMAs switch.
 * Each page is checked against the REST API and saved as a screenshot in
 * {@code target/console-screenshots/}; the first paint of the overview and the live latency are
 * measured and written there ({@code figures.txt}), not asserted.
 *
 * <p>The steps build on each other (the run goes on between them), so they run in order and
 * share one browser; the run is ended early once they are done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final String VIEWER = "vera";
    private static final String OPERATOR = "otto";
    private static final String PASSWORD = "console-test-password";
    /** The crew starts the unit up a few seconds into the run; the campaign's first attack is at 15 s. */
    private static final Duration LIVE_WAIT = Duration.ofSeconds(120);
    private static final Pattern CONSOLE_LINE = Pattern.compile("console +(https://\\S+/#token=\\S+)");

    private static final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private static DemoRun run;
    private static Thread runner;
    private static volatile Throwable runFailure;
    private static DemoRun.ConsoleAccess access;
    private static ConsoleApi api;
    private static ConsoleBrowser browser;
    private static final Map<String, String> figures = new LinkedHashMap<>();
    /** The alert the detail step opened. */
    private static long alertId;

    @BeforeAll
    static void startTheDemoAndABrowser() throws Exception {
        run = new DemoRun(new DemoOptions(null, 1, true, null, null, null, false),
                new PrintStream(shown, true, StandardCharsets.UTF_8));
        runner = Thread.ofPlatform().name("demo-run").start(() -> {
            try {
                run.run();
            } catch (Throwable t) {
                runFailure = t;
            }
        });
        access = run.console().get(60, TimeUnit.SECONDS);
        api = new ConsoleApi(access.base(), access.tlsFingerprint());
        for (String[] user : new String[][] {{VIEWER, "viewer"}, {OPERATOR, "operator"}}) {
            ConsoleApi.Answer a = api.post("/api/v1/users", access.adminToken(),
                    "{\"name\":\"" + user[0] + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + user[1] + "\"}");
            assertThat(a.status()).as("create %s: %s", user[0], a.text()).isEqualTo(201);
        }
        browser = ConsoleBrowser.start(access.base());
    }

    @AfterAll
    static void endTheRun() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (run != null) {
                run.endEarly();
                runner.join(Duration.ofSeconds(60));
            }
            Files.createDirectories(ConsoleBrowser.SCREENSHOTS);
            StringBuilder text = new StringBuilder("# statewall console, measured in headless Chromium on this machine"
                    + " (not asserted)\n");
            figures.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            Files.writeString(ConsoleBrowser.SCREENSHOTS.resolve("figures.txt"), text);
            System.out.print(text);
        }
        assertThat(runFailure).as("the demo run").isNull();
    }

    /** What {@code statewall demo} prints is a link that signs in as the demo's admin and leaves no secret in the address bar. */
    @Test
    @Order(1)
    void theDemosConsoleLinkSignsInAsItsAdmin() {
        Matcher m = CONSOLE_LINE.matcher(shown.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as("the console line in%n%s", shown).isTrue();
        assertThat(m.group(1)).startsWith(access.base().toString()).endsWith("#token=" + access.adminToken());
        browser.driver().get(m.group(1));
        browser.await("signed in as the admin", d -> browser.textOf("[data-testid=whoami]").endsWith("(admin)"));
        browser.visible("main[data-page=overview]");
        assertThat(browser.driver().getCurrentUrl()).as("the token taken out of the address bar")
                .doesNotContain(access.adminToken()).endsWith("#/overview");
        browser.signOut();
    }

    /**
     * The demo's ASMA holds the policy each NMA runs, stored by {@code demo} and audited, and each
     * NMA's heartbeat names it (its file's digest, matched to the stored version).
     */
    @Test
    @Order(2)
    void theAsmaHoldsThePoliciesTheNmasEnforce() {
        JsonNode policies = api.ok("/api/v1/policies", access.adminToken()).path("items");
        assertThat(policies).hasSize(2);
        Map<Integer, String> shaByVersion = new HashMap<>();
        for (JsonNode p : policies) {
            assertThat(p.path("author").asString()).isEqualTo("demo");
            shaByVersion.put(p.path("version").asInt(), p.path("sha256").asString());
        }
        Map<String, Integer> expected = Map.of("boiler-nma", 1, "turbine-nma", 2);
        awaitApi("each NMA reports the stored version it runs", () -> {
            JsonNode plant = api.ok("/api/v1/plant", access.adminToken());
            int matched = 0;
            for (JsonNode n : plant.path("nmas")) {
                String v = n.path("policy_version").asString("");
                Integer version = expected.get(n.path("nma").asString());
                if (version != null && v.startsWith("file:") && shaByVersion.get(version).startsWith(v.substring(5))) {
                    matched++;
                }
            }
            return matched == expected.size();
        });
        JsonNode audit = api.ok("/api/v1/audit?action=policy.upload", access.adminToken()).path("items");
        assertThat(audit).extracting(a -> a.path("actor").asString() + " " + a.path("target").asString())
                .contains("demo policy v1", "demo policy v2");
    }

    @Test
    @Order(3)
    void aViewerSeesThePlantStateChangeLiveWithoutReloading() throws IOException {
        browser.signIn(VIEWER, PASSWORD);
        assertThat(browser.textOf("[data-testid=whoami]")).isEqualTo(VIEWER + " (viewer)");

        // The first meaningful paint, from a fresh page load (signed in: the token is in sessionStorage).
        browser.driver().navigate().refresh();
        browser.visible("main[data-page=overview]");
        browser.await("the overview-ready mark", d -> browser.js(
                "return performance.getEntriesByName('statewall:overview-ready').length > 0"));
        @SuppressWarnings("unchecked")
        List<Number> paint = (List<Number>) browser.js("""
                const ready = performance.getEntriesByName('statewall:overview-ready')[0];
                const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                return [ready.startTime, fcp ? fcp.startTime : -1];""");
        figures.put("overview ready (navigation start to statewall:overview-ready)", ms(paint.get(0)));
        figures.put("first contentful paint", ms(paint.get(1)));

        browser.await("the stream up", d -> browser.textOf("[data-testid=live-status]").equals("live"));
        String before = browser.await("a plant state shown", d -> {
            String s = browser.textOf("[data-testid=plant-state]");
            return s.isEmpty() ? null : s;
        });
        browser.js("window.statewallTestPageLoad = 'the same page';");
        String after = browser.await("the plant state changes from " + before + " as the crew starts the unit",
                LIVE_WAIT, d -> {
                    String s = browser.textOf("[data-testid=plant-state]");
                    return s.equals(before) || s.equals("unknown") || s.equals("stopped") || s.isEmpty() ? null : s;
                });
        assertThat(browser.js("return window.statewallTestPageLoad")).as("no reload: the stream brought it")
                .isEqualTo("the same page");
        browser.await("the overview's state box shows " + after, d ->
                browser.textOf("[data-testid=overview-state] [data-field=state]").equals(after));
        awaitApi("GET /api/v1/plant says " + after, () ->
                api.ok("/api/v1/plant", access.adminToken()).path("state").asString().equals(after));
        browser.await("the timeline has a segment " + after, d -> !browser.all(
                "[data-testid=state-timeline] rect[data-state=\"" + after + "\"]").isEmpty());
        figures.put("live state change seen", before + " -> " + after);
    }

    @Test
    @Order(4)
    void anAttacksAlertIsListedLiveAndItsDetailExplainsTheVerdict() throws IOException {
        browser.go("#/overview");
        Map<Long, JsonNode> looked = new HashMap<>();
        WebElement row = browser.await("an alert of one of the demo's attacks, with its decoded message, in the latest"
                + " alerts", LIVE_WAIT, d -> {
                    for (WebElement r : browser.all("[data-testid=latest-alerts] [data-testid=alert-row]")) {
                        long id = Long.parseLong(r.getDomAttribute("data-id"));
                        JsonNode e = looked.computeIfAbsent(id, i -> api.ok("/api/v1/alerts/" + i, access.adminToken()));
                        JsonNode sw = e.path("event").path("statewall");
                        if (!sw.path("attack").isEmpty() && e.path("event").path("modbus").isObject()
                                && !sw.path("rule").asString("").isEmpty() && !e.path("flow_events").isEmpty()) {
                            return r;
                        }
                    }
                    return null;
                });
        alertId = Long.parseLong(row.getDomAttribute("data-id"));
        browser.screenshot("overview");
        List<WebElement> link = row.findElements(By.cssSelector("a[href]"));
        (link.isEmpty() ? row : link.getFirst()).click();

        String detail = "[data-testid=alert-detail][data-id=\"" + alertId + "\"]";
        browser.visible(detail);
        browser.visible("main[data-page=alert]");
        browser.screenshot("alert");
        JsonNode e = api.ok("/api/v1/alerts/" + alertId, access.adminToken());
        JsonNode eve = e.path("event");
        JsonNode sw = eve.path("statewall");
        String verdict = eve.path("alert").path("action").asString().equals("blocked") ? "BLOCKED" : "ALERTED";
        assertThat(field(detail, "verdict")).contains(verdict);
        assertThat(field(detail, "state")).contains(sw.path("state").asString());
        assertThat(field(detail, "rule")).contains(sw.path("rule").asString());
        assertThat(field(detail, "signature")).contains(eve.path("alert").path("signature").asString());
        assertThat(field(detail, "nma")).contains(e.path("nma").asString());
        String technique = sw.path("attack").get(0).asString();
        assertThat(field(detail, "technique")).contains(technique);
        assertThat(field(detail, "flow")).contains(eve.path("src_ip").asString()).contains(eve.path("dest_ip").asString());
        assertThat(browser.textOf("[data-testid=verdict-explanation]")).as("the explanation")
                .containsIgnoringCase(verdict).contains(sw.path("state").asString()).contains(sw.path("rule").asString());
        assertThat(browser.all("[data-testid=decoded-message] td")).as("the decoded message's table").isNotEmpty();

        Set<Long> apiNeighbours = new HashSet<>();
        e.path("flow_events").forEach(n -> apiNeighbours.add(n.path("id").asLong()));
        List<WebElement> rows = browser.all("tr[data-testid=flow-neighbour]");
        Set<Long> shownIds = new HashSet<>();
        for (WebElement r : rows) {
            long id = Long.parseLong(r.getDomAttribute("data-id"));
            shownIds.add(id);
            assertThat("true".equals(r.getDomAttribute("aria-current"))).as("row %d marked as the alert itself", id)
                    .isEqualTo(id == alertId);
        }
        assertThat(shownIds).as("the alert's own row and its neighbours in the flow").contains(alertId);
        Set<Long> earlier = new HashSet<>();
        apiNeighbours.stream().filter(id -> id < alertId).forEach(earlier::add);
        assertThat(shownIds).as("every earlier neighbour the API lists").containsAll(earlier);
        Set<Long> allowed = new HashSet<>(apiNeighbours);
        allowed.add(alertId);
        assertThat(allowed).as("nothing but the flow's events").containsAll(shownIds);
        figures.put("alert opened", alertId + " " + verdict + " " + technique + " rule " + sw.path("rule").asString());
    }

    @Test
    @Order(5)
    void theAlertsListAndTheProcessTrendsFollowTheApi() throws IOException {
        browser.go("#/alerts");
        browser.visible("main[data-page=alerts]");
        long newest = api.ok("/api/v1/alerts?limit=1", access.adminToken()).path("items").get(0).path("id").asLong();
        browser.await("the alerts list shows alert " + newest + " or newer", d -> {
            for (WebElement r : browser.all("tr[data-testid=alert-row]")) {
                if (Long.parseLong(r.getDomAttribute("data-id")) >= newest) {
                    return true;
                }
            }
            return false;
        });
        browser.screenshot("alerts");

        browser.go("#/process");
        browser.visible("main[data-page=process]");
        Set<String> variables = new HashSet<>();
        api.ok("/api/v1/plant", access.adminToken()).path("variables")
                .forEach(v -> variables.add(v.path("name").asString()));
        assertThat(variables).as("the plant file's variables").isNotEmpty();
        browser.await("one trend per plant variable, each with its line", d -> {
            Set<String> drawn = new HashSet<>();
            for (WebElement t : browser.all("[data-testid=trend]")) {
                if (!t.findElements(By.cssSelector("polyline")).isEmpty()) {
                    drawn.add(t.getDomAttribute("data-variable"));
                }
            }
            return drawn.equals(variables);
        });
        browser.screenshot("process");
    }

    @Test
    @Order(6)
    void aViewerCannotPushAPolicyAndTheRefusalIsAudited() throws IOException {
        browser.go("#/policy");
        browser.visible("main[data-page=policy]");
        browser.await("the policy's states shown", d -> !browser.all("section[data-testid=policy-state]").isEmpty());
        assertThat(browser.textOf("[data-testid=policy-check]")).startsWith("check ");
        WebElement push = browser.visible("[data-testid=push-submit]");
        assertThat(push.isEnabled()).as("the push button, for a viewer").isFalse();
        assertThat(browser.textOf("[data-testid=push-denied]")).containsIgnoringCase("operator");
        browser.screenshot("policy");

        // The viewer forces it: the page's own token, straight to the API.
        Object status = browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/pushes', {method: 'POST', headers: {
                    'Authorization': 'Bearer ' + sessionStorage.getItem('statewall.token'),
                    'Content-Type': 'application/json'},
                  body: JSON.stringify({kind: 'policy', version: 1, nmas: 'all'})})
                  .then(r => done(r.status), e => done(String(e)));""");
        assertThat(status).as("a viewer's push").isEqualTo(403L);
        JsonNode denied = api.ok("/api/v1/audit?action=denied&actor=" + VIEWER, access.adminToken()).path("items");
        assertThat(denied).as("the refusal in the audit log").anySatisfy(a -> {
            assertThat(a.path("target").asString()).isEqualTo("POST /api/v1/pushes");
            assertThat(a.path("outcome").asString()).isEqualTo("refused");
        });
        assertThat(api.ok("/api/v1/pushes", access.adminToken()).path("items")).as("nothing pushed").isEmpty();
    }

    /** Measured, not asserted: from a declaration sent over the API to the new state on the viewer's page. */
    @Test
    @Order(7)
    void theLiveUpdateLatencyIsMeasured() {
        browser.go("#/overview");
        browser.visible("main[data-page=overview]");
        browser.js("""
                window.statewallStateSeenAt = null;
                new MutationObserver(() => {
                  const el = document.querySelector('[data-testid=plant-state]');
                  if (window.statewallStateSeenAt === null && el && el.textContent.trim() === 'maintenance') {
                    window.statewallStateSeenAt = Date.now();
                  }
                }).observe(document.body, {childList: true, characterData: true, subtree: true});""");
        long sent = System.currentTimeMillis();
        ConsoleApi.Answer declared = api.post("/api/v1/plant/state", access.adminToken(), "{\"state\":\"maintenance\"}");
        long answered = System.currentTimeMillis();
        assertThat(declared.status()).as(declared.text()).isEqualTo(200);
        Number seen = browser.await("maintenance on the page", d -> (Number) browser.js("return window.statewallStateSeenAt"));
        figures.put("live update (declaration sent to the page's text changed)", (seen.longValue() - sent) + " ms"
                + " (the API answered after " + (answered - sent) + " ms)");
        ConsoleApi.Answer released = api.delete("/api/v1/plant/state", access.adminToken());
        assertThat(released.status()).as(released.text()).isEqualTo(200);
        browser.await("the declaration released", d -> !browser.textOf("[data-testid=plant-state]").equals("maintenance"));
    }

    @Test
    @Order(8)
    void anOperatorDeclaresMaintenanceAndBothNmasSwitch() throws IOException {
        browser.signOut();
        browser.signIn(OPERATOR, PASSWORD);
        browser.go("#/actions");
        browser.visible("main[data-page=actions]");
        Select state = new Select(browser.visible("select[data-testid=declare-state]"));
        browser.await("the plant model's states offered", d -> state.getOptions().size() > 1);
        choose(state, "maintenance");
        browser.visible("button[data-testid=declare-submit]").click();
        browser.visible("button[data-testid=confirm]").click();
        List<String> nmas = new ArrayList<>();
        api.ok("/api/v1/plant", access.adminToken()).path("nmas").forEach(n -> nmas.add(n.path("nma").asString()));
        assertThat(nmas).containsExactlyInAnyOrder("boiler-nma", "turbine-nma");
        String result = browser.await("the declaration's result", d -> {
            String t = browser.textOf("[data-testid=action-result]");
            return t.contains("maintenance") && t.contains("boiler-nma") && t.contains("turbine-nma") ? t : null;
        });
        figures.put("declaration result shown", result.replace('\n', ' '));
        browser.screenshot("actions");

        browser.go("#/overview");
        browser.visible("main[data-page=overview]");
        browser.await("both NMAs enforce maintenance", d -> nmas.stream().allMatch(n -> browser.textOf(
                "tr[data-testid=nma-row][data-nma=\"" + n + "\"] [data-field=enforced]").equals("maintenance")));
        browser.await("the plant in maintenance", d -> browser.textOf("[data-testid=plant-state]").equals("maintenance"));
        JsonNode plant = api.ok("/api/v1/plant", access.adminToken());
        assertThat(plant.path("state").asString()).isEqualTo("maintenance");
        assertThat(plant.path("nmas")).hasSize(2)
                .allSatisfy(n -> assertThat(n.path("enforced").asString()).as(n.toString()).isEqualTo("maintenance"));
        JsonNode audit = api.ok("/api/v1/audit?action=plant.declare&actor=" + OPERATOR, access.adminToken()).path("items");
        assertThat(audit).as("the declaration in the audit log").anySatisfy(a -> {
            assertThat(a.path("target").asString()).isEqualTo("plant: state maintenance");
            assertThat(a.path("outcome").asString()).isEqualTo("ok");
        });
        browser.screenshot("overview-maintenance");
    }

    /** The admin reads on the actions page what the operator and the viewer did: the declaration, the refused push. */
    @Test
    @Order(9)
    void theAdminReadsTheActionsInTheAuditLog() throws IOException {
        browser.signOut();
        browser.driver().get(access.base() + "#token=" + access.adminToken());
        browser.await("signed in as the admin", d -> browser.textOf("[data-testid=whoami]").endsWith("(admin)"));
        browser.go("#/actions");
        browser.visible("[data-testid=audit-log]");
        browser.await("the operator's declaration in the audit log", d -> browser.all(
                "tr[data-testid=audit-row][data-action=\"plant.declare\"]").stream()
                .anyMatch(r -> r.getText().contains(OPERATOR) && r.getText().contains("plant: state maintenance")));
        browser.await("the viewer's refused push in the audit log", d -> browser.all(
                "tr[data-testid=audit-row][data-action=denied]").stream()
                .anyMatch(r -> r.getText().contains(VIEWER) && r.getText().contains("refused")));
        browser.screenshot("actions-admin");
    }

    private static String field(String scope, String name) {
        return browser.textOf(scope + " [data-field=" + name + "]");
    }

    private static void choose(Select select, String state) {
        for (WebElement o : select.getOptions()) {
            String value = o.getDomAttribute("value");
            if (state.equals(value) || o.getText().strip().equals(state)) {
                select.selectByVisibleText(o.getText());
                return;
            }
        }
        throw new AssertionError("no option " + state + " in the declaration's states");
    }

    private static String ms(Number n) {
        return n.doubleValue() < 0 ? "not reported" : String.format(Locale.ROOT, "%.0f ms", n.doubleValue());
    }

    /** Waits until the API answers as {@code condition} expects (polled, with the browser's deadline). */
    private static void awaitApi(String what, java.util.function.BooleanSupplier condition) {
        new FluentWait<>(api).withTimeout(ConsoleBrowser.WAIT).pollingEvery(Duration.ofMillis(200))
                .withMessage(what).until(a -> condition.getAsBoolean());
    }
}
