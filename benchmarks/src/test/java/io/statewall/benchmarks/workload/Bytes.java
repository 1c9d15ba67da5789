package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/**
 * Test vectors written as annotated hex: whitespace and '|' separators are ignored, and so is
 * everything from "//" to the end of a line.
 */
final class Bytes {
    private Bytes() {}

    static byte[] hex(String annotated) {
        return HexFormat.of().parseHex(annotated.replaceAll("//[^\\n]*", "").replaceAll("[\\s|]", ""));
    }

    static MemorySegment segment(String annotated) {
        return MemorySegment.ofArray(hex(annotated));
    }

    static String hex(MemorySegment s, long offset, int length) {
        return HexFormat.of().formatHex(s.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
}
