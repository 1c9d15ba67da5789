package io.statewall.engine.image;

/**
 * Told which points a transaction changed, so that only the conditions depending on them are
 * re-evaluated. Called at the end of {@link ProcessImage#apply}, once per changed point, after
 * every value of the transaction is in place (both words of a 32-bit pair written in one
 * transaction are visible to the first call).
 */
@FunctionalInterface
public interface PointListener {

    /** Ignores every change. */
    PointListener NONE = (pointId, timestampNanos) -> { };

    /**
     * @param pointId the point whose value differs from before, or that was seen for the first time
     * @param timestampNanos capture timestamp of the response that carried or confirmed the value
     */
    void onUpdate(int pointId, long timestampNanos);
}
