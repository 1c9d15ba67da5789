package io.statewall.capture.flow;

/** Why a flow left the flow table. */
public enum FlowEndReason {
    /** Both sides sent FIN (and the last data was delivered). */
    FIN,
    /** Either side sent RST. */
    RST,
    /** No packet within the idle timeout. */
    IDLE_TIMEOUT,
    /** Pushed out because the table or its memory budget was full. */
    EVICTED,
    /** The input ended (end of capture, shutdown). */
    END_OF_INPUT
}
