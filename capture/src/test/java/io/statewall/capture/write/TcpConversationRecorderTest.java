package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.capture.flow.FlowEndReason;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's life: closing with conversations open, time kept monotonic, failures, misuse. */
class TcpConversationRecorderTest {
    static final long T0 = 1_750_000_000_000_000_000L;
    static final InetSocketAddress SERVER = at("10.0.0.2", 502);

    @TempDir
    Path dir;

    private static InstantSource clockAt(long epochNanos) {
        return InstantSource.fixed(Instant.ofEpochSecond(0, epochNanos));
    }

    @Test
    void closingTheRecorderEndsEveryOpenConversationWithAFinExchange() throws Exception {
        Path file = dir.resolve("open.pcap");
        long closeTime = T0 + 60_000_000_000L;
        TcpConversationRecorder r = new TcpConversationRecorder(PcapWriter.create(file), clockAt(closeTime));
        Conversation left = r.open(at("10.0.0.1", 40_001), SERVER, T0);
        Conversation closed = r.open(at("10.0.0.1", 40_002), SERVER, T0 + 1);
        Conversation reset = r.open(at("10.0.0.1", 40_003), SERVER, T0 + 2);
        Conversation leftV6 = r.open(at("2001:db8::1", 40_004), at("2001:db8::2", 502), T0 + 3);
        left.clientData(T0 + 4, ModbusAdus.READ_REQUEST);
        leftV6.clientData(T0 + 5, ModbusAdus.READ_REQUEST);
        leftV6.serverData(T0 + 6, ModbusAdus.READ_RESPONSE);
        closed.close(T0 + 7, true);
        reset.reset(T0 + 8, true);
        assertThat(r.openConversations()).isEqualTo(2);
        long before = r.packets();

        r.close();

        assertThat(r.isClosed()).isTrue();
        assertThat(r.openConversations()).isZero();
        assertThat(r.conversationsOpened()).isEqualTo(4);
        assertThat(r.packets()).as("a FIN exchange for each left open").isEqualTo(before + 2 * 3);
        assertThat(left.isOpen()).isFalse();
        assertThat(leftV6.isOpen()).isFalse();

        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        rb.assertMonotonic();
        assertThat(rb.flows).extracting(f -> f.flow.clientPort() + " " + f.end).containsExactlyInAnyOrder(
                "40001 FIN", "40002 FIN", "40003 RST", "40004 FIN");
        List<ReadBack.Segment> closing = rb.segments.subList(rb.segments.size() - 6, rb.segments.size());
        assertThat(closing).extracting(s -> s.shape(502))
                .as("the client closes, as a proxy shutting down closes towards the server")
                .containsExactly("c FA 0", "s FA 0", "c A 0", "c FA 0", "s FA 0", "c A 0");
        assertThat(closing).allSatisfy(s -> assertThat(s.nanos()).isEqualTo(closeTime));
        assertThat(rb.flows.stream().filter(f -> f.flow.clientPort() == 40_004).findFirst().orElseThrow()
                .toClient.toByteArray()).isEqualTo(ModbusAdus.READ_RESPONSE);
    }

