package io.statewall.capture;

/**
 * Why L2–L4 decoding of a frame stopped before a transport payload was found. Hostile or
 * damaged frames are normal on a plant network: they are counted, never thrown.
 */
public enum DecodeIssue {
    NONE,
    /** Not IPv4/IPv6, or not TCP/UDP: nothing for us, not an error. */
    NOT_IP,
    UNSUPPORTED_LINK_TYPE,
    /** The frame ends inside a header (snap length or a damaged capture). */
    TRUNCATED,
    /** A header field is impossible (IHL < 5, TCP data offset < 5, IP total length < header …). */
    BAD_HEADER,
    /** An IP fragment: not reassembled, counted. */
    FRAGMENT,
    /** IP but neither TCP nor UDP. */
    OTHER_TRANSPORT
}
