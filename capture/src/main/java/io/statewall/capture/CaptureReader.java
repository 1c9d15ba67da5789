package io.statewall.capture;

/**
 * Walks the packets of one capture, in file order. Open one with {@link CaptureFiles#open}.
 *
 * <p>Reading never throws on damaged or hostile content: a record that runs past the end of
 * the file, or a length that cannot be right, ends the walk; every complete packet before it
 * has been returned and {@link #truncated()} turns true. Not thread-safe.
 */
public interface CaptureReader extends AutoCloseable {

    /**
     * Fills the frame fields of {@code p} (through {@link Packet#setFrame}) with the next
     * packet. {@link Packet#data()} then points into the mapped file, valid until
     * {@link #close()}; the decoded fields are cleared. Allocates nothing.
     *
     * @return false at the end of the capture (or after the reader was closed)
     */
    boolean next(Packet p);

    /**
     * True when the capture ended inside a record, or a record header could not be right
     * (a length past the end of the file, a bad block length): the walk stopped there.
     */
    boolean truncated();

    /** Packets returned so far: the {@link Packet#frameNumber()} of the last one. */
    long packetsRead();

    /** {@code "pcap"} or {@code "pcapng"}. */
    String format();

    /** Unmaps the file if this reader mapped it. Packets read before lose their bytes. */
    @Override
    void close();
}
