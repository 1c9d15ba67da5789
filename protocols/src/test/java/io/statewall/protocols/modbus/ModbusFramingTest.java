package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.adu;
import static io.statewall.protocols.modbus.Frames.concat;
import static io.statewall.protocols.modbus.Frames.hex;
import static io.statewall.protocols.modbus.Frames.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.protocols.modbus.RecordingListener.AnomalyEvent;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MBAP framing of byte streams (MB-TCP §3.1.3): splits, chunking, bad headers, resynchronisation. */
class ModbusFramingTest {

    static List<ModbusVectors.Exchange> vectors() {
        return ModbusVectors.all();
    }

    /** What an unsplit feed of the exchange reports. */
    static List<TxSnapshot> reference(ModbusVectors.Exchange exchange) {
        Feeder feeder = new Feeder();
        feeder.feed(true, exchange.requestAdu(1, 1), 0);
        feeder.feed(false, exchange.responseAdu(1, 1), 0);
        feeder.end(0);
        assertThat(feeder.listener.anomalies).isEmpty();
        return feeder.listener.transactions;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyFrameSplitAtEveryOffsetGivesTheSameTransaction(ModbusVectors.Exchange exchange) {
        List<TxSnapshot> expected = reference(exchange);
        byte[] request = exchange.requestAdu(1, 1);
        byte[] response = exchange.responseAdu(1, 1);
        for (int split = 1; split < request.length; split++) {
            Feeder feeder = new Feeder();
            assertThat(feeder.feed(true, slice(request, 0, split), 0)).isZero();
            assertThat(feeder.feed(true, slice(request, split, request.length), 0)).isEqualTo(request.length);
            feeder.feed(false, response, 0);
            feeder.end(0);
            assertThat(feeder.listener.transactions).as("request split at %d", split).isEqualTo(expected);
            assertThat(feeder.listener.anomalies).isEmpty();
        }
        for (int split = 1; split < response.length; split++) {
            Feeder feeder = new Feeder();
            feeder.feed(true, request, 0);
            assertThat(feeder.feed(false, slice(response, 0, split), 0)).isZero();
            assertThat(feeder.feed(false, slice(response, split, response.length), 0)).isEqualTo(response.length);
            feeder.end(0);
            assertThat(feeder.listener.transactions).as("response split at %d", split).isEqualTo(expected);
            assertThat(feeder.listener.anomalies).isEmpty();
        }
    }

    /** A conversation: every vector once, with distinct transaction ids and varied unit ids. */
    static byte[][] conversation(List<ModbusVectors.Exchange> exchanges, int firstTid) {
        List<byte[]> requests = new ArrayList<>();
        List<byte[]> responses = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            requests.add(exchanges.get(i).requestAdu(firstTid + i, i % 3 == 0 ? 0xFF : i));
            responses.add(exchanges.get(i).responseAdu(firstTid + i, i % 3 == 0 ? 0xFF : i));
        }
        return new byte[][] {concat(requests.toArray(byte[][]::new)), concat(responses.toArray(byte[][]::new))};
    }

    static List<TxSnapshot> feedInChunks(byte[] clientStream, byte[] serverStream, Random random, int maxChunk,
                                         boolean nativeMemory) {
        Feeder feeder = new Feeder(ModbusLimits.DEFAULT, nativeMemory);
        for (byte[] stream : new byte[][] {clientStream, serverStream}) {
            boolean toServer = stream == clientStream;
            int pos = 0;
            while (pos < stream.length) {
                int chunk = Math.min(stream.length - pos, 1 + random.nextInt(maxChunk));
                feeder.feed(toServer, slice(stream, pos, pos + chunk), 0);
                pos += chunk;
            }
            assertThat(feeder.pending(toServer)).as("everything consumed").isZero();
        }
        feeder.end(0);
        assertThat(feeder.listener.anomalies).isEmpty();
        return feeder.listener.transactions;
    }

