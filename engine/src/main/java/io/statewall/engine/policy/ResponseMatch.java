package io.statewall.engine.policy;

/**
 * The {@code response:} part of a match: conditions on the server's answer, judged when the
 * response arrives (MB-AP §7: an exception response echoes the function code with bit 0x80
 * set and carries one exception code byte).
 *
 * @param exception      true: only exception responses; false: only normal ones; null: either
 * @param exceptionCodes the exception codes (MB-AP §7 table: 1 illegal function …), null: any;
 *                       a non-null set implies {@code exception == true}
 */
public record ResponseMatch(Boolean exception, IntRanges exceptionCodes) {
    public ResponseMatch {
        if (exceptionCodes != null) {
            if (Boolean.FALSE.equals(exception)) {
                throw new IllegalArgumentException("exception codes given for a match on normal responses");
            }
            exception = Boolean.TRUE;
        }
    }
}
