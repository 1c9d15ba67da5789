package io.statewall.engine.image;

/** Bit mixing for the open-addressing tables: keys here are structured, not random. */
public final class Hashing {
    private Hashing() {}

    /** MurmurHash3's 64-bit finaliser, folded to 32 bits. */
    public static int mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return (int) x ^ (int) (x >>> 32);
    }
}
