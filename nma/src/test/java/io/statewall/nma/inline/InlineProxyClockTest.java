package io.statewall.nma.inline;

import static io.statewall.nma.inline.InlinePolicies.MODE;
import static io.statewall.nma.inline.J2modController.UNIT;
import static io.statewall.nma.inline.RawModbusClient.readHoldingRegisters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.eve.EveWriter;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link InlineProxy#clock}: a simulated plant run faster than real time is judged and recorded in
 * its own time. The test's clock stands still while a request crosses, so every time the proxy
 * uses must be exactly the clock's, never the wall clock's.
 */
class InlineProxyClockTest {
    private static final long T1 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long T2 = T1 + 3_600_000_000_000L;

    @Test
    void messagesStatesAndTheTapFollowTheGivenClock() throws Exception {
        int plcPort = Loopback.freePort();
        AtomicLong clock = new AtomicLong(T1);
        List<String> tapped = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream eveBytes = new ByteArrayOutputStream();
        EveWriter eve = EveWriter.allTypes(eveBytes);
        try (J2modController plc = J2modController.start(plcPort);
             InlineProxy proxy = new InlineProxy(List.of(new InlineRoute("plc", Loopback.at(0), Loopback.at(plcPort))),
                     InlinePolicies.setpointLockedByMode(plcPort), InlineOptions.DEFAULT, eve)) {
            proxy.clock(clock::get);
            proxy.tap(recordingTimes(tapped));
            proxy.start();
            try (RawModbusClient hmi = new RawModbusClient(proxy.listenAddresses().getFirst())) {
                hmi.send(readHoldingRegisters(1, UNIT, MODE, 1));
                assertThat(hmi.readAdu().transactionId()).isEqualTo(1);
                // The proxy shows an answer to the tap once it has written it to the client.
                Loopback.await("the first answer tapped", () -> tapped.size() >= 3);

                // An hour of plant time later the unit has been opened: the state changes then.
                clock.set(T2);
                plc.setHoldingRegister(MODE, 1);
                hmi.send(readHoldingRegisters(2, UNIT, MODE, 1));
                assertThat(hmi.readAdu().transactionId()).isEqualTo(2);
            }
            proxy.sync().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> proxy.clock(System::nanoTime)).isInstanceOf(IllegalStateException.class);
        }

        assertThat(tapped).startsWith("open " + T1, "request " + T1, "answer " + T1, "request " + T2, "answer " + T2);
        String records = eveBytes.toString(StandardCharsets.UTF_8);
        assertThat(records.lines().filter(r -> r.contains("\"event_type\":\"state\"")))
                .as("the state change is stamped with the clock's time, an hour after the start")
                .singleElement().asString().contains("\"timestamp\":\"2030-01-01T01:00:00.000000+0000\"");
        assertThat(records).as("the second request is judged at the time it came, not at the loop's previous wake-up"
                + " (an hour earlier, which would leave its answer unmatched)").doesNotContain("UNSOLICITED_RESPONSE");
    }

    private static ConversationTap recordingTimes(List<String> out) {
        return (InetSocketAddress client, InetSocketAddress server, long epochNanos) -> {
            out.add("open " + epochNanos);
            return new ConversationTap.Conversation() {
                @Override
                public void fromClient(long at, MemorySegment data, long offset, int length) {
                    out.add("request " + at);
                }

                @Override
                public void toClient(long at, MemorySegment data, long offset, int length) {
                    out.add("answer " + at);
                }

                @Override
                public void closed(long at) {
                    out.add("closed " + at);
                }
            };
        };
    }
}
