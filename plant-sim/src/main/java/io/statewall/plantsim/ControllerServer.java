package io.statewall.plantsim;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * One controller's Modbus/TCP server: a j2mod TCP slave serving a {@link RegisterMap} as unit
 * {@link Points#UNIT_ID} (other unit ids are answered with an exception). j2mod takes port 0 for
 * its default 502, so a free port is found first by binding one and letting it go; should another
 * process take it in between, j2mod's open fails and another port is tried.
 */
final class ControllerServer implements AutoCloseable {
    /** Connections served at once: the HMI, both stations, and room for visitors. */
    private static final int CONNECTIONS = 16;
    private static final int ATTEMPTS = 20;

    private final ModbusSlave slave;
    private final InetSocketAddress address;

    private ControllerServer(ModbusSlave slave, InetSocketAddress address) {
        this.slave = slave;
        this.address = address;
    }

    /** Serves {@code map} on {@code bind:port}; port 0 picks a free one. */
    static ControllerServer start(RegisterMap map, InetAddress bind, int port) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? ATTEMPTS : 1); attempt++) {
            int p = port == 0 ? freePort(bind) : port;
            ModbusSlave slave = null;
            try {
                slave = ModbusSlaveFactory.createTCPSlave(bind, p, CONNECTIONS, false);
                slave.addProcessImage(Points.UNIT_ID, map);
                openAsDaemon(slave);
                return new ControllerServer(slave, new InetSocketAddress(bind, p));
            } catch (ModbusException | RuntimeException e) {
                if (slave != null) {
                    ModbusSlaveFactory.close(slave);
                }
                last = new IOException("cannot serve Modbus/TCP on " + bind.getHostAddress() + ":" + p + ": "
                        + e.getMessage(), e);
            }
        }
        throw last;
    }

    /**
     * j2mod's listener and connection threads are not daemons and a connection's thread lives until
     * its client hangs up; they inherit the daemon flag of the thread that opens the slave, so it is
     * opened from a daemon thread: a client that never hangs up cannot keep the JVM alive.
     */
    private static void openAsDaemon(ModbusSlave slave) throws ModbusException {
        ModbusException[] failure = new ModbusException[1];
        Thread opener = Thread.ofPlatform().daemon().name("modbus-open").start(() -> {
            try {
                slave.open();
            } catch (ModbusException e) {
                failure[0] = e;
            }
        });
        try {
            opener.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModbusException("interrupted while opening the listener");
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static int freePort(InetAddress bind) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, bind)) {
            return probe.getLocalPort();
        }
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
