package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpConnectionTest {
    private static final Host MASTER = new Host(Host.ipv4(10, 10, 1, 10), 0x02005A000001L, 64);
    private static final Host PLC = new Host(Host.ipv4(10, 10, 2, 20), 0x02005C000002L, 255);
    private static final long CLIENT_ISN = 0xFFFF_FFF0L; // wraps during the test
    private static final long SERVER_ISN = 1000;
    private static final int A = TcpSegmentEncoder.ACK;
    private static final int PA = TcpSegmentEncoder.PSH | TcpSegmentEncoder.ACK;
    private static final int FA = TcpSegmentEncoder.FIN | TcpSegmentEncoder.ACK;

    @TempDir
    Path dir;

    /** Expected segments: who sends, flags, seq and ack relative to the ISNs (mod 2^32), payload length. */
    private record Expect(String name, boolean fromClient, int flags, long relSeq, long relAck, int payload) {}

    @Test
    void aWholeConnectionKeepsSequenceAndAcknowledgmentNumbersExact() throws IOException {
        FrameQueue q = new FrameQueue(4096);
        TcpConnection c = new TcpConnection(q, MASTER, PLC, 502, 1024, 65_534);
        c.reset(40_001, CLIENT_ISN, SERVER_ISN, 0x7000, 5_000, 64_240, 4096);
        MemorySegment req = MemorySegment.ofArray(new byte[12]);
        MemorySegment resp = MemorySegment.ofArray(new byte[11]);
        long t = 10_000_000;
        c.clientSyn(t);
        c.serverSynAck(t + 1);
        c.clientHandshakeAck(t + 2);
        assertThat(c.isOpen()).isTrue();
        c.clientData(t + 3, req, 12);
        c.serverAck(t + 4);
        c.serverData(t + 5, resp, 11);
        c.clientAck(t + 6);
        c.clientFin(t + 7);
        assertThat(c.isOpen()).isFalse();
        c.serverFin(t + 8);
        c.clientAck(t + 9);

        List<Expect> expected = List.of(
                new Expect("SYN", true, TcpSegmentEncoder.SYN, 0, -1, 0),
                new Expect("SYN-ACK", false, TcpSegmentEncoder.SYN | A, 0, 1, 0),
                new Expect("handshake ACK", true, A, 1, 1, 0),
                new Expect("request", true, PA, 1, 1, 12),
                new Expect("early ACK of the request", false, A, 1, 13, 0),
                new Expect("response", false, PA, 1, 13, 11),
                new Expect("delayed ACK", true, A, 13, 12, 0),
                new Expect("client FIN", true, FA, 13, 12, 0),
                new Expect("server FIN acks the client's FIN", false, FA, 12, 14, 0),
                new Expect("last ACK acks the server's FIN", true, A, 14, 13, 0));

        Path pcap = dir.resolve("c.pcap");
        try (PcapFileWriter w = new PcapFileWriter(pcap, 1 << 16)) {
            while (!q.isEmpty()) {
                q.writeHead(w);
            }
        }
        List<PcapRecords.Frame> frames = PcapRecords.read(pcap);
        assertThat(frames).hasSize(expected.size());
        for (int i = 0; i < frames.size(); i++) {
            PcapRecords.Frame f = frames.get(i);
            Expect e = expected.get(i);
            long ownIsn = e.fromClient() ? CLIENT_ISN : SERVER_ISN;
            long peerIsn = e.fromClient() ? SERVER_ISN : CLIENT_ISN;
            assertThat(f.srcIp()).as(e.name()).isEqualTo(e.fromClient() ? MASTER.ipv4() : PLC.ipv4());
            assertThat(f.srcPort()).as(e.name()).isEqualTo(e.fromClient() ? 40_001 : 502);
            assertThat(f.flags()).as(e.name()).isEqualTo(e.flags());
            assertThat(f.seq()).as(e.name() + " seq").isEqualTo((ownIsn + e.relSeq()) & 0xFFFF_FFFFL);
            if (e.relAck() >= 0) {
                assertThat(f.ack()).as(e.name() + " ack").isEqualTo((peerIsn + e.relAck()) & 0xFFFF_FFFFL);
            } else {
                assertThat(f.ack()).as("a bare SYN acknowledges nothing").isZero();
            }
            assertThat(f.payloadLength()).as(e.name()).isEqualTo(e.payload());
            assertThat(f.window()).as(e.name()).isEqualTo(e.fromClient() ? 64_240 : 4096);
            assertThat(f.ttl()).as(e.name()).isEqualTo(e.fromClient() ? 64 : 255);
        }
    }

    @Test
    void synOffersLinuxOptionsAndTheSynAckOnlyMss() throws IOException {
        FrameQueue q = new FrameQueue(4096);
        TcpConnection c = new TcpConnection(q, MASTER, PLC, 502, 1024, 0);
        c.reset(40_001, 1, 2, 0, 0x0100_0000L, 64_240, 4096);
        c.clientSyn(3_000_000); // 3000 ms after the capture epoch
        c.serverSynAck(3_000_400);
        Path pcap = dir.resolve("syn.pcap");
        try (PcapFileWriter w = new PcapFileWriter(pcap, 1 << 16)) {
            q.writeHead(w);
            q.writeHead(w);
        }
        List<PcapRecords.Frame> f = PcapRecords.read(pcap);
        assertThat(HexFormat.of().formatHex(f.get(0).options())).isEqualTo(
                "020405b4" // MSS 1460
                + "0402" // SACK permitted
                + "080a" + "01000bb8" + "00000000" // timestamps: TSval = origin + 3000 ms, TSecr 0
                + "01" // NOP
                + "030307"); // window scale 7
        assertThat(HexFormat.of().formatHex(f.get(1).options())).isEqualTo("02040400"); // MSS 1024
    }

    @Test
    void ipIdentificationCountsPerSenderAndWraps() throws IOException {
        FrameQueue q = new FrameQueue(4096);
        TcpConnection c = new TcpConnection(q, MASTER, PLC, 502, 1460, 0xFFFF);
        c.reset(40_001, 1, 2, 0xFFFE, 0, 64_240, 4096);
        c.clientSyn(0);
        c.serverSynAck(1);
        c.clientHandshakeAck(2);
        c.serverAck(3);
        Path pcap = dir.resolve("id.pcap");
        try (PcapFileWriter w = new PcapFileWriter(pcap, 1 << 16)) {
            while (!q.isEmpty()) {
                q.writeHead(w);
            }
        }
        assertThat(PcapRecords.read(pcap)).extracting(PcapRecords.Frame::ipId).containsExactly(0xFFFE, 0xFFFF, 0xFFFF, 0);
    }
}
