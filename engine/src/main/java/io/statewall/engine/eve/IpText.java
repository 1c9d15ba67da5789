package io.statewall.engine.eve;

/**
 * Writes IP addresses held as two longs (see the capture layer's convention: IPv4 in the low
 * 32 bits of {@code lo}, IPv6 as 128 bits most significant first) as JSON strings, without
 * allocating. IPv6 follows RFC 5952: lower case, leading zeros dropped, the longest run of two
 * or more zero groups (the first if tied) shortened to {@code ::}.
 */
public final class IpText {
    private IpText() {
    }

    public static void write(JsonOut out, int ipVersion, long hi, long lo) {
        out.beginString();
        if (ipVersion == 6) {
            writeV6(out, hi, lo);
        } else {
            out.rawLong((lo >>> 24) & 0xFF).rawByte('.')
               .rawLong((lo >>> 16) & 0xFF).rawByte('.')
               .rawLong((lo >>> 8) & 0xFF).rawByte('.')
               .rawLong(lo & 0xFF);
        }
        out.endString();
    }

    private static int group(long hi, long lo, int i) {
        long word = i < 4 ? hi : lo;
        return (int) ((word >>> (48 - 16 * (i & 3))) & 0xFFFF);
    }

    private static void writeV6(JsonOut out, long hi, long lo) {
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(hi, lo, i) == 0) {
                int j = i;
                while (j < 8 && group(hi, lo, j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        // RFC 5952 §5: IPv4-mapped addresses are written with the dotted quad.
        boolean mapped = hi == 0 && (lo >>> 32) == 0xFFFFL;
        int groups = mapped ? 6 : 8;
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                out.rawAscii("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                out.rawByte(':');
            }
            out.rawHex16(group(hi, lo, i));
        }
        if (mapped) {
            if (bestStart + bestLen != 6) {
                out.rawByte(':');
            }
            out.rawLong((lo >>> 24) & 0xFF).rawByte('.').rawLong((lo >>> 16) & 0xFF).rawByte('.')
               .rawLong((lo >>> 8) & 0xFF).rawByte('.').rawLong(lo & 0xFF);
        }
    }
}
