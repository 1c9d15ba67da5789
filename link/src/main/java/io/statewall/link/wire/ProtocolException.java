package io.statewall.link.wire;

/**
 * A peer broke the link protocol (a frame too long, a field outside its range, a frame not
 * allowed at this point). The connection it came on is closed with this one-line reason logged;
 * nothing else is affected.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String reason) {
        super(reason, null, false, false);
    }
}
