package io.statewall.engine.image;

/** How a point's latest value became known. */
public enum UpdateKind {
    /** The server reported it in a normal read response (FC 1, 2, 3, 4, 23 read part). */
    READ,
    /**
     * A client wrote it and the server confirmed with a normal response (FC 5, 6, 15, 16, 22,
     * 23 write part). For FC 22 the value is the mask result computed from the previous value.
     */
    WRITE
}
