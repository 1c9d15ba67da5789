package io.statewall.engine.eve;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String text(JsonOut out) {
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    @Test
    void placesCommasInNestedObjectsAndArrays() {
        JsonOut out = new JsonOut(8);
        out.beginObject()
           .name(JsonOut.key("a")).value(1)
           .name(JsonOut.key("b")).beginObject().name(JsonOut.key("c")).value("x").endObject()
           .name(JsonOut.key("d")).beginArray().value(1).value(2).beginObject().endObject().beginArray().endArray().endArray()
           .name(JsonOut.key("e")).value(true)
           .name(JsonOut.key("f")).nullValue()
           .endObject();
        assertThat(text(out)).isEqualTo("{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":[1,2,{},[]],\"e\":true,\"f\":null}");
    }

    @Test
    void escapesStringsSoAnyInputStaysValidJson() {
        String hostile = "quote\" back\\ nl\n cr\r tab\t nul\u0000 del\u007f é 漢 😀 lone\uD800";
        JsonOut out = new JsonOut(8);
        out.beginObject().name(JsonOut.key("s")).value(hostile).endObject();
        JsonNode parsed = JSON.readTree(text(out));
        assertThat(parsed.get("s").asString()).isEqualTo(hostile.replace("\uD800", "\uFFFD"));
    }

    @Test
    void writesWireBytesAsHexAndAsEscapedText() {
        byte[] wire = {0x00, (byte) 0xAA, 'Z', '"', (byte) 0xFF, 0x0A};
        MemorySegment seg = MemorySegment.ofArray(wire);
        JsonOut out = new JsonOut(8);
        out.beginObject().name(JsonOut.key("hex")).valueHex(seg, 0, wire.length)
           .name(JsonOut.key("text")).valueLatin1(seg, 0, wire.length).endObject();
        JsonNode parsed = JSON.readTree(text(out));
        assertThat(parsed.get("hex").asString()).isEqualTo("00aa5a22ff0a");
        assertThat(parsed.get("text").asString()).isEqualTo("\u0000\u00aaZ\"\u00ff\n");
    }

    @Test
    void writesRegisterArraysAsTheValueByValueWriterDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int count : new int[] {0, 1, 2, 10, 125, 300}) {
            byte[] wire = new byte[3 + 2 * count];
            random.nextBytes(wire);
            int[] edges = {0, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 65_535};
            for (int i = 0; i < Math.min(count, edges.length); i++) {
                wire[3 + 2 * i] = (byte) (edges[i] >>> 8);
                wire[3 + 2 * i + 1] = (byte) edges[i];
            }
            MemorySegment seg = MemorySegment.ofArray(wire);
            JsonOut bulk = new JsonOut(8);
            bulk.beginObject().name(JsonOut.key("a")).value(1).name(JsonOut.key("v")).valueU16Array(seg, 3, count)
                .name(JsonOut.key("z")).value(2).endObject();
            JsonOut one = new JsonOut(8);
            one.beginObject().name(JsonOut.key("a")).value(1).name(JsonOut.key("v")).beginArray();
            for (int i = 0; i < count; i++) {
                one.value(((wire[3 + 2 * i] & 0xFF) << 8) | (wire[3 + 2 * i + 1] & 0xFF));
            }
            one.endArray().name(JsonOut.key("z")).value(2).endObject();
            assertThat(text(bulk)).as("%d registers", count).isEqualTo(text(one));
            assertThat(JSON.readTree(text(bulk)).get("v").size()).isEqualTo(count);
        }
    }

    @Test
    void formatsEveryNumberAsLongToStringDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        java.util.List<Long> values = new java.util.ArrayList<>();
        for (long v = -1_000; v <= 100_000; v++) {
            values.add(v);
        }
        long[] edges = {Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, 999_999_999L, 1_000_000_000L,
            9_999_999_999L, 10_000_000_000L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : edges) {
            values.add(v);
        }
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        JsonOut out = new JsonOut(16);
        for (long v : values) {
            out.reset();
            out.beginArray().value(v).endArray();
            assertThat(text(out)).isEqualTo("[" + v + "]");
        }
    }

    @Test
    void writesMicrosecondsAsSixDigits() {
        JsonOut out = new JsonOut(16);
        for (int v : new int[] {0, 7, 99, 100, 10_000, 123_456, 999_999}) {
            out.reset();
            out.rawSixDigits(v);
            assertThat(text(out)).isEqualTo(String.format("%06d", v));
        }
    }

    @Test
    void formatsNumbers() {
        JsonOut out = new JsonOut(8);
        out.beginArray().value(0).value(-7).value(Long.MAX_VALUE).value(Long.MIN_VALUE)
           .value(1.5).value(2.0).value(-0.125).value(1234.0004).value(Double.NaN).endArray();
        assertThat(text(out)).isEqualTo("[0,-7,9223372036854775807,-9223372036854775808,1.5,2,-0.125,1234,null]");
    }
}
