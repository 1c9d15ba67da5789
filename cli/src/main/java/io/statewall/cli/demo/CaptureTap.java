package io.statewall.cli.demo;

import io.statewall.capture.write.TcpConversationRecorder;
import io.statewall.nma.inline.ConversationTap;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * {@code --pcap}: every conversation the NMA carries, recorded as the client's side of the wire
 * would show it between the client and the controller (blocked requests and the NMA's exception
 * answers included), as synthesised TCP packets in a pcap file. A conversation still open when
 * the run ends is closed in the file.
 */
final class CaptureTap implements ConversationTap {
    /**
     * The recording shows each controller on the Modbus/TCP port (MB-TCP §4.2), as a capture in a
     * plant would, rather than on the free port its simulated PLC got: tshark and
     * {@code statewall analyze} then take it as Modbus without being told.
     */
    static final int MODBUS_PORT = 502;

    private final TcpConversationRecorder recorder;

    CaptureTap(TcpConversationRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public ConversationTap.Conversation open(InetSocketAddress client, InetSocketAddress server, long epochNanos) {
        // (the recorder's Conversation: this class's own Conversation is the tap's)
        io.statewall.capture.write.Conversation c = recorder.open(client,
                new InetSocketAddress(server.getAddress(), MODBUS_PORT), epochNanos);
        return new ConversationTap.Conversation() {
            @Override
            public void fromClient(long at, MemorySegment data, long offset, int length) {
                c.clientData(at, data, offset, length);
            }

            @Override
            public void toClient(long at, MemorySegment data, long offset, int length) {
                c.serverData(at, data, offset, length);
            }

            @Override
            public void closed(long at) {
                c.close(at, true);
            }
        };
    }
}
