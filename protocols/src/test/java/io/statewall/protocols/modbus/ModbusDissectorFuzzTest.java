package io.statewall.protocols.modbus;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Arbitrary bytes, cut into chunks of both directions with gaps, through a session that is fed
 * as a reassembler would (unconsumed bytes offered again); every accessor of every reported
 * transaction is read and checked; arbitrary slices go through {@link ModbusPduDecoder}.
 * Nothing may throw, and every offer of 260 bytes or more must consume something. Seeds
 * (valid conversations) are in {@code ModbusDissectorFuzzTestInputs/dissect/}.
 */
class ModbusDissectorFuzzTest {

    /** Reads everything a consumer could read and checks the documented ranges. */
    static final class CheckingListener implements ModbusListener {
        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            check(tx.hasRequest() || tx.hasResponse(), "a transaction has a side");
            check((tx.request() != null) == tx.hasRequest(), "request() matches hasRequest()");
            check((tx.response() != null) == tx.hasResponse(), "response() matches hasResponse()");
            check(tx.transactionId() >= 0 && tx.transactionId() <= 0xFFFF, "transaction id is 16 bits");
            check(tx.unitId() >= 0 && tx.unitId() <= 0xFF, "unit id is 8 bits");
            check(tx.functionRaw() >= 0 && tx.functionRaw() <= 0xFF, "function byte");
            check(tx.anomalyFlags() >>> ModbusAnomaly.values().length == 0, "anomaly flags in range");
            check(AccessType.format(tx.accessType()) != null, "access type text");
            check(tx.function() != null && tx.category() != null && tx.operation() != null && tx.dataArea() != null,
                    "classification");
            // An exception response cut to its function byte has no code (-1) and is flagged.
            check(!tx.isException() || tx.exceptionCode() >= 0 || tx.has(ModbusAnomaly.INVALID_LENGTH),
                    "exception code present on well-formed exceptions");
            check(tx.isException() || tx.exceptionCode() == -1, "exception code only on exceptions");
            for (int field : new int[] {tx.readAddress(), tx.readQuantity(), tx.writeAddress(), tx.writeQuantity(),
                    tx.subFunction(), tx.andMask(), tx.orMask()}) {
                check(field >= -1 && field <= 0xFFFF, "16-bit field or -1");
            }
            check(tx.meiType() >= -1 && tx.meiType() <= 0xFF, "MEI type");
            boolean bits = tx.function() == FunctionCode.READ_COILS || tx.function() == FunctionCode.READ_DISCRETE_INPUTS;
            int reads = tx.readValueCount();
            check(reads >= 0, "read count");
            for (int i = 0; i < reads; i++) {
                int value = tx.readValue(i);
                check(value >= 0 && value <= (bits ? 1 : 0xFFFF), "read value range");
            }
            int writes = tx.writeValueCount();
            check(writes >= 0, "write count");
            for (int i = 0; i < writes; i++) {
                int value = tx.writeValue(i);
                check(value >= 0 && value <= 0xFFFF, "write value range");
            }
            frame(tx.request(), true);
            frame(tx.response(), false);
            check(!tx.toString().isEmpty(), "toString");
        }

        private static void frame(ModbusFrame frame, boolean request) {
            if (frame == null) {
                return;
            }
            check(frame.length() == 6 + frame.lengthField(), "frame length follows its header");
            check(frame.protocolId() == 0, "framed ADUs have protocol id 0");
            check(frame.pduLength() >= 1 && frame.pduLength() <= 253, "PDU length");
            check(frame.byteAt(frame.pduLength()) == -1 && frame.u16At(frame.pduLength() - 1) == -1, "reads past the PDU");
            ModbusPdu pdu = frame.decode(request);
            check(request ? pdu instanceof ModbusRequest : pdu instanceof ModbusResponse, "decoded direction");
            check(!pdu.toString().isEmpty(), "record toString");
        }

        @Override
        public void onAnomaly(ModbusSession session, ModbusAnomaly anomaly, boolean toServer,
                              long timestampNanos, int transactionId, long detail) {
            check(anomaly != null && detail >= 0 && transactionId >= -1 && transactionId <= 0xFFFF, "anomaly fields");
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("violated: " + what);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void dissect(FuzzedDataProvider data) {
        int maxOpen = data.consumeInt(1, 8);
        long timeout = data.consumeBoolean() ? 0 : data.consumeLong(1, 5_000);
        ModbusSession session = new ModbusSession(new ModbusLimits(maxOpen, timeout), new CheckingListener(), null);
        byte[][] pending = {new byte[0], new byte[0]};
        long now = 0;
        while (data.remainingBytes() > 0) {
            boolean toServer = data.consumeBoolean();
            int side = toServer ? 0 : 1;
            now += data.consumeInt(0, 2_000);
            if (data.consumeInt(0, 31) == 0) {
                session.onGap(toServer, now);
                pending[side] = new byte[0];
                continue;
            }
            byte[] chunk = data.consumeBytes(data.consumeInt(0, 400));
            byte[] offered = Arrays.copyOf(pending[side], pending[side].length + chunk.length);
            System.arraycopy(chunk, 0, offered, pending[side].length, chunk.length);
            int consumed = session.onData(toServer, MemorySegment.ofArray(offered), 0, offered.length, now);
            check(consumed >= 0 && consumed <= offered.length, "consumed within the offer");
            check(offered.length < Mbap.MAX_ADU || consumed > 0, "progress with 260 bytes or more");
            pending[side] = Arrays.copyOfRange(offered, consumed, offered.length);

            if (chunk.length > 0) {
                int from = data.consumeInt(0, chunk.length - 1);
                int length = data.consumeInt(0, chunk.length - from);
                ModbusPdu pdu = ModbusPduDecoder.decode(MemorySegment.ofArray(chunk), from, length, toServer);
                check(pdu != null && (toServer ? pdu instanceof ModbusRequest : pdu instanceof ModbusResponse),
                        "decoder result");
            }
        }
        session.onEnd(now);
        check(session.openTransactions() == 0, "end closes every request");
    }
}
