package io.statewall.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Arbitrary bytes as a capture file, through the reader and the decoder. Nothing may escape
 * but {@link CaptureFormatException} from opening, and what comes out must stay inside the
 * input. Seeds: small valid captures written by {@link CaptureBytes#main}, in
 * {@code PcapReaderFuzzTestInputs/readAndDecode/}.
 */
class PcapReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void readAndDecode(byte[] input) {
        CaptureReader reader;
        try {
            reader = CaptureFiles.open(MemorySegment.ofArray(input), "fuzz");
        } catch (CaptureFormatException e) {
            check(!e.getMessage().contains("\n"), "one-line message", e.getMessage());
            return;
        }
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        long packets = 0;
        try (reader) {
            while (reader.next(p)) {
                packets++;
                check(p.frameNumber() == packets, "frame numbers count up", p.frameNumber());
                check(p.capturedLength() >= 0 && p.frameOffset() >= 0
                        && p.frameOffset() + p.capturedLength() <= input.length, "frame inside the input", p.frameOffset());
                decoder.decode(p);
                long frameEnd = p.frameOffset() + p.capturedLength();
                if (p.issue() == DecodeIssue.NONE) {
                    check(p.protocol() == Packet.PROTO_TCP || p.protocol() == Packet.PROTO_UDP, "transport", p.protocol());
                    check(p.payloadOffset() >= p.frameOffset() && p.payloadLength() >= 0
                            && p.payloadOffset() + p.payloadLength() <= frameEnd, "payload inside the frame",
                            p.payloadOffset());
                } else {
                    check(p.protocol() == 0 && p.payloadLength() == 0, "no transport after an issue", p.issue());
                }
            }
            check(reader.packetsRead() == packets, "packetsRead", reader.packetsRead());
        }
    }

    private static void check(boolean condition, String what, Object value) {
        if (!condition) {
            throw new AssertionError(what + ": " + value);
        }
    }
}