    @Test
    void aConversationFedByteByByteGivesTheSameTransactions() {
        byte[][] streams = conversation(ModbusVectors.all(), 100);
        List<TxSnapshot> expected = feedInChunks(streams[0], streams[1], new Random(0), Integer.MAX_VALUE - 1, false);
        assertThat(expected).hasSize(ModbusVectors.all().size());
        assertThat(feedInChunks(streams[0], streams[1], new Random(0), 1, false)).isEqualTo(expected);
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 200).mapToObj(seed -> Arguments.of(seed, 1 + seed % 7 * 40, seed % 2 == 0));
    }

    /**
     * Property, over 200 seeded cases: a random selection of exchanges cut into random chunks
     * (1 to 281 bytes, heap or native memory) reports exactly what the unsplit feed reports.
     * Failures name the seed, so a case replays deterministically.
     */
    @ParameterizedTest(name = "seed {0}, chunks up to {1} bytes, native {2}")
    @MethodSource("seeds")
    void randomChunkingNeverChangesTheTransactions(int seed, int maxChunk, boolean nativeMemory) {
        Random random = new Random(seed);
        List<ModbusVectors.Exchange> all = ModbusVectors.all();
        List<ModbusVectors.Exchange> picked = new ArrayList<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            picked.add(all.get(random.nextInt(all.size())));
        }
        byte[][] streams = conversation(picked, random.nextInt(60000));
        List<TxSnapshot> expected = feedInChunks(streams[0], streams[1], new Random(seed), Integer.MAX_VALUE - 1, false);
        assertThat(expected).hasSize(count);
        assertThat(feedInChunks(streams[0], streams[1], random, maxChunk, nativeMemory)).isEqualTo(expected);
    }

    @Test
    void lessThanAHeaderIsNotConsumed() {
        Feeder feeder = new Feeder();
        byte[] frame = adu(1, 1, "03 | 006B | 0003");
        for (int n = 1; n < frame.length; n++) {
            RecordingListener listener = new RecordingListener();
            ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, listener, null);
            assertThat(session.onData(true, MemorySegment.ofArray(frame), 0, n, 0)).isZero();
            assertThat(listener.anomalies).isEmpty();
        }
        assertThat(feeder.feed(true, new byte[0], 0)).isZero();
    }

    static Stream<Arguments> badHeaders() {
        byte[] pdu = hex("03 | 006B | 0003");
        return Stream.of(
                Arguments.of("protocol id 1", Frames.header(5, 1, 6, 1, pdu),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_PROTOCOL_ID, true, 0, -1, 1))),
                Arguments.of("length 0", Frames.header(5, 0, 0, 1, new byte[0]),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 0))),
                Arguments.of("length 1 (unit id only, no function)", Frames.header(5, 0, 1, 1, new byte[0]),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 1))),
                Arguments.of("length 255 (PDU over 253 bytes)", Frames.header(5, 0, 255, 1, pdu),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 255))),
                Arguments.of("length 65535", Frames.header(5, 0, 0xFFFF, 1, pdu),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 0xFFFF))),
                Arguments.of("protocol id 0xFFFF and length 0xFFFF", hex("FFFF FFFF FFFF FF"),
                        List.of(new AnomalyEvent(ModbusAnomaly.INVALID_PROTOCOL_ID, true, 0, -1, 0xFFFF),
                                new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 0xFFFF))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void aBadHeaderIsReportedAndTheNextFrameRecovered(String name, byte[] bad, List<AnomalyEvent> headerAnomalies) {
        byte[] before = adu(1, 1, "06 | 0001 | 0003");
        byte[] after = adu(2, 1, "06 | 0002 | 0004");
        Feeder feeder = new Feeder();
        feeder.feed(true, concat(before, bad, after), 0);
        feeder.end(0);

        assertThat(feeder.listener.transactions).extracting(TxSnapshot::writeAddress).containsExactly(1, 2);
        List<AnomalyEvent> expected = new ArrayList<>(headerAnomalies);
        expected.add(new AnomalyEvent(ModbusAnomaly.RESYNC, true, 0, -1, bad.length));
        assertThat(feeder.listener.anomalies).isEqualTo(expected);
        assertThat(feeder.session.bytesSkipped()).isEqualTo(bad.length);
    }

    @Test
    void garbageBetweenResponsesIsSkippedAndExceptionFramesFoundAgain() {
        Feeder feeder = new Feeder();
        feeder.feed(true, concat(adu(1, 1, "03 | 0000 | 0001"), adu(2, 1, "03 | 0000 | 0001")), 0);
        byte[] garbage = hex("DEAD BEEF 0102 0304 0506");
        feeder.feed(false, concat(adu(1, 1, "03 | 02 | 1234"), garbage, adu(2, 1, "83 | 02")), 0);

        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1, 2);
        assertThat(feeder.listener.transactions.get(1).exceptionCode()).isEqualTo(2);
        assertThat(feeder.listener.anomalies).last()
                .isEqualTo(new AnomalyEvent(ModbusAnomaly.RESYNC, false, 0, -1, garbage.length));
    }

    @Test
    void aGapInsideAFrameReportsTheTruncationAndRecoversTheFollowingFramesExactly() {
        byte[] f1 = adu(1, 1, "10 | 0001 | 0002 | 04 | 000A 0102");
        byte[] f2 = adu(2, 1, "10 | 0003 | 0003 | 06 | 1111 2222 3333");
        byte[] f3 = adu(3, 1, "06 | 0009 | 0099");
        byte[] f4 = adu(4, 1, "03 | 0000 | 0002");
        Feeder feeder = new Feeder();
        feeder.feed(true, concat(f1, slice(f2, 0, 10)), 100);
        assertThat(feeder.pending(true)).isEqualTo(10);
        feeder.gap(true, 200);
        // After the hole: the rest of f2 from byte 14 (4 bytes lost), then f3 and f4.
        feeder.feed(true, concat(slice(f2, 14, f2.length), f3, f4), 300);
        feeder.end(400);

        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1, 3, 4);
        assertThat(feeder.listener.transactions.get(1).writeValues()).containsExactly(0x99);
        assertThat(feeder.listener.transactions.get(2).readQuantity()).isEqualTo(2);
        assertThat(feeder.listener.anomalies).containsExactly(
                new AnomalyEvent(ModbusAnomaly.TRUNCATED_FRAME, true, 200, -1, 10),
                new AnomalyEvent(ModbusAnomaly.RESYNC, true, 300, -1, f2.length - 14));
    }

    /**
     * After a gap the data starts with 8 bytes that look like a header (protocol id 0, length
     * 6, FC 3) but claim a frame ending inside the real next frame. The probe checks what
     * follows that frame, rejects the look-alike, and locks on the real frame instead.
     */
    @Test
    void aHeaderLookAlikeIsRejectedBecauseItsSuccessorIsImplausible() {
        byte[] lookAlike = hex("0000 0000 0006 01 03");
        byte[] f1 = adu(9, 1, "06 | 0001 | 0003");
        byte[] f2 = adu(10, 1, "06 | 0002 | 0004");
        Feeder feeder = new Feeder();
        feeder.gap(true, 0);
        feeder.feed(true, concat(lookAlike, f1, f2), 1);
        feeder.end(2);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(9, 10);
        assertThat(feeder.listener.anomalies)
                .containsExactly(new AnomalyEvent(ModbusAnomaly.RESYNC, true, 1, -1, lookAlike.length));
    }

    /**
     * A look-alike (length 3) followed by only part of a successor: 5 bytes whose protocol id
     * is not 0, or 6 bytes whose length is impossible. What is present is enough to reject it.
     */
    @ParameterizedTest(name = "successor {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1234 5678 9A", "1234 0000 FFFF"})
    void aLookAlikeFollowedByPartOfAnImplausibleHeaderIsRejected(String partialSuccessor) {
        byte[] data = concat(hex("0000 0000 0003 01 03 FF"), hex(partialSuccessor));
        Feeder feeder = new Feeder();
        feeder.gap(true, 0);
        assertThat(feeder.feed(true, data, 1)).as("all but the last 7 bytes skipped").isEqualTo(data.length - 7);
        feeder.end(2);
        assertThat(feeder.listener.transactions).isEmpty();
        assertThat(feeder.listener.anomalies).containsExactly(new AnomalyEvent(ModbusAnomaly.RESYNC, true, 2, -1, data.length));
    }

    /** While resynchronising, a header cut by the end of an offer is kept and found with the next. */
    @Test
    void aHeaderStraddlingTwoOffersDuringResyncIsFound() {
        byte[] garbage = hex("FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF");
        byte[] f1 = adu(1, 1, "06 | 0001 | 0003");
        byte[] f2 = adu(2, 1, "06 | 0002 | 0004");
        for (int cut = 1; cut < Mbap.PROBE_LENGTH; cut++) {
            Feeder feeder = new Feeder();
            feeder.gap(true, 0);
            feeder.feed(true, concat(garbage, slice(f1, 0, cut)), 1);
            feeder.feed(true, concat(slice(f1, cut, f1.length), f2), 2);
            feeder.end(3);
            assertThat(feeder.listener.transactions).as("cut at %d", cut)
                    .extracting(TxSnapshot::transactionId).containsExactly(1, 2);
            assertThat(feeder.listener.anomalies).as("cut at %d", cut)
                    .containsExactly(new AnomalyEvent(ModbusAnomaly.RESYNC, true, 2, -1, garbage.length));
        }
    }

    /**
     * Field case (iti-ics-security-tools modicon_test.pcap): Schneider UMAS on reserved FC 90
     * sends an ADU of 261 bytes (length 255, one over MB-AP §4.1). That frame is skipped; the
     * probe must then accept the reserved code, or it never finds the stream again.
     */
    @Test
    void afterAnOverlongFrameTheStreamResumesOnReservedFunctionCodes() {
        byte[] overlong = Frames.header(2, 0, 255, 0, concat(hex("5A 000A 00"), new byte[251]));
        byte[] next = adu(3, 0, "5A | 0003 | 00");
        byte[] after = adu(4, 0, "5A | 0004");
        Feeder feeder = new Feeder();
        feeder.feed(true, concat(adu(1, 0, "5A | 0002"), overlong, next, after), 0);
        feeder.end(1);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1, 3, 4);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::category).containsOnly(FunctionCategory.RESERVED);
        assertThat(feeder.listener.anomalies).containsExactly(
                new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 0, -1, 255),
                new AnomalyEvent(ModbusAnomaly.RESYNC, true, 0, -1, overlong.length));
    }

    /**
     * Field case (zeek fuzz-72.pcap): a scanner walks unassigned function codes (33, 36 …) and
     * the capture has holes between its segments. After each gap the probe must still accept
     * a frame with such a code when the data ends exactly with it or a whole header follows;
     * a lone unassigned code with a partial successor stays implausible.
     */
    @Test
    void afterAGapFramesWithUnassignedFunctionCodesAreFoundWhenConfirmed() {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(1, 1, "21 | 0000 0000"), 0);
        feeder.gap(true, 1);
        feeder.feed(true, adu(2, 1, "24 | 0000 0000"), 2);
        feeder.gap(true, 3);
        feeder.feed(true, concat(adu(3, 1, "25 | 0000 0000"), adu(4, 1, "2E | 0000 0000")), 4);
        feeder.gap(true, 5);
        feeder.feed(true, concat(adu(5, 1, "32 | 0000 0000"), slice(adu(6, 1, "03 | 0000 0001"), 0, 3)), 6);
        feeder.end(7);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aGapAtAFrameBoundaryResumesWithoutSkipping() {
        Feeder feeder = new Feeder();
        feeder.feed(true, adu(1, 1, "06 | 0001 | 0003"), 0);
        feeder.gap(true, 1);
        feeder.feed(true, concat(adu(2, 1, "06 | 0002 | 0003"), adu(3, 1, "06 | 0003 | 0003")), 2);
        feeder.end(3);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId).containsExactly(1, 2, 3);
        assertThat(feeder.listener.anomalies).isEmpty();
    }

    @Test
    void aGapInTheResponseDirectionLeavesRequestsOpenForLaterResponses() {
        Feeder feeder = new Feeder();
        feeder.feed(true, concat(adu(1, 1, "03 | 0000 | 0001"), adu(2, 1, "03 | 0000 | 0001")), 0);
        byte[] r1 = adu(1, 1, "03 | 02 | 1111");
        feeder.feed(false, slice(r1, 0, 4), 1);
        feeder.gap(false, 2);
        feeder.feed(false, concat(slice(r1, 6, r1.length), adu(2, 1, "03 | 02 | 2222")), 3);
        feeder.end(4);
        assertThat(feeder.listener.transactions).extracting(TxSnapshot::transactionId, TxSnapshot::hasResponse)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, true), org.assertj.core.groups.Tuple.tuple(1, false));
    }

    @Test
    void randomGarbageIsSkippedWithProgressOnEveryFullOfferAndFramesAfterItRecovered() {
        Random random = new Random(502);
        byte[] garbage = new byte[5000];
        random.nextBytes(garbage);
        garbage[2] = 1; // a bad protocol id right away, so the stream is known to be out of step
        byte[][] streams = conversation(ModbusVectors.all(), 1);
        byte[] client = concat(garbage, streams[0]);
        Feeder feeder = new Feeder();
        for (int pos = 0; pos < client.length; pos += 300) {
            feeder.feed(true, slice(client, pos, Math.min(client.length, pos + 300)), 0);
        }
        feeder.feed(false, streams[1], 0);
        feeder.end(0);

        assertThat(feeder.listener.transactions).hasSize(ModbusVectors.all().size())
                .allSatisfy(tx -> assertThat(tx.anomalies()).isEmpty());
        assertThat(feeder.listener.anomalies).first().extracting(AnomalyEvent::anomaly).isEqualTo(ModbusAnomaly.INVALID_PROTOCOL_ID);
        assertThat(feeder.listener.anomalies).last()
                .isEqualTo(new AnomalyEvent(ModbusAnomaly.RESYNC, true, 0, -1, garbage.length));
        assertThat(feeder.listener.anomalyKinds()).containsOnlyOnce(ModbusAnomaly.RESYNC);
        assertThat(feeder.session.bytesSkipped()).isEqualTo(garbage.length);
    }

    @Test
    void zeroesAndRepeatingPatternsNeverStallTheStream() {
        for (byte[] pattern : new byte[][] {new byte[260], hex("0000 0000 00FE 03"), hex("0000 0000 0003 8302")}) {
            Feeder feeder = new Feeder();
            feeder.gap(false, 0);
            byte[] block = new byte[0];
            while (block.length < 4000) {
                block = concat(block, pattern);
            }
            for (int pos = 0; pos < block.length; pos += 260) {
                feeder.feed(false, slice(block, pos, Math.min(block.length, pos + 260)), 0);
            }
            assertThat(feeder.pending(false)).isLessThan(Mbap.MAX_ADU);
        }
    }

    @Test
    void aCandidateWhoseFrameIsIncompleteWaitsForMoreBytes() {
        Feeder feeder = new Feeder();
        feeder.gap(true, 0);
        byte[] frame = adu(9, 1, "10 | 0000 | 0002 | 04 | 0001 0002");
        assertThat(feeder.feed(true, slice(frame, 0, frame.length - 1), 0)).isZero();
        assertThat(feeder.feed(true, slice(frame, frame.length - 1, frame.length), 0)).isEqualTo(frame.length);
        feeder.end(0);
        assertThat(feeder.listener.only().writeValues()).containsExactly(1, 2);
        assertThat(feeder.listener.anomalies).isEmpty();
    }

    @Test
    void endInsideAFrameIsATruncatedFrame() {
        Feeder feeder = new Feeder();
        byte[] frame = adu(1, 1, "03 | 006B | 0003");
        feeder.feed(true, frame, 1);
        feeder.feed(false, slice(adu(1, 1, "03 | 06 | 022B 0000 0064"), 0, 9), 2);
        feeder.end(3);
        assertThat(feeder.listener.anomalies)
                .containsExactly(new AnomalyEvent(ModbusAnomaly.TRUNCATED_FRAME, false, 3, -1, 9));
        assertThat(feeder.listener.only().hasResponse()).isFalse();
    }

    @Test
    void endWhileResynchronisingReportsAllBytesSkipped() {
        Feeder feeder = new Feeder();
        feeder.feed(true, hex("FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF"), 1);
        feeder.end(2);
        assertThat(feeder.listener.anomalies).containsExactly(
                new AnomalyEvent(ModbusAnomaly.INVALID_PROTOCOL_ID, true, 1, -1, 0xFFFF),
                new AnomalyEvent(ModbusAnomaly.INVALID_LENGTH, true, 1, -1, 0xFFFF),
                new AnomalyEvent(ModbusAnomaly.RESYNC, true, 2, -1, 20));
        assertThat(feeder.session.bytesSkipped()).isEqualTo(20);
    }

    @Test
    void aRangeOutsideTheSegmentIsACallerBug() {
        ModbusSession session = new ModbusSession(ModbusLimits.DEFAULT, new RecordingListener(), null);
        MemorySegment segment = MemorySegment.ofArray(new byte[10]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.onData(true, segment, 5, 6, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
