package io.statewall.asma.console;

import io.statewall.asma.api.ApiResponse;
import io.statewall.asma.auth.Principal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client of the live feed: a bounded queue of ready-made SSE messages, drained by its own
 * virtual thread with blocking writes, so a slow client holds up nobody but itself. A client
 * that lets the queue fill is told {@code bye} "too slow" and dropped; every
 * {@value LiveFeed#RECHECK_MS} ms its token is checked again (a revoked or expired one ends the
 * stream with {@code bye} "invalid token"); a quiet stream gets a keepalive comment, which also
 * keeps the connection's idle timeout from closing it.
 */
final class Subscriber {
    /** Wakes the writer without a message to write. */
    private static final byte[] WAKE = new byte[0];
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Principal principal;
    private final String secret;
    private final Function<String, Optional<Principal>> authenticate;
    private final Runnable ended;
    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(LiveFeed.QUEUE);
    private volatile String bye;
    private volatile boolean gone;
    private Thread thread;

    /** {@code ended} runs once when the stream has ended, whatever the reason. */
    Subscriber(Principal principal, String secret, Function<String, Optional<Principal>> authenticate, Runnable ended) {
        this.principal = principal;
        this.secret = secret;
        this.authenticate = authenticate;
        this.ended = ended;
    }

    Principal principal() {
        return principal;
    }

    /** Queues a message; a full queue ends the stream ("too slow"). */
    void send(byte[] message) {
        if (bye == null && !queue.offer(message)) {
            end("too slow");
        }
    }

    /** Ends the stream with {@code bye} and {@code reason} (after what is being written now). */
    void end(String reason) {
        if (bye == null) {
            bye = reason;
        }
        wake();
    }

    private void wake() {
        // Nothing queued is written once the stream ends, so room for the wake-up is made.
        if (!queue.offer(WAKE)) {
            queue.clear();
            queue.offer(WAKE);
        }
    }

    /** Starts the writer on {@code out}. */
    synchronized void start(ApiResponse.Outlet out) {
        out.onGone(() -> {
            gone = true;
            wake();
        });
        thread = Thread.ofVirtual().name("statewall-asma-feed-" + principal.name()).start(() -> run(out));
    }

    /** Waits up to {@code millis} for the writer to finish. */
    void await(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(millis);
        }
    }

    private void run(ApiResponse.Outlet out) {
        long lastWrite = System.nanoTime();
        long lastCheck = lastWrite;
        List<byte[]> batch = new ArrayList<>();
        try {
            while (!gone) {
                long now = System.nanoTime();
                long wait = Math.min(LiveFeed.KEEPALIVE_MS - (now - lastWrite) / 1_000_000,
                        LiveFeed.RECHECK_MS - (now - lastCheck) / 1_000_000);
                byte[] first = queue.poll(Math.max(0, wait), TimeUnit.MILLISECONDS);
                if (gone) {
                    break;
                }
                if (bye != null) {
                    out.write(LiveFeed.message("bye", LiveFeed.reason(bye)));
                    break;
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 200);
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    for (byte[] m : batch) {
                        b.write(m);
                    }
                    batch.clear();
                    if (b.size() > 0) {
                        out.write(b.toByteArray());
                        lastWrite = System.nanoTime();
                    }
                }
                now = System.nanoTime();
                if ((now - lastCheck) / 1_000_000 >= LiveFeed.RECHECK_MS) {
                    lastCheck = now;
                    if (authenticate.apply(secret).isEmpty()) {
                        out.write(LiveFeed.message("bye", LiveFeed.reason("invalid token")));
                        break;
                    }
                }
                if ((now - lastWrite) / 1_000_000 >= LiveFeed.KEEPALIVE_MS) {
                    out.write(KEEPALIVE);
                    lastWrite = now;
                }
            }
        } catch (IOException e) {
            // the client has gone: nothing more to say to it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // e.g. the store closed under the token check: the stream ends
        } finally {
            out.end();
            ended.run();
        }
    }
}
