package io.statewall.nma.link;

import io.statewall.link.LinkClient;
import io.statewall.link.LinkRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The NMA's EVE output, teed to the ASMA: every line the {@code EveWriter} writes goes on to its
 * file (if any) unchanged, and is offered to the link as an EVENT record, without its newline.
 * Runs on the proxy's event loop: offering copies the line into the link's memory queue and
 * returns; nothing here waits for the network, and nothing is allocated per line.
 *
 * <p>Lines arrive in whatever pieces the writer hands over; a piece that ends inside a line is
 * kept until the rest comes. A line longer than the link's record limit is not offered (the
 * link would refuse it) and counted.
 */
public final class EveTee extends OutputStream {
    private final OutputStream downstream;
    private final LinkClient link;
    private final int maxLine;
    private byte[] carry = new byte[4096];
    private int carried;
    private boolean skipping;
    private long tooLong;

    /** @param downstream the EVE file or standard output, or null when EVE goes to the link only */
    public EveTee(OutputStream downstream, LinkClient link, int maxLineBytes) {
        this.downstream = downstream;
        this.link = link;
        this.maxLine = maxLineBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        tee(b, off, len);
        if (downstream != null) {
            downstream.write(b, off, len);
        }
    }

    private void tee(byte[] b, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (skipping) {
                skipping = false;
            } else if (carried == 0) {
                offer(b, start, i - start);
            } else if (append(b, start, i - start)) {
                offer(carry, 0, carried);
            }
            carried = 0;
            start = i + 1;
        }
        if (start < end && !skipping && !append(b, start, end - start)) {
            carried = 0;
        }
    }

    /** Adds to the partial line; false (and skipping to the next newline) when it grows too long. */
    private boolean append(byte[] b, int off, int len) {
        if (carried + len > maxLine) {
            tooLong++;
            skipping = true;
            carried = 0;
            return false;
        }
        if (carried + len > carry.length) {
            carry = Arrays.copyOf(carry, Math.min(maxLine, Math.max(carried + len, carry.length * 2)));
        }
        System.arraycopy(b, off, carry, carried, len);
        carried += len;
        return true;
    }

    private void offer(byte[] b, int off, int len) {
        if (len > maxLine) {
            tooLong++;
            return;
        }
        if (len > 0) {
            link.offer(LinkRecord.Kind.EVENT, link.nowNanos(), b, off, len);
        }
    }

    /** EVE lines too long for a link record (not sent; still in the EVE file). */
    public long tooLong() {
        return tooLong;
    }

    @Override
    public void flush() throws IOException {
        if (downstream != null) {
            downstream.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (downstream != null) {
            downstream.close();
        }
    }
}
