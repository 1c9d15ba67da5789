package io.statewall.benchmarks.baseline;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.Packet;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How much traffic a capture holds: its packets and the time from its first to its last, the
 * hours a false-alert rate is taken over.
 */
record CaptureSpan(long packets, long firstNanos, long lastNanos) {
    double hours() {
        return packets == 0 ? 0 : (lastNanos - firstNanos) / 3.6e12;
    }

    static CaptureSpan of(Path capture) throws IOException {
        long packets = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            Packet p = new Packet();
            while (reader.next(p)) {
                packets++;
                first = Math.min(first, p.timestampNanos());
                last = Math.max(last, p.timestampNanos());
            }
        } catch (CaptureFormatException e) {
            throw new IOException(capture + ": " + e.getMessage(), e);
        }
        return packets == 0 ? new CaptureSpan(0, 0, 0) : new CaptureSpan(packets, first, last);
    }
}
