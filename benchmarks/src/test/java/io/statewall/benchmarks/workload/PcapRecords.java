package io.statewall.benchmarks.workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deliberately plain reader of the files under test (ByteBuffer, no shared code with the
 * writer), so that a writer bug cannot be mirrored by the reader that checks it.
 */
final class PcapRecords {
    private PcapRecords() {}

    /** One Ethernet/IPv4/TCP frame and the fields the tests look at. */
    record Frame(int number, long micros, byte[] bytes) {
        ByteBuffer be() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        }

        int etherType() {
            return be().getShort(12) & 0xFFFF;
        }

        int ipHeaderLength() {
            return (bytes[14] & 0x0F) * 4;
        }

        int ipTotalLength() {
            return be().getShort(16) & 0xFFFF;
        }

        int ipId() {
            return be().getShort(18) & 0xFFFF;
        }

        int ttl() {
            return bytes[22] & 0xFF;
        }

        int srcIp() {
            return be().getInt(26);
        }

        int dstIp() {
            return be().getInt(30);
        }

        int tcp() {
            return 14 + ipHeaderLength();
        }

        int srcPort() {
            return be().getShort(tcp()) & 0xFFFF;
        }

        int dstPort() {
            return be().getShort(tcp() + 2) & 0xFFFF;
        }

        long seq() {
            return be().getInt(tcp() + 4) & 0xFFFF_FFFFL;
        }

        long ack() {
            return be().getInt(tcp() + 8) & 0xFFFF_FFFFL;
        }

        int tcpHeaderLength() {
            return ((bytes[tcp() + 12] & 0xF0) >>> 4) * 4;
        }

        int flags() {
            return bytes[tcp() + 13] & 0xFF;
        }

        int window() {
            return be().getShort(tcp() + 14) & 0xFFFF;
        }

        int payloadOffset() {
            return tcp() + tcpHeaderLength();
        }

        int payloadLength() {
            return 14 + ipTotalLength() - payloadOffset();
        }

        byte[] options() {
            return java.util.Arrays.copyOfRange(bytes, tcp() + 20, payloadOffset());
        }

        byte[] payload() {
            return java.util.Arrays.copyOfRange(bytes, payloadOffset(), payloadOffset() + payloadLength());
        }
    }

    /** Global header fields, for the tests that check them. */
    record Header(int magic, int major, int minor, int snaplen, int linkType) {}

    static Header header(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        return new Header(b.getInt(0), b.getShort(4) & 0xFFFF, b.getShort(6) & 0xFFFF, b.getInt(16), b.getInt(20));
    }

    static List<Frame> read(Path pcap) throws IOException {
        List<Frame> frames = new ArrayList<>();
        forEach(pcap, frames::add);
        return frames;
    }

    /** Streams the records; throws if the file is cut inside a record or lengths disagree. */
    static void forEach(Path pcap, Consumer<Frame> action) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4) {
            throw new IOException("not a little-endian microsecond pcap");
        }
        int at = 24;
        int n = 0;
        while (at < b.limit()) {
            if (at + 16 > b.limit()) {
                throw new IOException("record header cut at byte " + at);
            }
            long seconds = b.getInt(at) & 0xFFFF_FFFFL;
            long micros = b.getInt(at + 4) & 0xFFFF_FFFFL;
            int incl = b.getInt(at + 8);
            int orig = b.getInt(at + 12);
            if (micros >= 1_000_000 || incl != orig || incl < 0 || at + 16 + incl > b.limit()) {
                throw new IOException("bad record header at byte " + at);
            }
            byte[] frame = new byte[incl];
            b.get(at + 16, frame);
            action.accept(new Frame(++n, seconds * 1_000_000L + micros, frame));
            at += 16 + incl;
        }
    }
}
