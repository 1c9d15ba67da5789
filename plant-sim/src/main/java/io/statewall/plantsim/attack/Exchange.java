package io.statewall.plantsim.attack;

import io.statewall.plantsim.Controller;

/**
 * One request of an attack and how it was answered.
 *
 * @param target        the controller it was meant for
 * @param connection    local {@code ip:port} it left from; null if no connection could be opened
 * @param transactionId MBAP transaction identifier
 * @param unitId        MBAP unit identifier
 * @param function      the request's function code
 * @param pdu           the request's PDU in hex, bytes separated by spaces ({@code "06 01 40 07 08"})
 * @param kind          how it was answered
 * @param exceptionCode the exception code of an {@link AnswerKind#EXCEPTION}, else -1
 * @param wallMillis    when it was sent, epoch milliseconds
 * @param plantTime     when it was sent, plant seconds
 */
public record Exchange(Controller target, String connection, int transactionId, int unitId, int function,
                       String pdu, AnswerKind kind, int exceptionCode, long wallMillis, double plantTime) {
}
