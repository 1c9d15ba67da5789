package io.statewall.benchmarks.workload;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Value layouts the writers use: network headers are big-endian, classic pcap headers are written
 * little-endian (the magic {@code d4 c3 b2 a1} on disk tells readers so). Static finals so that the
 * JIT sees constant layouts.
 */
final class Layouts {
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Layouts() {}
}
