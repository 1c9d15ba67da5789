package io.statewall.capture.write;

import static io.statewall.capture.write.TcpSegmentEncoderTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.flow.FlowEndReason;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two threads recording at once (a proxy's event loops), and a third closing the recorder
 * under them: the file stays a valid capture whose streams are exactly what was accepted.
 */
class RecorderConcurrencyTest {
    static final long T0 = 1_750_000_000_000_000_000L;

    @TempDir
    Path dir;

    /** What one connection's calls were accepted with, by client port. */
    private final Map<Integer, ByteArrayOutputStream[]> accepted = new ConcurrentHashMap<>();

    private ByteArrayOutputStream[] streams(int clientPort) {
        return accepted.computeIfAbsent(clientPort, p -> new ByteArrayOutputStream[] {
                new ByteArrayOutputStream(), new ByteArrayOutputStream()});
    }

    /**
     * One event loop: {@code conversations} connections from its own client address, polled in
     * turn, each request answered, every tenth round a large upload; times from its own clock,
     * which runs half a millisecond apart from the other thread's. Stops after {@code rounds}
     * rounds or at the first refused call; counts {@code progress} down after 100 rounds.
     *
     * @return true when it stopped because the recorder refused a call
     */
    private boolean poll(TcpConversationRecorder r, int thread, int conversations, int rounds, long clockOffset,
                         CyclicBarrier start, CountDownLatch progress) throws Exception {
        Conversation[] c = new Conversation[conversations];
        String host = "10.0." + thread + ".1";
        start.await();
        for (int k = 0; k < conversations; k++) {
            c[k] = r.open(at(host, 40_000 + 100 * thread + k), at("10.0.9.9", 502), T0 + clockOffset);
        }
        byte[] upload = new byte[4000];
        for (int round = 0; round < rounds; round++) {
            if (round == 100) {
                progress.countDown();
            }
            for (int k = 0; k < conversations; k++) {
                long t = T0 + clockOffset + round * 1_000_000L + k * 1_000L;
                int port = 40_000 + 100 * thread + k;
                byte[] request = ModbusAdus.READ_REQUEST.clone();
                request[0] = (byte) round;
                request[1] = (byte) k;
                if (!c[k].clientData(t, request)) {
                    return true;
                }
                streams(port)[0].writeBytes(request);
                if (!c[k].serverData(t + 300_000, ModbusAdus.READ_RESPONSE)) {
                    return true;
                }
                streams(port)[1].writeBytes(ModbusAdus.READ_RESPONSE);
                if (round % 10 == 9) {
                    upload[0] = (byte) round;
                    if (!c[k].clientData(t + 400_000, upload)) {
                        return true;
                    }
                    streams(port)[0].writeBytes(upload);
                }
            }
        }
        for (Conversation conversation : c) {
            conversation.close(T0 + clockOffset + rounds * 1_000_000L, true);
        }
        return false;
    }

    private Thread thread(Runnable body, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        t.start();
        return t;
    }

    private void assertFileHoldsExactlyWhatWasAccepted(Path file, int flows) throws Exception {
        ReadBack rb = ReadBack.of(file);
        rb.assertClean();
        rb.assertMonotonic();
        assertThat(rb.flows).hasSize(flows);
        for (ReadBack.Stream f : rb.flows) {
            ByteArrayOutputStream[] expected = accepted.get(f.flow.clientPort());
            assertThat(f.end).as("port %d", f.flow.clientPort()).isEqualTo(FlowEndReason.FIN);
            assertThat(f.toServer.toByteArray()).as("to server, port %d", f.flow.clientPort())
                    .isEqualTo(expected[0].toByteArray());
            assertThat(f.toClient.toByteArray()).as("to client, port %d", f.flow.clientPort())
                    .isEqualTo(expected[1].toByteArray());
        }
    }

    @Test
    void twoThreadsRecordingAtOnceWriteAValidCapture() throws Exception {
        Path file = dir.resolve("two.pcap");
        TcpConversationRecorder r = TcpConversationRecorder.create(file);
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch progress = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> refusedA = new AtomicReference<>();
        AtomicReference<Boolean> refusedB = new AtomicReference<>();
        Thread a = thread(() -> refusedA.set(call(() -> poll(r, 1, 8, 300, 0, start, progress))), failure);
        Thread b = thread(() -> refusedB.set(call(() -> poll(r, 2, 8, 300, -500_000, start, progress))), failure);
        a.join();
        b.join();
        assertThat(failure.get()).isNull();
        assertThat(refusedA.get()).isFalse();
        assertThat(refusedB.get()).isFalse();
        assertThat(r.openConversations()).isZero();
        r.close();
        assertFileHoldsExactlyWhatWasAccepted(file, 16);
    }

    @Test
    void closingWhileTwoThreadsRecordEndsEveryConversationCleanly() throws Exception {
        Path file = dir.resolve("closing.pcap");
        TcpConversationRecorder r = new TcpConversationRecorder(PcapWriter.create(file),
                InstantSource.fixed(Instant.ofEpochSecond(0, T0)));
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch progress = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> refusedA = new AtomicReference<>();
        AtomicReference<Boolean> refusedB = new AtomicReference<>();
        // Far more rounds than they get to: the close below stops them.
        Thread a = thread(() -> refusedA.set(call(() -> poll(r, 1, 5, 1_000_000, 0, start, progress))), failure);
        Thread b = thread(() -> refusedB.set(call(() -> poll(r, 2, 5, 1_000_000, -500_000, start, progress))), failure);
        progress.await();
        r.close();
        a.join();
        b.join();
        assertThat(failure.get()).isNull();
        assertThat(refusedA.get()).as("thread 1 was stopped by the close").isTrue();
        assertThat(refusedB.get()).as("thread 2 was stopped by the close").isTrue();
        assertFileHoldsExactlyWhatWasAccepted(file, 10);
    }

    private interface Body {
        boolean run() throws Exception;
    }

    private static boolean call(Body body) {
        try {
            return body.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