    @Test
    void afterCloseEveryCallIsRefusedQuietlyAndWritesNothing() throws Exception {
        Path file = dir.resolve("after.pcap");
        TcpConversationRecorder r = TcpConversationRecorder.create(file);
        Conversation c = r.open(at("10.0.0.1", 40_001), SERVER, T0);
        r.close();
        long size = Files.size(file);

        assertThat(c.clientData(T0 + 1, ModbusAdus.READ_REQUEST)).isFalse();
        assertThat(c.serverData(T0 + 1, MemorySegment.ofArray(ModbusAdus.READ_RESPONSE), 0, 29)).isFalse();
        assertThat(c.close(T0 + 1, true)).isFalse();
        assertThat(c.reset(T0 + 1, true)).isFalse();
        Conversation late = r.open(at("10.0.0.1", 40_002), SERVER, T0 + 2);
        assertThat(late.isOpen()).as("opened after close: over from the start").isFalse();
        assertThat(late.clientData(T0 + 3, ModbusAdus.READ_REQUEST)).isFalse();
        assertThat(r.flush()).isFalse();
        r.close(); // again: nothing happens

        assertThat(r.conversationsOpened()).isEqualTo(1);
        assertThat(r.packets()).isEqualTo(6);
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void timestampsNeverGoBackInTheFile() throws Exception {
        Path file = dir.resolve("time.pcap");
        TcpConversationRecorder r = new TcpConversationRecorder(PcapWriter.create(file), clockAt(T0));
        Conversation a = r.open(at("10.0.0.1", 40_001), SERVER, T0 + 100);
        a.clientData(T0 + 50, ModbusAdus.READ_REQUEST);          // the caller's clock stepped back
        a.serverData(T0 + 200, ModbusAdus.READ_RESPONSE);
        Conversation b = r.open(at("10.0.0.1", 40_002), SERVER, T0 + 150);
        b.clientData(T0 + 300, ModbusAdus.WRITE_REQUEST);
        a.close(T0 + 250, true);
        r.close();                                                 // the clock is behind too

        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        rb.assertMonotonic();
        assertThat(rb.segments).extracting(s -> s.nanos() - T0).containsExactly(
                100L, 100L, 100L,         // a's handshake
                100L, 100L,               // a's request and its ACK: moved up to 100
                200L, 200L,               // the response and its ACK
                200L, 200L, 200L,         // b's handshake, asked for at 150
                300L, 300L,               // b's request
                300L, 300L, 300L,         // a's FIN exchange, asked for at 250
                300L, 300L, 300L);        // b's, at close: the clock says 0
    }

    @Test
    void timesAPcapCannotHoldAreClampedNotThrown() throws Exception {
        Path file = dir.resolve("range.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            Conversation c = r.open(at("10.0.0.1", 40_001), SERVER, -5);
            c.clientData(Long.MAX_VALUE, ModbusAdus.READ_REQUEST);
            c.close(Long.MAX_VALUE, true);
        }
        ReadBack rb = ReadBack.of(file);
        assertThat(rb.segments).extracting(ReadBack.Segment::nanos).containsExactly(0L, 0L, 0L,
                PcapWriter.MAX_EPOCH_NANOS, PcapWriter.MAX_EPOCH_NANOS,
                PcapWriter.MAX_EPOCH_NANOS, PcapWriter.MAX_EPOCH_NANOS, PcapWriter.MAX_EPOCH_NANOS);
    }

    @Test
    void aWriteFailureIsKeptCountedAndThrownAtClose() {
        MemoryChannel full = MemoryChannel.failingAfter(100);
        TcpConversationRecorder r = new TcpConversationRecorder(new PcapWriter(full, PcapWriter.MIN_BUFFER_BYTES));
        Conversation c = r.open(at("10.0.0.1", 40_001), SERVER, T0);
        assertThat(c.clientData(T0 + 1, ModbusAdus.READ_REQUEST)).isTrue();
        assertThat(r.flush()).as("the disk is full").isFalse();
        IOException failure = r.failure().orElseThrow();
        assertThat(failure).hasMessageContaining("No space");

        assertThat(c.serverData(T0 + 2, ModbusAdus.READ_RESPONSE)).as("not recorded").isFalse();
        assertThat(c.clientData(T0 + 3, new byte[3000])).isFalse();
        assertThat(r.droppedPackets()).isEqualTo(2 + 5);
        assertThat(r.flush()).isFalse();

        assertThatThrownBy(r::close).isSameAs(failure);
        assertThat(r.droppedPackets()).as("the FIN exchange of the open conversation").isEqualTo(2 + 5 + 3);
        assertThat(c.isOpen()).isFalse();
        assertThat(full.isOpen()).as("the file is closed all the same").isFalse();
    }

    @Test
    void flushedPacketsAreReadableWhileRecordingGoesOn() throws Exception {
        Path file = dir.resolve("live.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            Conversation c = r.open(at("10.0.0.1", 40_001), SERVER, T0);
            c.clientData(T0 + 1, ModbusAdus.READ_REQUEST);
            assertThat(r.flush()).isTrue();
            ReadBack now = ReadBack.of(file);
            assertThat(now.segments).hasSize(5);
            assertThat(now.flows.getFirst().toServer.toByteArray()).isEqualTo(ModbusAdus.READ_REQUEST);
            c.serverData(T0 + 2, ModbusAdus.READ_RESPONSE);
        }
        assertThat(ReadBack.of(file).segments).hasSize(5 + 2 + 3);
    }

    @Test
    void theSameCallsWriteTheSameBytesAndConnectionsGetTheirOwnSequenceNumbers() throws Exception {
        Path one = dir.resolve("one.pcap");
        Path two = dir.resolve("two.pcap");
        for (Path file : new Path[] {one, two}) {
            try (TcpConversationRecorder r = new TcpConversationRecorder(PcapWriter.create(file), clockAt(T0))) {
                r.open(at("10.0.0.1", 40_001), SERVER, T0).clientData(T0, ModbusAdus.READ_REQUEST);
                r.open(at("10.0.0.1", 40_002), SERVER, T0).clientData(T0, ModbusAdus.READ_REQUEST);
                r.open(at("10.0.0.1", 40_001), SERVER, T0 + 1).clientData(T0, ModbusAdus.READ_REQUEST);
            }
        }
        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
        List<ReadBack.Segment> syns = ReadBack.of(one).segments.stream().filter(s -> s.flags() == 0x02).toList();
        assertThat(syns).extracting(ReadBack.Segment::seq).as("ISNs of three connections").doesNotHaveDuplicates();
    }

    @Test
    void misuseIsAProgrammingErrorAndWritesNothing() throws Exception {
        try (TcpConversationRecorder r = new TcpConversationRecorder(new PcapWriter(MemoryChannel.discarding()))) {
            assertThatThrownBy(() -> r.open(InetSocketAddress.createUnresolved("hmi.invalid", 40_000), SERVER, T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
            assertThatThrownBy(() -> r.open(null, SERVER, T0)).isInstanceOf(NullPointerException.class);
            Conversation c = r.open(at("10.0.0.1", 40_001), SERVER, T0);
            long packets = r.packets();
            assertThatThrownBy(() -> c.clientData(T0, ModbusAdus.READ_REQUEST, 8, 5))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.serverData(T0, MemorySegment.ofArray(new byte[4]), 2, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.serverData(T0, MemorySegment.ofArray(new byte[4]), 0, -1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(r.packets()).isEqualTo(packets);
            assertThat(c.clientData(T0, new byte[0])).as("nothing to send: nothing written").isTrue();
            assertThat(r.packets()).isEqualTo(packets);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aRecordedConversationEndsTheWayItWasEnded() throws Exception {
        Path file = dir.resolve("ends.pcap");
        try (TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            r.open(at("10.0.0.1", 40_001), SERVER, T0).close(T0 + 1, true);
            r.open(at("10.0.0.1", 40_002), SERVER, T0).close(T0 + 1, false);
            r.open(at("10.0.0.1", 40_003), SERVER, T0).reset(T0 + 1, true);
            r.open(at("10.0.0.1", 40_004), SERVER, T0).reset(T0 + 1, false);
        }
        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        assertThat(rb.flows).extracting(f -> f.end)
                .containsExactly(FlowEndReason.FIN, FlowEndReason.FIN, FlowEndReason.RST, FlowEndReason.RST);
    }
}
