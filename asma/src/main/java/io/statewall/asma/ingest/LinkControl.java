package io.statewall.asma.ingest;

import io.statewall.asma.NmaControl;
import io.statewall.link.Command;
import io.statewall.link.LinkServer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** {@link NmaControl} over the link server: each order becomes a link {@link Command} with a fresh id. */
public final class LinkControl implements NmaControl {
    private final LinkServer server;
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis());

    public LinkControl(LinkServer server) {
        this.server = server;
    }

    @Override
    public Set<String> connected() {
        return server.connected();
    }

    @Override
    public CompletableFuture<Result> send(String nma, Order order) {
        long id = ids.incrementAndGet();
        Command c = switch (order) {
            case Order.DeclareState d -> new Command.DeclareState(id, d.state(), d.by());
            case Order.ReleaseState r -> new Command.ReleaseState(id, r.by());
            case Order.PushPolicy p -> new Command.PushPolicy(id, p.version(), p.yaml());
            case Order.PushBaseline b -> new Command.PushBaseline(id, b.version(), b.yaml());
        };
        return server.send(nma, c).thenApply(r -> new Result(r.ok(), r.detail()));
    }
}
