package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.statewall.capture.flow.FlowEndReason;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A recorded conversation read back through our own capture reader, decoder, flow table and
 * TCP reassembly: both streams come back byte for byte, and reassembly meets no gap, overlap,
 * retransmission or out-of-order segment.
 */
class RecorderRoundTripTest {
    static final long T0 = 1_750_000_000_000_000_000L;
    /** More than three full segments over either family, and odd. */
    static final int LARGE = 3 * 1460 + 5_627;

    @TempDir
    Path dir;

    static Stream<Arguments> connections() {
        return Stream.of(
                argumentSet("IPv4, the client closes", "192.168.10.5", "192.168.10.20", true, 4),
                argumentSet("IPv4, the server closes", "192.168.10.5", "192.168.10.20", false, 4),
                argumentSet("IPv6, the client closes", "2001:db8:10::5", "2001:db8:10::20", true, 6),
                argumentSet("IPv6, the server closes", "2001:db8:10::5", "2001:db8:10::20", false, 6),
                argumentSet("IPv4 client of an IPv6 server: IPv4-mapped", "192.168.10.5", "2001:db8:10::20", true, 6));
    }

    @ParameterizedTest
    @MethodSource("connections")
    void bothStreamsComeBackExactlyAndReassemblyIsClean(String clientHost, String serverHost, boolean clientCloses,
                                                       int ipVersion) throws Exception {
        InetSocketAddress client = at(clientHost, 49_731);
        InetSocketAddress server = at(serverHost, 502);
        byte[] upload = new byte[LARGE];
        byte[] download = new byte[LARGE + 1];
        new SplittableRandom(11).nextBytes(upload);
        new SplittableRandom(12).nextBytes(download);
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();

        Path file = dir.resolve("round-trip.pcap");
        long packets;
        try (Arena arena = Arena.ofConfined();
             TcpConversationRecorder r = TcpConversationRecorder.create(file)) {
            // The large upload comes from native memory at an offset, as a proxy's direct buffer would.
            MemorySegment nativeUpload = arena.allocate(LARGE + 64);
            MemorySegment.copy(MemorySegment.ofArray(upload), 0, nativeUpload, 64, LARGE);

            Conversation c = r.open(client, server, T0);
            assertThat(c.ipVersion()).isEqualTo(ipVersion);
            c.clientData(T0 + 1_000, ModbusAdus.READ_REQUEST);
            c.serverData(T0 + 350_000, ModbusAdus.READ_RESPONSE);
            c.clientData(T0 + 400_000, nativeUpload, 64, LARGE);
            c.serverData(T0 + 900_000, download, 0, download.length);
            c.clientData(T0 + 1_000_000, ModbusAdus.WRITE_REQUEST);
            c.serverData(T0 + 1_200_000, ModbusAdus.WRITE_RESPONSE);
            assertThat(c.close(T0 + 2_000_000, clientCloses)).isTrue();
            packets = r.packets();
        }
        toServer.writeBytes(ModbusAdus.READ_REQUEST);
        toServer.writeBytes(upload);
        toServer.writeBytes(ModbusAdus.WRITE_REQUEST);
        toClient.writeBytes(ModbusAdus.READ_RESPONSE);
        toClient.writeBytes(download);
        toClient.writeBytes(ModbusAdus.WRITE_RESPONSE);

        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        rb.assertMonotonic();
        assertThat(rb.segments).hasSize((int) packets).allSatisfy(s -> assertThat(s.ipVersion()).isEqualTo(ipVersion));
        assertThat(rb.flows).singleElement().satisfies(f -> {
            assertThat(f.flow.sawHandshake()).as("client and server known from the SYN").isTrue();
            assertThat(f.flow.ipVersion()).isEqualTo(ipVersion);
            assertThat(new long[] {f.flow.clientAddrHi(), f.flow.clientAddrLo()}).isEqualTo(words(client, ipVersion));
            assertThat(new long[] {f.flow.serverAddrHi(), f.flow.serverAddrLo()}).isEqualTo(words(server, ipVersion));
            assertThat(f.flow.clientPort()).isEqualTo(49_731);
            assertThat(f.flow.serverPort()).isEqualTo(502);
            assertThat(f.toServer.toByteArray()).isEqualTo(toServer.toByteArray());
            assertThat(f.toClient.toByteArray()).isEqualTo(toClient.toByteArray());
            assertThat(f.end).isEqualTo(FlowEndReason.FIN);
        });
        assertThat(rb.table.packetsIgnored()).as("only the last ACK, after both FINs ended the flow").isEqualTo(1);
    }

    /** The address as {@link io.statewall.capture.Packet} keeps it: two longs, IPv4 in the low word. */
    private static long[] words(InetSocketAddress endpoint, int ipVersion) {
        byte[] a = endpoint.getAddress().getAddress();
        if (ipVersion == 4) {
            return new long[] {0, ByteBuffer.wrap(a).getInt() & 0xFFFF_FFFFL};
        }
        byte[] v6 = new byte[16];
        if (a.length == 4) {
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(a, 0, v6, 12, 4);
        } else {
            v6 = a;
        }
        ByteBuffer b = ByteBuffer.wrap(v6);
        return new long[] {b.getLong(), b.getLong()};
    }
}
