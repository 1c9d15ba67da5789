package io.statewall.nma.inline;

/** How a blocked request is answered; in every case it never reaches the controller. */
public enum BlockAction {
    /**
     * A Modbus exception response (MB-AP §7: function | 0x80, then the exception code, by default
     * 01 illegal function): the HMI gets an immediate, well-formed answer instead of a time-out,
     * so its poll cycle and its operators are not disturbed by a block.
     */
    EXCEPTION,
    /** No answer: the client times out, as if the message were lost. */
    DROP,
    /** The client's connection is reset (and the controller's closed). */
    RESET
}
