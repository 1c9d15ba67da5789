package io.statewall.capture.write;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The value layouts the writers use. Network headers are big-endian; the pcap headers are
 * written little-endian, which the magic {@code 4d 3c b2 a1} on disk announces to readers.
 * Static finals, so that the JIT sees constant layouts.
 */
final class Layouts {
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Layouts() {}
}
