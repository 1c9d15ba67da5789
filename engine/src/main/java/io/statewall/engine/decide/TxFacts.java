package io.statewall.engine.decide;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * What the match fields look at, read at most once per transaction from the flow and the transaction
 * flyweight so that each rule compares primitives instead of re-decoding the frames. Reused.
 *
 * <p>Addressed items (docs/policy-format.md, {@code address}): the read span and the write
 * span, each {@code start .. start + quantity - 1}, only for the four MB-AP §4.3 point tables
 * (coils, discrete inputs, input and holding registers); FC 24's FIFO pointer addresses a queue,
 * not points. A quantity missing or below 1 (a truncated or illegal request) counts as the one
 * item at the start address: a malformed request is still judged by where it points, so a rule
 * on an address cannot be dodged with a bogus quantity.
 */
final class TxFacts {
    /**
     * Writes announce their data with a one-byte byte count (MB-AP §6.11, §6.12, §6.17), and the
     * transaction bounds values by it: at most 255 bytes, 2040 coils.
     */
    private static final int MAX_WRITE_VALUES = 256 * 8;

    int ipVersion;
    long srcHi, srcLo, destHi, destLo;
    int srcPort, destPort;

    int function;
    int operation;
    int category;
    int area;
    int unit;
    boolean pointArea;
    /** -1 when the transaction reads or writes no points; valid after {@link #loadSpans()}. */
    long readStart, readEnd, writeStart, writeEnd;
    private boolean spansLoaded;
    private boolean detailsLoaded;

    boolean hasResponse;
    boolean exception;
    int exceptionCode;

    private ModbusTransaction tx;
    private int writeCount = -1;
    private final int[] writeValues = new int[MAX_WRITE_VALUES];

    private FlowContext loadedFlow;
    private long loadedSequence = -1;

    void load(FlowContext flow, ModbusTransaction tx) {
        // The response phase of the transaction the request phase just read: nothing changed.
        if (tx == this.tx && flow == loadedFlow && tx.sequence() == loadedSequence) {
            return;
        }
        loadedFlow = flow;
        loadedSequence = tx.sequence();
        this.tx = tx;
        function = tx.functionRaw();
        hasResponse = tx.hasResponse();
        exception = hasResponse && tx.isException();
        exceptionCode = exception ? tx.exceptionCode() : -1;
        detailsLoaded = false;
        spansLoaded = false;
        writeCount = -1;
    }

    /**
     * Endpoints, meaning and unit, read on first use: the function byte alone picks the rules a
     * decision visits, and for most transactions (a poll under a policy on writes) there are none.
     */
    void loadDetails() {
        if (detailsLoaded) {
            return;
        }
        detailsLoaded = true;
        FlowContext flow = loadedFlow;
        ipVersion = flow.ipVersion;
        srcHi = flow.srcAddrHi;
        srcLo = flow.srcAddrLo;
        destHi = flow.destAddrHi;
        destLo = flow.destAddrLo;
        srcPort = flow.srcPort;
        destPort = flow.destPort;
        operation = tx.operation().ordinal();
        category = tx.category().ordinal();
        DataArea a = tx.dataArea();
        area = a.ordinal();
        unit = tx.unitId();
        pointArea = a == DataArea.COILS || a == DataArea.DISCRETE_INPUTS || a == DataArea.INPUT_REGISTERS
                || a == DataArea.HOLDING_REGISTERS;
    }

    /** The read and write spans, read from the frames on first use (only address rules ask). */
    void loadSpans() {
        if (spansLoaded) {
            return;
        }
        loadDetails();
        spansLoaded = true;
        readStart = readEnd = writeStart = writeEnd = -1;
        if (pointArea) {
            int start = tx.readAddress();
            if (start >= 0) {
                readStart = start;
                readEnd = start + Math.max(1, tx.readQuantity()) - 1L;
            }
            start = tx.writeAddress();
            if (start >= 0) {
                writeStart = start;
                writeEnd = start + Math.max(1, tx.writeQuantity()) - 1L;
            }
        }
    }

    /** Values written, copied from the frame on first use (most decisions never ask). */
    int writeCount() {
        if (writeCount < 0) {
            int n = Math.min(tx.writeValueCount(), MAX_WRITE_VALUES);
            for (int i = 0; i < n; i++) {
                writeValues[i] = tx.writeValue(i);
            }
            writeCount = n;
        }
        return writeCount;
    }

    /** Value {@code i} written, at address {@code writeStart + i}; after {@link #writeCount()}. */
    int writeValue(int i) {
        return writeValues[i];
    }
}
