package io.statewall.capture.flow;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every callback into a log of short lines and checks the contract on the way:
 * callbacks only between start and end of their flow, never an empty offer or gap.
 *
 * <p>Log lines: {@code start}, {@code >abc} / {@code <abc} (bytes offered to server / client,
 * ISO-8859-1; followed by {@code /n} when only n were consumed), {@code >gap 3},
 * {@code end FIN}.
 */
class RecordingHandler implements StreamHandler {
    final List<String> log = new ArrayList<>();
    final List<Flow> started = new ArrayList<>();
    final List<Flow> ended = new ArrayList<>();
    final ByteArrayOutputStream consumedToServer = new ByteArrayOutputStream();
    final ByteArrayOutputStream consumedToClient = new ByteArrayOutputStream();
    long gapBytes;
    long gaps;

    /** How many of the offered bytes to consume; everything by default. */
    protected int consume(Flow flow, boolean toServer, byte[] offered) {
        return offered.length;
    }

    @Override
    public void onFlowStart(Flow flow) {
        if (started.contains(flow)) {
            throw new AssertionError("started twice: " + flow);
        }
        started.add(flow);
        log.add("start");
    }

    @Override
    public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
        requireLive(flow);
        if (length <= 0) {
            throw new AssertionError("offered " + length + " bytes");
        }
        byte[] offered = new byte[length];
        MemorySegment.copy(data, JAVA_BYTE, offset, offered, 0, length);
        int consumed = consume(flow, toServer, offered);
        String line = (toServer ? ">" : "<") + new String(offered, java.nio.charset.StandardCharsets.ISO_8859_1);
        log.add(consumed == length ? line : line + "/" + consumed);
        (toServer ? consumedToServer : consumedToClient).write(offered, 0, consumed);
        return consumed;
    }

    @Override
    public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
        requireLive(flow);
        if (missingBytes <= 0) {
            throw new AssertionError("gap of " + missingBytes);
        }
        gaps++;
        gapBytes += missingBytes;
        log.add((toServer ? ">" : "<") + "gap " + missingBytes);
    }

    @Override
    public void onFlowEnd(Flow flow, FlowEndReason reason, long ts) {
        requireLive(flow);
        ended.add(flow);
        log.add("end " + reason);
    }

    private void requireLive(Flow flow) {
        if (!started.contains(flow) || ended.contains(flow)) {
            throw new AssertionError("callback outside the flow's life: " + flow);
        }
    }
}
