package io.statewall.capture.flow;

import static io.statewall.capture.flow.Wire.ACK;
import static io.statewall.capture.flow.Wire.FIN;
import static io.statewall.capture.flow.Wire.SYN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random streams cut into random segments, shuffled, duplicated, overlapped and thinned out:
 * the handler must see exactly the stream (or the stream minus what was removed, each loss
 * reported as a gap of the right size at the right place).
 *
 * <p>Property tests as seeded cases: each seed draws the stream, the initial sequence number
 * and the cutting, so a failure names the seed that reproduces it.
 */
class ReassemblyPropertiesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    static LongStream moreSeeds() {
        return LongStream.range(0, 500);
    }

    private static byte[] stream(Random r, int maxLength) {
        byte[] b = new byte[1 + r.nextInt(maxLength)];
        r.nextBytes(b);
        return b;
    }

    private static long drawnIsn(Random r) {
        return r.nextLong(0, 0x1_0000_0000L);
    }

    /** Checks every offered byte against the stream at its position; gaps advance the position. */
    static final class PositionChecker extends RecordingHandler {
        private final byte[] stream;
        private final Random consumption;
        long position;
        long delivered;

        PositionChecker(byte[] stream, Random consumption) {
            this.stream = stream;
            this.consumption = consumption;
        }

        @Override
        public int onData(Flow flow, boolean toServer, MemorySegment data, long offset, int length, long ts) {
            assertThat(toServer).isTrue();
            assertThat(position + length).as("offered beyond the stream").isLessThanOrEqualTo(stream.length);
            for (int i = 0; i < length; i++) {
                if (data.get(JAVA_BYTE, offset + i) != stream[(int) position + i]) {
                    throw new AssertionError("byte " + (position + i) + " differs");
                }
            }
            int consumed = consumption == null ? length : consumption.nextInt(length + 1);
            consumedToServer.write(stream, (int) position, consumed);
            position += consumed;
            delivered += consumed;
            return consumed;
        }

        @Override
        public void onGap(Flow flow, boolean toServer, long missingBytes, long ts) {
            super.onGap(flow, toServer, missingBytes, ts);
            position += missingBytes;
        }
    }

    record Piece(int from, int to) {
    }

    private static List<Piece> cut(int length, Random r, int maxPiece) {
        List<Piece> pieces = new ArrayList<>();
        int from = 0;
        while (from < length) {
            int to = Math.min(length, from + 1 + r.nextInt(maxPiece));
            pieces.add(new Piece(from, to));
            from = to;
        }
        return pieces;
    }

    private static void send(FlowTable table, long isn, byte[] stream, Piece piece) {
        byte[] payload = Arrays.copyOfRange(stream, piece.from(), piece.to());
        table.process(Wire.tcp(true, isn + 1 + piece.from(), 0, ACK, payload, T0));
    }

    private static FlowLimits roomy(int streamLength) {
        return FlowLimits.defaults().withBuffers(Math.max(1024, streamLength + 1), 1L << 30, 100_000);
    }

    private static long isn(long drawn, boolean nearWrap, int length) {
        return nearWrap ? (1L << 32) - 1 - length / 2 : drawn;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shuffledDuplicatedOverlappingSegmentsDeliverExactlyTheStream(long seed) {
        Random r = new Random(seed);
        byte[] stream = stream(r, 3000);
        long drawnIsn = drawnIsn(r);
        boolean nearWrap = r.nextBoolean();
        int maxPiece = 1 + r.nextInt(400);
        long isn = isn(drawnIsn, nearWrap, stream.length);
        List<Piece> pieces = new ArrayList<>(cut(stream.length, r, maxPiece));
        int originals = pieces.size();
        for (int i = 0; i < originals; i++) {
            if (r.nextInt(4) == 0) {
                pieces.add(pieces.get(i)); // exact duplicate
            }
            if (r.nextInt(4) == 0) { // an overlapping segment with the same bytes
                int a = r.nextInt(stream.length);
                pieces.add(new Piece(a, Math.min(stream.length, a + 1 + r.nextInt(maxPiece * 2))));
            }
        }
        Collections.shuffle(pieces, r);

        PositionChecker handler = new PositionChecker(stream, null);
        FlowTable table = new FlowTable(roomy(stream.length), handler, 502);
        table.process(Wire.tcp(true, isn, 0, SYN, new byte[0], T0));
        for (Piece p : pieces) {
            send(table, isn, stream, p);
        }
        // Complete before finish(): nothing may wait for end of input.
        assertThat(handler.delivered).isEqualTo(stream.length);
        table.finish(T0 + 1);

        assertThat(handler.consumedToServer.toByteArray()).isEqualTo(stream);
        assertThat(handler.gaps).isZero();
        assertThat(table.gapBytes()).isZero();
        assertThat(table.overlapConflicts()).isZero();
        assertThat(table.bufferedBytes()).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void partialConsumptionSeesEveryByteOnceInOrder(long seed) {
        Random r = new Random(seed);
        byte[] stream = stream(r, 2000);
        long isn = drawnIsn(r);
        int maxPiece = 1 + r.nextInt(300);
        List<Piece> pieces = new ArrayList<>(cut(stream.length, r, maxPiece));
        Collections.shuffle(pieces, r);
        PositionChecker handler = new PositionChecker(stream, new Random(seed + 1));
        FlowTable table = new FlowTable(roomy(stream.length), handler, 502);
        table.process(Wire.tcp(true, isn, 0, SYN, new byte[0], T0));
        for (Piece p : pieces) {
            send(table, isn, stream, p);
        }
        table.finish(T0 + 1);
        // What was consumed is a prefix of the stream (checked byte by byte), with no loss.
        assertThat(handler.gaps).isZero();
        assertThat(handler.consumedToServer.toByteArray())
                .isEqualTo(Arrays.copyOf(stream, (int) handler.delivered));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void removedSegmentsBecomeGapsOfExactlyTheirSize(long seed) {
        Random r = new Random(seed);
        byte[] stream = stream(r, 3000);
        long drawnIsn = drawnIsn(r);
        boolean nearWrap = r.nextBoolean();
        int maxPiece = 1 + r.nextInt(400);
        long isn = isn(drawnIsn, nearWrap, stream.length);
        List<Piece> pieces = cut(stream.length, r, maxPiece);
        List<Piece> kept = new ArrayList<>();
        boolean[] removed = new boolean[stream.length];
        for (Piece p : pieces) {
            if (r.nextInt(3) == 0) {
                Arrays.fill(removed, p.from(), p.to(), true);
            } else {
                kept.add(p);
                if (r.nextInt(5) == 0) {
                    kept.add(p);
                }
            }
        }
        Collections.shuffle(kept, r);

        PositionChecker handler = new PositionChecker(stream, null);
        FlowTable table = new FlowTable(roomy(stream.length), handler, 502);
        table.process(Wire.tcp(true, isn, 0, SYN, new byte[0], T0));
        int finAt = r.nextInt(kept.size() + 1); // the FIN, right after the last byte, sent anywhere in between
        for (int i = 0; i <= kept.size(); i++) {
            if (i == finAt) {
                table.process(Wire.tcp(true, isn + 1 + stream.length, 0, FIN | ACK, new byte[0], T0));
            }
            if (i < kept.size()) {
                send(table, isn, stream, kept.get(i));
            }
        }
        table.finish(T0 + 1);

        byte[] expected = new byte[stream.length];
        int n = 0;
        for (int i = 0; i < stream.length; i++) {
            if (!removed[i]) {
                expected[n++] = stream[i];
            }
        }
        assertThat(handler.consumedToServer.toByteArray()).isEqualTo(Arrays.copyOf(expected, n));
        assertThat(handler.position).as("delivered + gap bytes").isEqualTo(stream.length);
        assertThat(handler.gapBytes).isEqualTo(stream.length - n);
        assertThat(table.gapBytes()).isEqualTo(stream.length - n);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("moreSeeds")
    void underTightLimitsEveryOfferedByteIsStillInItsPlace(long seed) {
        Random r = new Random(seed);
        byte[] stream = stream(r, 3000);
        long isn = drawnIsn(r);
        int perDirection = 1 + r.nextInt(600);
        int maxRanges = 1 + r.nextInt(4);
        int maxPiece = 1 + r.nextInt(200);
        List<Piece> pieces = new ArrayList<>();
        for (Piece p : cut(stream.length, r, maxPiece)) {
            if (r.nextInt(6) != 0) {
                pieces.add(p);
            }
            if (r.nextInt(4) == 0) {
                int a = r.nextInt(stream.length);
                pieces.add(new Piece(a, Math.min(stream.length, a + 1 + r.nextInt(maxPiece))));
            }
        }
        Collections.shuffle(pieces, r);
        PositionChecker handler = new PositionChecker(stream, new Random(seed ^ 0x5DEECE66DL));
        FlowTable table = new FlowTable(FlowLimits.defaults().withBuffers(perDirection, perDirection * 2L, maxRanges), handler, 502);
        table.process(Wire.tcp(true, isn, 0, SYN, new byte[0], T0));
        for (Piece p : pieces) {
            send(table, isn, stream, p);
            assertThat(table.bufferedBytes()).isLessThanOrEqualTo(perDirection * 2L);
        }
        table.finish(T0 + 1);
        // Content and positions were checked byte by byte while offered.
        assertThat(handler.position).isLessThanOrEqualTo(stream.length);
        assertThat(table.gapBytes()).isEqualTo(handler.gapBytes);
        assertThat(table.bufferedBytes()).isZero();
    }
}
