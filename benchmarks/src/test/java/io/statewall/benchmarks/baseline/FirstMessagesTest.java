package io.statewall.benchmarks.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.write.Conversation;
import io.statewall.capture.write.TcpConversationRecorder;
import io.statewall.plantsim.Controller;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attack's first deviating message, found in a recording made as the demo makes them (our TCP
 * conversation recorder): the attacker's first request on its own connection, not the legitimate
 * station's at the same address; the compromised controller's first answer after the spoof began,
 * not the one before.
 */
class FirstMessagesTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final byte[] REQUEST = {0, 1, 0, 0, 0, 6, 1, 6, 0, (byte) 200, 0, 1};
    private static final byte[] ANSWER = {0, 1, 0, 0, 0, 9, 1, 3, 6, 0, 1, 0, 2, 0, 3};

    @TempDir
    Path dir;

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void theAttackersFirstRequestAndTheControllersFirstAnswerAfterTheSpoofBegan() throws Exception {
        Path pcap = dir.resolve("run.pcap");
        try (TcpConversationRecorder recorder = TcpConversationRecorder.create(pcap)) {
            Conversation desk = recorder.open(at("127.30.1.11", 40000), at("127.30.2.30", 502), T0);
            desk.clientData(T0 + 10 * MS, REQUEST);
            desk.serverData(T0 + 11 * MS, REQUEST);
            Conversation malware = recorder.open(at("127.30.1.11", 40002), at("127.30.2.30", 502), T0 + 20 * MS);
            malware.clientData(T0 + 25 * MS, REQUEST);
            malware.serverData(T0 + 26 * MS, REQUEST);
            malware.clientData(T0 + 27 * MS, REQUEST);
            Conversation hmi = recorder.open(at("127.30.1.10", 33000), at("127.30.2.40", 502), T0 + 30 * MS);
            hmi.clientData(T0 + 40 * MS, REQUEST);
            hmi.serverData(T0 + 41 * MS, ANSWER);
            hmi.clientData(T0 + 290 * MS, REQUEST);
            hmi.serverData(T0 + 291 * MS, ANSWER);
        }
        long startMicros = T0 / 1000;
        Attack replay = new Attack("command-retimed", "t", List.of("T0831"), "malware on the operator desk 127.30.1.11",
                "127.30.1.11", List.of(Controller.TURBINE), true, 505, startMicros + 24_000, startMicros + 30_000,
                Set.of("127.30.1.11:40002"), 2);
        Attack spoof = new Attack("spoofed-trip-report", "t", List.of("T0856"), "a compromised controller", null,
                List.of(Controller.SAFETY), true, 395, startMicros + 100_000, startMicros + 2_000_000, Set.of(), 0);
        Attack notRun = new Attack("listen-only-mode", "t", List.of("T0816"), "unknown host 127.30.1.66", "127.30.1.66",
                List.of(Controller.BOILER), false, 650, 0, 0, Set.of(), 0);

        Map<String, Long> first = FirstMessages.find(pcap, List.of(replay, spoof, notRun));

        assertThat(first).containsOnlyKeys("command-retimed", "spoofed-trip-report");
        assertThat(first.get("command-retimed")).as("its own connection, not the desk's").isEqualTo(startMicros + 25_000);
        assertThat(first.get("spoofed-trip-report")).as("the first answer after the spoof began")
                .isEqualTo(startMicros + 291_000);
    }
}
