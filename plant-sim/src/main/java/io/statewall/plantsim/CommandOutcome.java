package io.statewall.plantsim;

/**
 * How a scenario step went: {@code ok} when the controller acknowledged the write (or the
 * declaration was handed over); otherwise {@code detail} says why: a Modbus exception (its code in
 * {@code exceptionCode}, such as 01 from an inline NMA that blocked the write), a timeout, a
 * refused connection.
 *
 * @param time          plant time at which the step fired
 * @param exceptionCode the Modbus exception code of a refusal, or -1
 */
public record CommandOutcome(double time, Step step, boolean ok, String detail, int exceptionCode) {
}
