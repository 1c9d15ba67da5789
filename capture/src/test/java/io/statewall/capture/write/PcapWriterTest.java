package io.statewall.capture.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.LinkType;
import io.statewall.capture.Packet;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapWriterTest {
    private static final String FILE_HEADER = """
            4d 3c b2 a1        # magic a1b23c4d, little-endian: nanosecond timestamps
            02 00  04 00       # version 2.4
            00 00 00 00        # reserved1
            00 00 00 00        # reserved2
            00 00 04 00        # SnapLen 262144
            01 00 00 00        # LINKTYPE_ETHERNET, no FCS
            """;

    @TempDir
    Path dir;

    @Test
    void writesTheFileHeaderAndRecordsByteForByte() throws IOException {
        MemoryChannel channel = MemoryChannel.keeping();
        try (PcapWriter w = new PcapWriter(channel)) {
            w.write(1_700_000_000_123_456_789L, MemorySegment.ofArray(Hex.bytes("aa bb cc")), 0, 3);
            w.write(4_294_967_295_999_999_999L, MemorySegment.ofArray(Hex.bytes("00 11 22 33 44")), 1, 2);
        }
        assertThat(Hex.of(channel.bytes())).isEqualTo(Hex.of(Hex.bytes(FILE_HEADER + """
                00 f1 53 65        # 1700000000 s
                15 cd 5b 07        # 123456789 ns
                03 00 00 00        # captured length
                03 00 00 00        # original length
                aa bb cc
                ff ff ff ff        # 4294967295 s: the last second an unsigned field holds (2106)
                ff c9 9a 3b        # 999999999 ns
                02 00 00 00  02 00 00 00
                11 22              # the frame at offset 1
                """)));
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                argumentSet("the epoch", 0L),
                argumentSet("one nanosecond", 1L),
                argumentSet("the last nanosecond of a second", 999_999_999L),
                argumentSet("a whole second", 1_000_000_000L),
                argumentSet("2023, to the nanosecond", 1_700_000_000_123_456_789L),
                argumentSet("past 2038: seconds above 2^31", 2_200_000_000_000_000_001L),
                argumentSet("the last instant of 2106", PcapWriter.MAX_EPOCH_NANOS));
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void ourReaderGetsBackTheTimeToTheNanosecond(long nanos) throws Exception {
        Path file = dir.resolve("t.pcap");
        byte[] frame = Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c 08 00");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(nanos, MemorySegment.ofArray(frame), 0, frame.length);
        }
        try (CaptureReader r = CaptureFiles.open(file)) {
            Packet p = new Packet();
            assertThat(r.format()).isEqualTo("pcap");
            assertThat(r.next(p)).isTrue();
            assertThat(p.timestampNanos()).isEqualTo(nanos);
            assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(bytes(p)).isEqualTo(frame);
            assertThat(r.next(p)).isFalse();
            assertThat(r.truncated()).isFalse();
        }
    }

    private static byte[] bytes(Packet p) {
        return p.data().asSlice(p.frameOffset(), p.capturedLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void aFrameLongerThanTheSnapLenIsCutAndKeepsItsOriginalLength() throws Exception {
        Path file = dir.resolve("snap.pcap");
        byte[] big = new byte[PcapWriter.SNAPLEN + 10];
        Arrays.fill(big, (byte) 0x5A);
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(5, MemorySegment.ofArray(big), 0, big.length);
            assertThat(w.frameBytes()).isEqualTo(big.length);
        }
        try (CaptureReader r = CaptureFiles.open(file)) {
            Packet p = new Packet();
            assertThat(r.next(p)).isTrue();
            assertThat(p.capturedLength()).isEqualTo(PcapWriter.SNAPLEN);
            assertThat(p.originalLength()).isEqualTo(big.length);
            assertThat(r.truncated()).isFalse();
        }
        assertThat(Files.size(file)).isEqualTo(24 + 16 + PcapWriter.SNAPLEN);
    }

    @Test
    void countsPacketsFrameBytesAndTheFileSize() throws Exception {
        Path file = dir.resolve("n.pcap");
        MemorySegment frames = Arena.ofAuto().allocate(2000); // native memory, not only heap arrays
        long expectedFrameBytes = 0;
        PcapWriter w = PcapWriter.create(file);
        try (w) {
            for (int i = 0; i < 5000; i++) {
                int length = 60 + i % 1400;
                frames.set(ValueLayout.JAVA_BYTE, 7, (byte) i);
                w.write(1_000_000_000L * i, frames, 7, length);
                expectedFrameBytes += length;
            }
            assertThat(w.packets()).isEqualTo(5000);
            assertThat(w.frameBytes()).isEqualTo(expectedFrameBytes);
        }
        assertThat(w.fileBytes()).isEqualTo(Files.size(file)).isEqualTo(24 + 16 * 5000 + expectedFrameBytes);
        try (CaptureReader r = CaptureFiles.open(file)) {
            Packet p = new Packet();
            int i = 0;
            while (r.next(p)) {
                assertThat(p.capturedLength()).isEqualTo(60 + i % 1400);
                assertThat(p.data().get(ValueLayout.JAVA_BYTE, p.frameOffset())).isEqualTo((byte) i);
                assertThat(p.timestampNanos()).isEqualTo(1_000_000_000L * i);
                i++;
            }
            assertThat(i).isEqualTo(5000);
        }
    }

    @Test
    void bytesReachTheChannelWhenTheBufferFillsOnFlushAndOnClose() throws IOException {
        MemoryChannel channel = MemoryChannel.keeping();
        PcapWriter w = new PcapWriter(channel, PcapWriter.MIN_BUFFER_BYTES);
        MemorySegment frame = MemorySegment.ofArray(new byte[1000]);
        w.write(1, frame, 0, 1000);
        assertThat(channel.taken()).as("buffered").isZero();
        w.flush();
        assertThat(channel.taken()).isEqualTo(24 + 16 + 1000).isEqualTo(w.fileBytes());
        for (int i = 0; i < 300; i++) {
            w.write(2, frame, 0, 1000);
        }
        assertThat(channel.taken()).as("a full buffer was handed over").isPositive().isLessThan(w.fileBytes());
        w.close();
        assertThat(channel.taken()).isEqualTo(w.fileBytes()).isEqualTo(24 + 301 * 1016L);
        assertThat(channel.isOpen()).as("the writer owns the channel").isFalse();
        assertThat(w.isOpen()).isFalse();
        w.close(); // again: nothing happens
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("before 1970", -1L, 0L, 10, IllegalArgumentException.class),
                argumentSet("after 2106", PcapWriter.MAX_EPOCH_NANOS + 1, 0L, 10, IllegalArgumentException.class),
                argumentSet("negative length", 0L, 0L, -1, IllegalArgumentException.class),
                argumentSet("past the end of the frame's segment", 0L, 5L, 10, IndexOutOfBoundsException.class),
                argumentSet("negative offset", 0L, -1L, 10, IndexOutOfBoundsException.class));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void programmingErrorsAreRejectedAndNothingIsWritten(long nanos, long offset, int length,
                                                         Class<? extends Throwable> error) throws IOException {
        MemoryChannel channel = MemoryChannel.keeping();
        PcapWriter w = new PcapWriter(channel);
        assertThatThrownBy(() -> w.write(nanos, MemorySegment.ofArray(new byte[10]), offset, length)).isInstanceOf(error);
        assertThat(w.packets()).isZero();
        assertThat(w.frameBytes()).isZero();
        w.close();
        assertThat(channel.bytes()).hasSize(PcapWriter.FILE_HEADER_BYTES);
    }

    @Test
    void writingOrFlushingAfterCloseIsAClosedChannel() throws IOException {
        PcapWriter w = new PcapWriter(MemoryChannel.keeping());
        w.close();
        assertThatThrownBy(() -> w.write(0, MemorySegment.ofArray(new byte[1]), 0, 1))
                .isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::flush).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aBufferThatCannotHoldAFullRecordIsRefused() {
        assertThatThrownBy(() -> new PcapWriter(MemoryChannel.keeping(), PcapWriter.MIN_BUFFER_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingChannelSurfacesItsException() throws IOException {
        PcapWriter w = new PcapWriter(MemoryChannel.failingAfter(10));
        w.write(0, MemorySegment.ofArray(new byte[20]), 0, 20);
        assertThatThrownBy(w::flush).isInstanceOf(IOException.class).hasMessageContaining("No space");
        assertThatThrownBy(w::close).isInstanceOf(IOException.class);
        assertThat(w.isOpen()).isFalse();
    }
}
