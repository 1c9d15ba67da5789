package io.statewall.engine.baseline;

/** One point in one state: the values its server reported, and those clients commanded. */
final class PointBaseline {
    final int point;
    final ValueStats read = new ValueStats();
    /** Null until a command wrote the point in this state. */
    ValueStats written;

    PointBaseline(int point) {
        this.point = point;
    }

    ValueStats internWritten() {
        if (written == null) {
            written = new ValueStats();
        }
        return written;
    }
}
