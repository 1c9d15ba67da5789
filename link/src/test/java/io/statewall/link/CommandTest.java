package io.statewall.link;

import static io.statewall.link.TestLink.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands from the ASMA reach the NMA's handler; its results come back to the ASMA's futures. */
class CommandTest {
    @TempDir
    Path tmp;

    private final MemorySink sink = new MemorySink();
    private final BlockingQueue<Command> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private LinkServer server;
    private LinkClient client;

    @BeforeEach
    void connect() throws Exception {
        server = LinkServer.start(TestLink.server(tmp.resolve("asma"), 0, new LogLines("asma")), sink);
        String token = server.tokens().issue("cmd-nma", Duration.ofHours(1));
        CommandHandler handler = command -> {
            received.add(command);
            return switch (command) {
                case Command.DeclareState d -> {
                    if (d.state().equals("nonsense")) {
                        throw new IllegalArgumentException("unknown state 'nonsense' (states: normal, maintenance)");
                    }
                    yield CommandResult.ok(d.id(), "declared " + d.state() + " by " + d.by());
                }
                case Command.ReleaseState r -> {
                    release.await(); // a slow command: the proxy's loop is busy
                    yield CommandResult.ok(r.id(), "released");
                }
                case Command.PushPolicy p -> CommandResult.ok(p.id(), "policy " + p.version() + " in force");
                case Command.PushBaseline b -> CommandResult.refused(b.id(), "baselines are not enforced by this NMA yet");
            };
        };
        client = LinkClient.start(TestLink.client(server.address(), tmp.resolve("nma"), token, new LogLines("nma")),
                handler, null);
        sink.awaitConnected("cmd-nma", true, TIMEOUT);
    }

    @AfterEach
    void close() {
        release.countDown();
        client.close();
        server.close();
    }

    @Test
    void aDeclarationReachesTheHandlerAndItsResultComesBack() throws Exception {
        Command.DeclareState declare = new Command.DeclareState(1, "maintenance", "shift-supervisor");
        CommandResult r = server.send("cmd-nma", declare).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.poll()).isEqualTo(declare);
        assertThat(r).isEqualTo(new CommandResult(1, true, "declared maintenance by shift-supervisor"));

        Command.PushPolicy push = new Command.PushPolicy(2, "v7", "statewall-policy: 1\nname: x\n" + "#".repeat(100_000));
        assertThat(server.send("cmd-nma", push).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).detail())
                .isEqualTo("policy v7 in force");
        assertThat(received.poll()).isEqualTo(push);
        assertThat(server.send("cmd-nma", new Command.PushBaseline(3, "b1", "x: 1")).get(30, TimeUnit.SECONDS))
                .isEqualTo(new CommandResult(3, false, "baselines are not enforced by this NMA yet"));
    }

    @Test
    void aHandlerThatThrowsAnswersNotOkWithItsMessage() throws Exception {
        CommandResult r = server.send("cmd-nma", new Command.DeclareState(5, "nonsense", "op"))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.ok()).isFalse();
        assertThat(r.id()).isEqualTo(5);
        assertThat(r.detail()).isEqualTo("unknown state 'nonsense' (states: normal, maintenance)");
    }

    @Test
    void sendingToAnNmaThatIsNotConnectedFailsAtOnce() {
        CompletableFuture<CommandResult> f = server.send("nobody", new Command.ReleaseState(1, "op"));
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasRootCauseMessage("NMA 'nobody' is not connected");
    }

    @Test
    void anIdInFlightCannotBeReusedAndADisconnectFailsWhatIsPending() throws Exception {
        CompletableFuture<CommandResult> slow = server.send("cmd-nma", new Command.ReleaseState(9, "op"));
        assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Command.ReleaseState.class);
        assertThatThrownBy(() -> server.send("cmd-nma", new Command.DeclareState(9, "normal", "op")).join())
                .hasRootCauseMessage("command 9 is already waiting for NMA 'cmd-nma'");
        client.close();
        assertThatThrownBy(() -> slow.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("NMA 'cmd-nma' disconnected before answering command 9");
    }
}
