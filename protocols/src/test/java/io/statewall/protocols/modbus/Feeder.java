package io.statewall.protocols.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Drives a session as a TCP reassembler would: per direction, bytes the session did not
 * consume are offered again in front of the next chunk. Checks the streaming contract on
 * every call: 0 ≤ consumed ≤ offered, and consumed > 0 whenever 260 bytes or more are offered.
 */
final class Feeder {
    final RecordingListener listener;
    final ModbusSession session;
    private final boolean nativeMemory;
    private byte[] pendingToServer = new byte[0];
    private byte[] pendingToClient = new byte[0];

    Feeder() {
        this(ModbusLimits.DEFAULT, false);
    }

    Feeder(ModbusLimits limits) {
        this(limits, false);
    }

    /** @param nativeMemory offer the bytes in off-heap segments instead of heap arrays */
    Feeder(ModbusLimits limits, boolean nativeMemory) {
        this.listener = new RecordingListener();
        this.session = new ModbusSession(limits, listener, "flow-1");
        this.nativeMemory = nativeMemory;
    }

    Feeder request(byte[] bytes) {
        feed(true, bytes, 0);
        return this;
    }

    Feeder response(byte[] bytes) {
        feed(false, bytes, 0);
        return this;
    }

    int feed(boolean toServer, byte[] chunk, long timestampNanos) {
        byte[] pending = toServer ? pendingToServer : pendingToClient;
        byte[] offered = Frames.concat(pending, chunk);
        int consumed = offer(toServer, offered, timestampNanos);
        assertThat(consumed).as("consumed of %d offered", offered.length).isBetween(0, offered.length);
        if (offered.length >= Mbap.MAX_ADU) {
            assertThat(consumed).as("progress with %d bytes offered", offered.length).isPositive();
        }
        byte[] rest = Arrays.copyOfRange(offered, consumed, offered.length);
        if (toServer) {
            pendingToServer = rest;
        } else {
            pendingToClient = rest;
        }
        return consumed;
    }

    private int offer(boolean toServer, byte[] offered, long timestampNanos) {
        if (!nativeMemory) {
            // Place the bytes at a non-zero offset so that offset handling is exercised.
            byte[] padded = Frames.concat(new byte[] {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE}, offered, new byte[] {(byte) 0xEE});
            return session.onData(toServer, MemorySegment.ofArray(padded), 3, offered.length, timestampNanos);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(offered.length + 1);
            MemorySegment.copy(offered, 0, segment, ValueLayout.JAVA_BYTE, 1, offered.length);
            return session.onData(toServer, segment, 1, offered.length, timestampNanos);
        }
    }

    void gap(boolean toServer, long timestampNanos) {
        if (toServer) {
            pendingToServer = new byte[0];
        } else {
            pendingToClient = new byte[0];
        }
        session.onGap(toServer, timestampNanos);
    }

    void end(long timestampNanos) {
        session.onEnd(timestampNanos);
    }

    int pending(boolean toServer) {
        return (toServer ? pendingToServer : pendingToClient).length;
    }
}
