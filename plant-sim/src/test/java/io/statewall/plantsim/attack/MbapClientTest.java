package io.statewall.plantsim.attack;

import static io.statewall.plantsim.attack.ScriptedServer.dribble;
import static io.statewall.plantsim.attack.ScriptedServer.frame;
import static io.statewall.plantsim.attack.ScriptedServer.hangUp;
import static io.statewall.plantsim.attack.ScriptedServer.literally;
import static io.statewall.plantsim.attack.ScriptedServer.silence;
import static io.statewall.plantsim.attack.ScriptedServer.thenHangUp;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attacker's raw client against a scripted peer: what it puts on the wire, and how it reads
 * every kind of answer, garbage included, without ever throwing.
 */
class MbapClientTest {
    /** FC 3, holding registers 100..102: the request every case sends. */
    private static final byte[] READ_3 = RequestPdu.read(3, 100, 3);

    record Case(String name, ScriptedServer.Reply reply, AnswerKind kind, int exceptionCode) {
    }

    // Answers to READ_3 ("tt tt" is the request's transaction id, written in by the server).
    //                 tid    proto  len    unit  PDU
    private static final Case[] CASES = {
        new Case("normal response, 3 registers", frame("00 00  00 00  00 09  01    03 06 00 2A 00 2B 00 2C"),
                AnswerKind.RESPONSE, -1),
        new Case("normal response in one-byte pieces", dribble("00 00  00 00  00 05  01    03 02 00 2A"),
                AnswerKind.RESPONSE, -1),
        new Case("unit id rewritten by a gateway: still the answer", frame("00 00  00 00  00 05  FF    03 02 00 2A"),
                AnswerKind.RESPONSE, -1),
        new Case("exception 01 ILLEGAL FUNCTION (an NMA's block)", frame("00 00  00 00  00 03  01    83 01"),
                AnswerKind.EXCEPTION, 1),
        new Case("exception 02 ILLEGAL DATA ADDRESS", frame("00 00  00 00  00 03  01    83 02"),
                AnswerKind.EXCEPTION, 2),
        new Case("exception 0B gateway target failed to respond", frame("00 00  00 00  00 03  01    83 0B"),
                AnswerKind.EXCEPTION, 0x0B),
        new Case("hang-up instead of an answer", hangUp(), AnswerKind.CLOSED, -1),
        new Case("hang-up after the header", thenHangUp("00 00  00 00  00 05  01"), AnswerKind.CLOSED, -1),
        new Case("hang-up within the PDU", thenHangUp("00 00  00 00  00 09  01    03 06 00"), AnswerKind.CLOSED, -1),
        new Case("another transaction's answer", literally("7F 7F  00 00  00 05  01    03 02 00 2A"),
                AnswerKind.MALFORMED, -1),
        new Case("protocol identifier 1", frame("00 00  00 01  00 05  01    03 02 00 2A"), AnswerKind.MALFORMED, -1),
        new Case("length 1: a unit id and no PDU", frame("00 00  00 00  00 01  01"), AnswerKind.MALFORMED, -1),
        new Case("length 300: beyond the 253-byte PDU", frame("00 00  00 00  01 2C  01    03"), AnswerKind.MALFORMED,
                -1),
        new Case("answer of another function", frame("00 00  00 00  00 05  01    04 02 00 2A"), AnswerKind.MALFORMED,
                -1),
        new Case("exception for another function", frame("00 00  00 00  00 03  01    84 01"), AnswerKind.MALFORMED,
                -1),
        new Case("exception with a trailing byte", frame("00 00  00 00  00 04  01    83 01 00"), AnswerKind.MALFORMED,
                -1),
        new Case("exception without its code", frame("00 00  00 00  00 02  01    83"), AnswerKind.MALFORMED, -1),
        new Case("an HTTP server's garbage", literally("48 54 54 50 2F 31 2E 31 20 34 30 30"), AnswerKind.MALFORMED,
                -1),
    };

