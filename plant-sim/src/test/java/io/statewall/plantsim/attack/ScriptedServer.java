package io.statewall.plantsim.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Modbus/TCP peer that answers each request it receives (across connections, in order) with
 * the next step of a script: bytes to send, a hang-up, or silence. Records what it was sent and
 * from where.
 */
final class ScriptedServer implements AutoCloseable {

    /** What to do with one request; {@code tid} is the request's transaction identifier. */
    interface Reply {
        /** @return false to hang up after it */
        boolean answer(int tid, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final List<Reply> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<InetAddress> peers = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private int next;

    ScriptedServer(List<Reply> script) throws IOException {
        this.script = new ArrayList<>(script);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Every request received, as hex of its whole frame. */
    List<String> requests() {
        return requests;
    }

    /** The source address of every connection accepted. */
    List<InetAddress> peers() {
        return peers;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                accepted.add(s);
                peers.add(s.getInetAddress());
                Thread.ofVirtual().start(() -> serve(s));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] header = in.readNBytes(7);
                if (header.length < 7) {
                    return;
                }
                int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                byte[] body = in.readNBytes(length - 1);
                byte[] frame = new byte[7 + body.length];
                System.arraycopy(header, 0, frame, 0, 7);
                System.arraycopy(body, 0, frame, 7, body.length);
                requests.add(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(frame));
                Reply r;
                synchronized (this) {
                    r = next < script.size() ? script.get(next++) : silence();
                }
                if (!r.answer(((header[0] & 0xFF) << 8) | (header[1] & 0xFF), out)) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client hung up
        }
    }

    /** Hex bytes, spaced as a table column likes. */
    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** Sends {@code hex} with the request's transaction id written over its first two bytes. */
    static Reply frame(String hex) {
        byte[] bytes = bytes(hex);
        return (tid, out) -> {
            bytes[0] = (byte) (tid >>> 8);
            bytes[1] = (byte) tid;
            out.write(bytes);
            out.flush();
            return true;
        };
    }

    /** Sends {@code hex} exactly as written (transaction id included). */
    static Reply literally(String hex) {
        byte[] bytes = bytes(hex);
        return (tid, out) -> {
            out.write(bytes);
            out.flush();
            return true;
        };
    }

    /** Like {@link #frame} but one byte per write. */
    static Reply dribble(String hex) {
        byte[] bytes = bytes(hex);
        return (tid, out) -> {
            bytes[0] = (byte) (tid >>> 8);
            bytes[1] = (byte) tid;
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
            return true;
        };
    }

    /** Sends {@code hex} (transaction id written in), then hangs up. */
    static Reply thenHangUp(String hex) {
        Reply f = frame(hex);
        return (tid, out) -> {
            f.answer(tid, out);
            return false;
        };
    }

    static Reply hangUp() {
        return (tid, out) -> false;
    }

    /** Answers nothing and keeps the connection. */
    static Reply silence() {
        return (tid, out) -> true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
