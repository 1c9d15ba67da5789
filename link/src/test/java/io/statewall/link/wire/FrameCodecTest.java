package io.statewall.link.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkLimits;
import io.statewall.link.LinkRecord;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every frame round-trips, split anywhere; every malformed frame is refused with its reason. */
class FrameCodecTest {
    private static final LinkLimits LIMITS = new LinkLimits(2 << 20, 1024, 4096, 1 << 20);

    private static final List<Frame> FRAMES = List.of(
            new Frame.Hello(Wire.VERSION, 5000, "statewall-nma"),
            new Frame.Welcome(Wire.VERSION, 123_456_789L),
            new Frame.Records(List.of(new LinkRecord(1, LinkRecord.Kind.EVENT, 1_700_000_000_000_000_000L, "{\"a\":1}"),
                    new LinkRecord(2, LinkRecord.Kind.HEARTBEAT, -5, "{\"state\":\"normal\"}"),
                    new LinkRecord(9, LinkRecord.Kind.PROCESS, 0, "{\"points\":{\"p\":\"\u00e9\u6c34\ud83d\ude00\"}}"))),
            new Frame.Ack(42),
            new Frame.CommandFrame(new Command.DeclareState(7, "maintenance", "shift-supervisor")),
            new Frame.CommandFrame(new Command.ReleaseState(8, "asma")),
            new Frame.CommandFrame(new Command.PushPolicy(9, "v12", "statewall-policy: 1\n")),
            new Frame.CommandFrame(new Command.PushBaseline(10, "b3", "baseline: {}\n")),
            new Frame.Result(new CommandResult(7, true, "declared")),
            new Frame.Result(new CommandResult(8, false, "no plant model")),
            new Frame.Keepalive(),
            new Frame.Error("protocol version 9 is not supported"));