    @Test
    void everyKindOfAnswerIsReadAndNoneThrows() throws Exception {
        for (Case c : CASES) {
            try (ScriptedServer server = new ScriptedServer(List.of(c.reply()));
                 MbapClient client = new MbapClient(server.address(), null, local -> { })) {
                Answer a = client.request(1, READ_3);
                assertThat(a.kind()).as(c.name()).isEqualTo(c.kind());
                assertThat(a.exceptionCode()).as(c.name()).isEqualTo(c.exceptionCode());
                assertThat(a.connection()).as(c.name()).startsWith("127.0.0.1:");
                assertThat(client.localEndpoint()).as(c.name() + ": a failure drops the connection")
                        .isEqualTo(c.kind() == AnswerKind.RESPONSE || c.kind() == AnswerKind.EXCEPTION
                                ? a.connection() : null);
            }
        }
    }

    @Test
    void silenceIsNoAnswerAfterOneSecond() throws Exception {
        try (ScriptedServer server = new ScriptedServer(List.of(silence()));
             MbapClient client = new MbapClient(server.address(), null, local -> { })) {
            long start = System.nanoTime();
            Answer a = client.request(1, READ_3);
            assertThat(a.kind()).isEqualTo(AnswerKind.NO_ANSWER);
            assertThat((System.nanoTime() - start) / 1_000_000).as("not before the timeout")
                    .isGreaterThanOrEqualTo(MbapClient.TIMEOUT_MILLIS - 1);
            assertThat(client.lastFailure()).contains("no answer");
        }
    }

    @Test
    void framesGoOutWithCountingTransactionIdsFromTheAttackersAddress() throws Exception {
        InetAddress laptop = InetAddress.getByName("127.0.0.66");
        List<String> connections = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer(List.of(
                frame("00 00 00 00 00 09 11 03 06 00 2A 00 2B 00 2C"),
                frame("00 00 00 00 00 06 11 06 01 40 08 FC")));
             MbapClient client = new MbapClient(server.address(), laptop, connections::add)) {
            assertThat(client.request(0x11, READ_3).kind()).isEqualTo(AnswerKind.RESPONSE);
            Answer second = client.request(0x11, RequestPdu.writeSingleRegister(320, 2300));
            assertThat(second.kind()).isEqualTo(AnswerKind.RESPONSE);
            assertThat(second.transactionId()).isEqualTo(2);
            assertThat(server.requests()).containsExactly(
                    // tid   proto  length unit  PDU
                    "00 01 00 00 00 06 11 03 00 64 00 03",
                    "00 02 00 00 00 06 11 06 01 40 08 FC");
            assertThat(server.peers()).containsExactly(laptop);
            assertThat(connections).hasSize(1).allMatch(c -> c.startsWith("127.0.0.66:"))
                    .containsExactly(second.connection());
        }
    }

    @Test
    void afterAFailureTheNextRequestOpensANewConnection() throws Exception {
        List<String> connections = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer(List.of(hangUp(), frame("00 00 00 00 00 03 01 83 01")));
             MbapClient client = new MbapClient(server.address(), null, connections::add)) {
            Answer first = client.request(1, READ_3);
            Answer second = client.request(1, READ_3);
            assertThat(first.kind()).isEqualTo(AnswerKind.CLOSED);
            assertThat(second.kind()).isEqualTo(AnswerKind.EXCEPTION);
            assertThat(connections).containsExactly(first.connection(), second.connection());
            assertThat(first.connection()).isNotEqualTo(second.connection());
            assertThat(server.peers()).hasSize(2);
        }
    }

    @Test
    void aRefusedConnectionIsClosedWithoutAConnection() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        List<String> connections = new ArrayList<>();
        try (MbapClient client = new MbapClient(nobody, null, connections::add)) {
            Answer a = client.request(1, READ_3);
            assertThat(a.kind()).isEqualTo(AnswerKind.CLOSED);
            assertThat(a.connection()).isNull();
            assertThat(connections).isEmpty();
            assertThat(client.lastFailure()).startsWith("cannot connect from any address to 127.0.0.1:" + nobody.getPort());
        }
    }

    @Test
    void anIpv6EndpointIsBracketed() throws Exception {
        assertThat(MbapClient.endpoint(InetAddress.getByName("::1"), 502)).isEqualTo("[0:0:0:0:0:0:0:1]:502");
        assertThat(MbapClient.endpoint(InetAddress.getByName("127.30.1.66"), 40123)).isEqualTo("127.30.1.66:40123");
    }
}
