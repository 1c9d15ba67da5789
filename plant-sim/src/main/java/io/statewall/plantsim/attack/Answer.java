package io.statewall.plantsim.attack;

/**
 * One answer as the attacker's tool read it.
 *
 * @param kind          what came back
 * @param connection    local {@code ip:port} of the connection the request went out on; null if
 *                      none could be opened
 * @param transactionId the request's MBAP transaction identifier
 * @param function      the function byte of the answer (with bit 7 for an exception), or -1
 * @param exceptionCode the exception code of an {@link AnswerKind#EXCEPTION}, else -1
 */
public record Answer(AnswerKind kind, String connection, int transactionId, int function, int exceptionCode) {
}
