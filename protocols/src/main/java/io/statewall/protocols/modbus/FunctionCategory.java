package io.statewall.protocols.modbus;

/**
 * The category of a function code per MB-AP §5 (Figure 10) and Annex A. Names follow
 * sawp-modbus's {@code CodeCategory}, which Suricata logs as {@code modbus.*.category}.
 */
public enum FunctionCategory {
    /** A public code the specification assigns (§5.1 table). */
    PUBLIC_ASSIGNED,
    /** A public code not (yet) assigned: a compliant server answers exception 01. */
    PUBLIC_UNASSIGNED,
    /** User-defined ranges 65–72 and 100–110: meaning vendor specific, not unique. */
    USER_DEFINED,
    /**
     * Reserved for legacy products by Annex A: codes 9, 10, 13, 14, 41, 42, 90, 91, 125–127,
     * and at transaction level the reserved FC 8 sub-functions and FC 43 MEI types.
     */
    RESERVED,
    /** No category: function code 0, which §4.1 declares invalid. */
    NONE
}
