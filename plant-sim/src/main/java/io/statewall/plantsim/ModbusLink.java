package io.statewall.plantsim;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * A Modbus/TCP client connection built on j2mod's transport and message classes, on a socket of
 * our own so that it can leave from a chosen local address (an HMI and an engineering station are
 * told apart by their addresses; on loopback any 127.x.y.z will do). One request at a time, each
 * with the next transaction id; the answer must carry the same id and function, else the
 * connection is dropped. Any I/O failure closes the connection and the next request opens a new
 * one, as an HMI driver does. Thread-safe (requests are serialised).
 */
final class ModbusLink implements AutoCloseable {
    private final InetSocketAddress server;
    private final InetAddress local;
    private final int timeoutMillis;
    private Socket socket;
    private ModbusTCPTransport transport;
    private int transactionId;
    private long requests;
    private long failures;
    private boolean closed;

    ModbusLink(InetSocketAddress server, InetAddress local, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.local = local;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    InetSocketAddress server() {
        return server;
    }

    synchronized long requests() {
        return requests;
    }

    synchronized long failures() {
        return failures;
    }

    /** FC 3. */
    int[] readHoldingRegisters(int address, int count) throws IOException {
        ModbusResponse r = execute(new ReadMultipleRegistersRequest(address, count));
        if (!(r instanceof ReadMultipleRegistersResponse rr) || rr.getWordCount() != count) {
            throw mismatch(r);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = rr.getRegisterValue(i);
        }
        return out;
    }

    /** FC 4. */
    int[] readInputRegisters(int address, int count) throws IOException {
        ModbusResponse r = execute(new ReadInputRegistersRequest(address, count));
        if (!(r instanceof ReadInputRegistersResponse rr) || rr.getWordCount() != count) {
            throw mismatch(r);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = rr.getRegisterValue(i);
        }
        return out;
    }

    /** FC 1. */
    boolean[] readCoils(int address, int count) throws IOException {
        ModbusResponse r = execute(new ReadCoilsRequest(address, count));
        if (!(r instanceof ReadCoilsResponse rr)) {
            throw mismatch(r);
        }
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = rr.getCoilStatus(i);
        }
        return out;
    }

    /** FC 6. */
    void writeRegister(int address, int value) throws IOException {
        ModbusResponse r = execute(new WriteSingleRegisterRequest(address, new SimpleRegister(value)));
        if (!(r instanceof WriteSingleRegisterResponse)) {
            throw mismatch(r);
        }
    }

    /** FC 5. */
    void writeCoil(int address, boolean value) throws IOException {
        ModbusResponse r = execute(new WriteCoilRequest(address, value));
        if (!(r instanceof WriteCoilResponse)) {
            throw mismatch(r);
        }
    }

    private synchronized ModbusResponse execute(ModbusRequest request) throws IOException {
        if (closed) {
            throw new IOException("link to " + server + " is closed");
        }
        requests++;
        try {
            connect();
            transactionId = (transactionId + 1) & 0xFFFF;
            request.setUnitID(Points.UNIT_ID);
            request.setTransactionID(transactionId);
            transport.writeRequest(request);
            ModbusResponse response = transport.readResponse();
            if (response.getTransactionID() != transactionId) {
                throw new IOException("answer with transaction id " + response.getTransactionID() + " to request "
                        + transactionId);
            }
            if (response instanceof ExceptionResponse e) {
                // The connection stays good: the server (or an inline NMA) answered, and said no.
                throw new ModbusRefusedException(request.getFunctionCode(), e.getExceptionCode());
            }
            if (response.getFunctionCode() != request.getFunctionCode()) {
                throw new IOException("answer with function " + response.getFunctionCode() + " to function "
                        + request.getFunctionCode());
            }
            return response;
        } catch (ModbusRefusedException e) {
            failures++;
            throw e;
        } catch (IOException | ModbusException | RuntimeException e) {
            failures++;
            disconnect();
            throw e instanceof IOException io ? io : new IOException(server + ": " + e.getMessage(), e);
        }
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(server, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            ModbusTCPTransport t = new ModbusTCPTransport(s);
            t.setTimeout(timeoutMillis);
            socket = s;
            transport = t;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        transport = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private IOException mismatch(ModbusResponse r) {
        disconnect();
        return new IOException("unexpected answer " + r.getClass().getSimpleName() + " from " + server);
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
