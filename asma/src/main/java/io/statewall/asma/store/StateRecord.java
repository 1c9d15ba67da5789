package io.statewall.asma.store;

/**
 * One operating-state change: of an NMA ({@code nma} set; from its EVE {@code state} record) or
 * of the plant as a whole ({@code nma} null; decided by the ASMA or declared by an operator).
 */
public record StateRecord(long id, String nma, long tsMicros, String from, String to, String origin, Boolean allowed,
                          String declaredBy, String detail) {
}
