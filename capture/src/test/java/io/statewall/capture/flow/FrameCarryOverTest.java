package io.statewall.capture.flow;

import static io.statewall.capture.flow.Wire.ACK;
import static io.statewall.capture.flow.Wire.SYN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A handler that consumes only whole frames of a toy length-prefixed protocol
 * ({@code [length: 1 byte][length bytes]}) must see exactly the frames that were sent, however
 * the stream is cut into segments and in whatever order the segments arrive: the reassembler
 * carries the partial frame over.
 */
class FrameCarryOverTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long ISN = 0xFFFF_FFF0L; // the stream crosses 2^32

    /** Frames of the toy protocol, among them an empty one and one longer than many cuts. */
    private static final List<String> FRAMES = List.of("a", "", "hello", "x".repeat(40), "bye");

    static final class FrameHandler extends RecordingHandler {
        final List<String> frames = new ArrayList<>();
        int offers;

        @Override
        public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
            offers++;
            int consumed = 0;
            while (consumed < length) {
                int frameLength = data.get(JAVA_BYTE, offset + consumed) & 0xFF;
                if (length - consumed - 1 < frameLength) {
                    break; // partial frame: ask for more
                }
                byte[] body = new byte[frameLength];
                MemorySegment.copy(data, JAVA_BYTE, offset + consumed + 1, body, 0, frameLength);
                frames.add(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
                consumed += 1 + frameLength;
            }
            return consumed;
        }
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : FRAMES) {
            out.write(f.length());
            out.writeBytes(Wire.ascii(f));
        }
        return out.toByteArray();
    }

    private static List<String> replay(byte[] stream, int[] cuts, boolean reversed) {
        FrameHandler handler = new FrameHandler();
        FlowTable table = new FlowTable(FlowLimits.defaults(), handler, 502);
        table.process(Wire.tcp(true, ISN, 0, SYN, new byte[0], T0));
        List<int[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(new int[] {from, cut});
            from = cut;
        }
        pieces.add(new int[] {from, stream.length});
        if (reversed) {
            pieces = pieces.reversed();
        }
        for (int[] piece : pieces) {
            byte[] payload = Arrays.copyOfRange(stream, piece[0], piece[1]);
            if (payload.length > 0) {
                table.process(Wire.tcp(true, ISN + 1 + piece[0], 0, ACK, payload, T0));
            }
        }
        assertThat(table.bufferedBytes()).as("everything consumed, no buffer held").isZero();
        table.finish(T0 + 1);
        assertThat(table.gaps()).isZero();
        return handler.frames;
    }

    @Test
    void everyFrameArrivesWhateverTwoCutsSplitTheStream() {
        byte[] s = stream();
        for (int i = 0; i <= s.length; i++) {
            for (int j = i; j <= s.length; j++) {
                int[] cuts = {i, j};
                assertThat(replay(s, cuts, false)).as("cuts %d,%d in order", i, j).containsExactlyElementsOf(FRAMES);
                assertThat(replay(s, cuts, true)).as("cuts %d,%d reversed", i, j).containsExactlyElementsOf(FRAMES);
            }
        }
    }

    @Test
    void oneByteSegmentsCarryEachPartialFrameAlong() {
        byte[] s = stream();
        int[] cuts = new int[s.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertThat(replay(s, cuts, false)).containsExactlyElementsOf(FRAMES);
    }

    @Test
    void partialFrameIsOfferedAgainWithTheNextSegmentsBytesBehindIt() {
        FrameHandler handler = new FrameHandler();
        FlowTable table = new FlowTable(FlowLimits.defaults(), handler, 502);
        table.process(Wire.tcp(true, 100, 0, ACK, new byte[] {3, 'a', 'b'}, T0)); // frame of 3, 2 present
        assertThat(handler.frames).isEmpty();
        assertThat(table.bufferedBytes()).isPositive();
        table.process(Wire.tcp(true, 103, 0, ACK, new byte[] {'c', 1, 'd', 2}, T0)); // completes it, one more, a partial
        assertThat(handler.frames).containsExactly("abc", "d");
        table.process(Wire.tcp(true, 107, 0, ACK, new byte[] {'e', 'f'}, T0));
        assertThat(handler.frames).containsExactly("abc", "d", "ef");
        assertThat(table.bufferedBytes()).isZero();
    }
}
