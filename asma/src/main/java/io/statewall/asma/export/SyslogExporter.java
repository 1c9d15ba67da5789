package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Forwards events to a syslog receiver as RFC 5424 messages carrying CEF ({@link Rfc5424},
 * {@link Cef}): over UDP, one datagram each (best effort: UDP cannot tell a lost message); over
 * TCP with octet-counting framing, on one connection opened when needed and opened again after a
 * failure (the batch is then sent again, whole: the receiver may see a message twice, never
 * lose one while retries last).
 */
public final class SyslogExporter extends Exporter {
    /** UDP or TCP. */
    public enum Transport { UDP, TCP }

    private static final int MAX_DATAGRAM = 65_000;

    private final Transport transport;
    private final InetSocketAddress receiver;
    private final int facility;
    private final String productVersion;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;

    public SyslogExporter(String name, ExportFilter filter, Transport transport, InetSocketAddress receiver, int facility,
                          String productVersion, int capacity) {
        super(name, filter, capacity, 256, 500, 30_000, transport == Transport.UDP ? 1 : 20);
        this.transport = transport;
        this.receiver = receiver;
        this.facility = facility;
        this.productVersion = productVersion;
    }

    /** The syslog message of one event. */
    public static String message(CommittedEvent e, int facility, String productVersion) {
        return Rfc5424.format(facility, Rfc5424.severity(e.digest().eventType, e.digest().severity), e.digest().tsMicros,
                e.nma(), "statewall", e.digest().eventType, Cef.format(e, productVersion));
    }

    @Override
    protected void send(List<CommittedEvent> batch) throws IOException {
        if (transport == Transport.UDP) {
            if (udp == null) {
                udp = new DatagramSocket();
            }
            for (CommittedEvent e : batch) {
                byte[] b = message(e, facility, productVersion).getBytes(StandardCharsets.UTF_8);
                udp.send(new DatagramPacket(b, Math.min(b.length, MAX_DATAGRAM), receiver));
            }
            return;
        }
        try {
            if (tcp == null) {
                tcp = new Socket();
                tcp.connect(receiver, 5_000);
                tcp.setSoTimeout(10_000);
                tcpOut = new java.io.BufferedOutputStream(tcp.getOutputStream(), 1 << 16);
            }
            for (CommittedEvent e : batch) {
                byte[] b = message(e, facility, productVersion).getBytes(StandardCharsets.UTF_8);
                tcpOut.write((b.length + " ").getBytes(StandardCharsets.US_ASCII));
                tcpOut.write(b);
            }
            tcpOut.flush();
        } catch (IOException e) {
            closeTcp();
            throw e;
        }
    }

    private void closeTcp() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // reconnecting anyway
            }
        }
        tcp = null;
        tcpOut = null;
    }

    @Override
    protected void release() {
        closeTcp();
        if (udp != null) {
            udp.close();
        }
    }
}
