package io.statewall.nma.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.engine.eve.EveWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * suricata-verify's Modbus tests ({@code tests/modbus*}/test.yaml): each check is a filter with
 * an expected count. {@code event_type: modbus} filters are evaluated on our EVE records as
 * they are; {@code event_type: alert} filters are evaluated on our {@code modbus} records that
 * satisfy the {@code modbus:} keyword of the rule with that signature id (from the test's
 * rules file), plus the filter's other fields.
 */
class SuricataVerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("modbus:\\s*([^;]*);.*sid:\\s*(\\d+);");

    static Stream<String> tests() throws Exception {
        if (!Corpus.present()) {
            return Stream.of(Corpus.ABSENT);
        }
        Path tests = Corpus.root().resolve("suricata-verify/tests");
        try (Stream<Path> dirs = Files.list(tests)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("modbus"))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tests")
    void meetsSuricataVerifyExpectations(String test) throws Exception {
        Path dir = Corpus.root().resolve("suricata-verify/tests").resolve(test);
        List<JsonNode> records = analyze(dir);
        Map<Integer, Predicate<JsonNode>> rules = rules(dir.resolve("test.rules"));
        JsonNode yaml = new YAMLMapper().readTree(dir.resolve("test.yaml").toFile());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode check : yaml.path("checks")) {
            JsonNode filter = check.path("filter");
            if (filter.isMissingNode()) {
                continue;
            }
            int expected = filter.path("count").asInt();
            JsonNode match = filter.path("match");
            String eventType = match.path("event_type").asString();
            Predicate<JsonNode> p;
            if (eventType.equals("alert")) {
                p = rules.get(match.path("alert.signature_id").asInt());
            } else {
                String type = eventType;
                p = r -> r.path("event_type").asString().equals(type);
            }
            for (Map.Entry<String, JsonNode> e : match.properties()) {
                String key = e.getKey();
                if (key.equals("event_type") || key.startsWith("alert.")) {
                    continue;
                }
                JsonNode want = e.getValue();
                p = p.and(r -> matches(path(r, key), want));
            }
            Predicate<JsonNode> onModbus = p;
            long actual = records.stream()
                    .filter(r -> eventType.equals("alert") ? r.path("event_type").asString().equals("modbus") : true)
                    .filter(onModbus).count();
            checked++;
            if (actual != expected) {
                failures.add(match + ": expected " + expected + ", ours " + actual);
            }
        }
        assertThat(checked).as("checks evaluated").isPositive();
        assertThat(failures).as(test).isEmpty();
    }

    private static boolean matches(JsonNode actual, JsonNode want) {
        if (actual.isMissingNode()) {
            return false;
        }
        if (want.isNumber()) {
            return actual.isNumber() && actual.asLong() == want.asLong();
        }
        return actual.asString().equals(want.asString());
    }

    /** Suricata-verify's dotted path, e.g. {@code modbus.request.function_code}. */
    private static JsonNode path(JsonNode r, String dotted) {
        JsonNode n = r;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private static Map<Integer, Predicate<JsonNode>> rules(Path rulesFile) throws Exception {
        Map<Integer, Predicate<JsonNode>> rules = new HashMap<>();
        for (String line : Files.readAllLines(rulesFile)) {
            Matcher m = RULE.matcher(line);
            if (m.find()) {
                rules.put(Integer.parseInt(m.group(2)), SuricataModbusKeyword.parse(m.group(1)));
            }
        }
        return rules;
    }

    private static List<JsonNode> analyze(Path dir) throws Exception {
        Path pcap;
        try (Stream<Path> files = Files.list(dir)) {
            pcap = files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).findFirst().orElseThrow();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EveWriter eve = EveWriter.allTypes(bytes); CaptureReader reader = CaptureFiles.open(pcap)) {
            PassiveAnalyzer analyzer = new PassiveAnalyzer(AnalyzerConfig.DEFAULT, eve, TransactionSink.NONE);
            analyzer.analyze(reader);
            analyzer.finish();
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }
}
