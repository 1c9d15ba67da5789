package io.statewall.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The ASMA's side of the link as a process of its own, for tests that kill it:
 * {@code AsmaMain DATA_DIR STORE_DIR PORT}. Prints {@code LISTENING <port>} once it accepts
 * connections, then serves until it is killed.
 */
public final class AsmaMain {
    private AsmaMain() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path store = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        LinkServerConfig config = LinkServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), data)
                .withServerNames(List.of("localhost", "127.0.0.1"))
                .withLog(line -> System.err.println("asma process: " + line));
        LinkServer server = LinkServer.start(config, new FileSink(store));
        System.out.println("LISTENING " + server.address().getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
