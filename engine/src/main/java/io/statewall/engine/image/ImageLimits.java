package io.statewall.engine.image;

/**
 * Bounds of a {@link ProcessImage}, checked before anything grows. A point or server beyond
 * them is counted as dropped, never an exception.
 *
 * @param maxPoints points kept (1–2^28). Memory grows with the points actually seen, about
 *     80 bytes each, so the default of one million costs at most ~80 MB.
 * @param maxServers distinct server endpoints (address, port) whose points are kept
 *     (1–2^24); a point of a server beyond this is dropped.
 */
public record ImageLimits(int maxPoints, int maxServers) {

    /** One million points over at most 65,536 servers. */
    public static final ImageLimits DEFAULT = new ImageLimits(1_000_000, 65_536);

    public ImageLimits {
        if (maxPoints < 1 || maxPoints > 1 << 28) {
            throw new IllegalArgumentException("maxPoints must be 1..2^28: " + maxPoints);
        }
        if (maxServers < 1 || maxServers > 1 << 24) {
            throw new IllegalArgumentException("maxServers must be 1..2^24: " + maxServers);
        }
    }
}