    @Test
    void everyFrameRoundTripsWhereverTheStreamIsCut() throws Exception {
        for (Frame f : FRAMES) {
            WireWriter w = new WireWriter(16);
            FrameCodec.encode(f, w);
            byte[] bytes = Arrays.copyOf(w.array(), w.size());
            for (int cut = 0; cut <= bytes.length; cut++) {
                FrameReader r = new FrameReader(new Chunked(bytes, cut), LIMITS.maxFrameBytes());
                assertThat(decode(r)).as("%s cut at %d", f, cut).isEqualTo(f);
                assertThatThrownBy(() -> decode(r)).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void enrolmentAndRenewalFramesRoundTrip() throws Exception {
        byte[] csr = {0x30, 0x01, 0x02, 0x03};
        for (Frame f : List.of(new Frame.Enrol("nma-1", "c2VjcmV0", csr), new Frame.Enrolled(csr, new byte[] {9, 8}),
                new Frame.Renew(csr), new Frame.Renewed(new byte[] {7, 6, 5}), new Frame.Renew(new byte[0]))) {
            WireWriter w = new WireWriter(16);
            FrameCodec.encode(f, w);
            Frame back = decode(new FrameReader(new ByteArrayInputStream(w.array(), 0, w.size()), 1 << 16));
            assertThat(back).usingRecursiveComparison().isEqualTo(f);
        }
    }

    @Test
    void renewalFramesHaveTheDocumentedBytes() throws Exception {
        WireWriter w = new WireWriter(16);
        FrameCodec.encode(new Frame.Renew(new byte[] {0x30, 0x00}), w);
        FrameCodec.encode(new Frame.Renewed(new byte[] {0x30}), w);
        assertThat(HexFormat.of().formatHex(w.array(), 0, w.size()))
                .isEqualTo("00000007" + "0a" + "00000002" + "3000" + "00000006" + "0b" + "00000001" + "30");
    }

    @Test
    void severalFramesInOneStreamComeOutInOrder() throws Exception {
        WireWriter w = new WireWriter(16);
        FRAMES.forEach(f -> FrameCodec.encode(f, w));
        FrameReader r = new FrameReader(new ByteArrayInputStream(w.array(), 0, w.size()), LIMITS.maxFrameBytes());
        for (Frame f : FRAMES) {
            assertThat(decode(r)).isEqualTo(f);
        }
    }

    /** A named malformed frame and the reason it must be refused with. */
    private record Bad(String name, String hex, String reason) {
        /** Exactly these bytes. */
        static Bad raw(String name, String hex, String reason) {
            return new Bad(name, hex, reason);
        }

        /** A frame of this type and body: the length is computed. */
        static Bad body(String name, String hex, String reason) {
            int bytes = hex.replace(" ", "").length() / 2;
            return new Bad(name, String.format("%08x", bytes) + hex, reason);
        }
    }

    private static final List<Bad> MALFORMED = List.of(
            Bad.raw("empty frame", "00000000", "empty frame"),
            Bad.raw("length over the limit, refused before allocating", "7fffffff04", "more than the limit"),
            Bad.raw("stream ends inside the frame", "00000009 04 0000", "ended inside a frame"),
            Bad.body("unknown type", "7e", "unknown type 0x7e"),
            Bad.body("ACK too short", "04 00000001", "frame ends inside seq"),
            Bad.body("ACK with a byte too many", "04 0000000000000001 00", "1 bytes after its last field"),
            Bad.body("ACK of a negative seq", "04 ffffffffffffffff", "out of range"),
            Bad.body("HELLO from something else", "01 48545450 0001 000003e8 00000000", "not a Statewall link peer"),
            Bad.body("RECORDS with no record", "03 00000000", "RECORDS count 0"),
            Bad.body("RECORDS count larger than the frame", "03 000003e8", "does not fit the frame"),
            Bad.body("RECORDS seq 0", "03 00000001 0000000000000000 01 0000000000000000 00000002 7b7d", "seqs rise from 1"),
            Bad.body("RECORDS seq going back", "03 00000002 0000000000000005 01 0000000000000000 00000002 7b7d"
                            + " 0000000000000005 01 0000000000000000 00000002 7b7d", "record seq 5 after 5"),
            Bad.body("RECORDS unknown kind", "03 00000001 0000000000000001 09 0000000000000000 00000002 7b7d", "record kind 9"),
            Bad.body("RECORDS json not an object", "03 00000001 0000000000000001 01 0000000000000000 00000003 616263", "is not a JSON object"),
            Bad.body("RECORDS json on two lines", "03 00000001 0000000000000001 01 0000000000000000 00000003 7b0a7d", "spans several lines"),
            Bad.body("RECORDS json not UTF-8", "03 00000001 0000000000000001 01 0000000000000000 00000003 7bff7d", "not valid UTF-8"),
            Bad.body("RECORDS json length beyond the frame", "03 00000001 0000000000000001 01 0000000000000000 00000064 7b7d", "frame ends inside json"),
            Bad.body("RECORDS record over the record limit", "03 00000001 0000000000000001 01 0000000000000000 00100000 7b7d", "more than 1024"),
            Bad.body("COMMAND of unknown kind", "05 0000000000000001 07", "command kind 7"),
            Bad.body("RESULT with ok 2", "06 0000000000000001 02 00000000", "not 0 or 1"),
            Bad.body("ERROR whose reason runs past the frame", "0f 000003e8 6869", "frame ends inside reason"),
            Bad.body("ERROR with a null reason", "0f ffffffff", "reason is required"),
            Bad.body("RENEW whose csr runs past the frame", "0a 00000010 3000", "frame ends inside csr"),
            Bad.body("RENEW with a csr over the certificate limit", "0a 00002001 3000", "csr is 8193 bytes, more than 8192"),
            Bad.body("RENEW with a byte after the csr", "0a 00000001 30 00", "RENEW frame has 1 bytes after its last field"),
            Bad.body("RENEWED without its certificate", "0b", "frame ends inside certificate length"),
            Bad.body("RENEWED with a certificate over the limit", "0b ffffffff", "more than 8192"),
            Bad.body("RENEWED with a byte after the certificate", "0b 00000001 30 00", "RENEWED frame has 1 bytes after"),
            Bad.body("WELCOME with a negative resume point", "02 0001 8000000000000000", "out of range"));

    @Test
    void malformedFramesAreRefusedWithTheirReason() {
        for (Bad b : MALFORMED) {
            byte[] bytes = HexFormat.of().parseHex(b.hex().replace(" ", ""));
            FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), LIMITS.maxFrameBytes());
            assertThatThrownBy(() -> decode(r)).as(b.name()).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(b.reason());
        }
    }

    @Test
    void garbageNeverEscapesAsAnythingButAProtocolErrorOrTheEndOfTheStream() throws Exception {
        java.util.Random random = new java.util.Random(7443);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length >= 5 && random.nextBoolean()) {
                // a plausible header, so that bodies get decoded too
                int len = bytes.length - 4;
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = (byte) (len >>> 8);
                bytes[3] = (byte) len;
                bytes[4] = (byte) (1 + random.nextInt(11));
            }
            FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), 1 << 16);
            try {
                while (true) {
                    decode(r);
                }
            } catch (ProtocolException | EOFException expected) {
                // refused, or ran out: both fine
            }
        }
    }

    private static Frame decode(FrameReader r) throws IOException, ProtocolException {
        WireReader w = r.next();
        return FrameCodec.decode(w.u8("type"), w, LIMITS);
    }

    /** Delivers the bytes in two reads, cut at {@code cut}, then one byte at a time. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final int cut;
        private int pos;

        Chunked(byte[] bytes, int cut) {
            this.bytes = bytes;
            this.cut = cut;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int end = pos < cut ? cut : bytes.length;
            int n = Math.max(1, Math.min(len, end - pos));
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
