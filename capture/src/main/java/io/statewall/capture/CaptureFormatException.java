package io.statewall.capture;

/**
 * A capture could not be opened: the file is missing or unreadable, empty, or not a pcap or
 * pcapng file. This is the user's mistake, not ours, so the message is one short line naming
 * the file and the reason, fit to print as is: {@code "x.pcap: not a pcap or pcapng file
 * (magic 0x3c68746d)"}.
 *
 * <p>Damage after a readable file header is not reported this way: readers return every
 * packet before it and then say so through {@link CaptureReader#truncated()}.
 */
public final class CaptureFormatException extends Exception {
    private final String source;
    private final String reason;

    public CaptureFormatException(String source, String reason) {
        super(source + ": " + reason);
        this.source = source;
        this.reason = reason;
    }

    /** The file (or other source) name as the caller gave it. */
    public String source() { return source; }

    /** The message without the source name. */
    public String reason() { return reason; }
}
