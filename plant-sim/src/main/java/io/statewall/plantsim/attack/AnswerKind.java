package io.statewall.plantsim.attack;

/** How a request of the attacker's tool was answered. */
public enum AnswerKind {
    /** A normal response: the function code of the request (MB-AP §4.1). */
    RESPONSE,
    /**
     * An exception response: the function code with bit 7 set, then an exception code (MB-AP §7);
     * 01 ILLEGAL FUNCTION is also what an inline NMA answers for a request it blocked.
     */
    EXCEPTION,
    /** Nothing within the answer timeout; the tool drops the connection so no late answer is taken for the next. */
    NO_ANSWER,
    /** The connection was closed or reset before an answer, or could not be opened at all. */
    CLOSED,
    /** Bytes that are no answer to the request (protocol, length, transaction or function wrong); the tool hangs up. */
    MALFORMED
}
