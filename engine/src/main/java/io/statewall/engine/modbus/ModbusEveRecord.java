package io.statewall.engine.modbus;

import io.statewall.engine.eve.EventType;
import io.statewall.engine.eve.EveWriter;
import io.statewall.engine.eve.FlowContext;
import io.statewall.engine.eve.JsonOut;
import io.statewall.protocols.modbus.AccessType;
import io.statewall.protocols.modbus.DiagnosticSubFunction;
import io.statewall.protocols.modbus.ExceptionCode;
import io.statewall.protocols.modbus.FunctionCategory;
import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.MeiType;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusFrame;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * The EVE {@code modbus} record of one transaction, in Suricata 7's object shape
 * ({@code modbus.id}, {@code modbus.request}/{@code modbus.response} with
 * {@code transaction_id}, {@code unit_id}, {@code function_raw}, {@code function_code},
 * {@code access_type}, {@code category}, {@code error_flags}, and per function
 * {@code read}/{@code write}/{@code diagnostic}/{@code mei}/{@code exception}).
 *
 * <p>Where Suricata prints raw bytes as an escaped string, {@code data} here is lower-case hex
 * (unambiguous and easy to parse), and decoded values are added beside it: {@code values}
 * (registers as unsigned 16-bit integers, coils and inputs as 0/1). Statewall also adds
 * {@code operation}, {@code data_area}, {@code anomalies} and {@code response_time_us}.
 */
public final class ModbusEveRecord {
    private static final byte[] K_MODBUS = JsonOut.key("modbus");
    private static final byte[] K_ID = JsonOut.key("id");
    private static final byte[] K_REQUEST = JsonOut.key("request");
    private static final byte[] K_RESPONSE = JsonOut.key("response");
    private static final byte[] K_TRANSACTION_ID = JsonOut.key("transaction_id");
    private static final byte[] K_PROTOCOL_ID = JsonOut.key("protocol_id");
    private static final byte[] K_UNIT_ID = JsonOut.key("unit_id");
    private static final byte[] K_FUNCTION_RAW = JsonOut.key("function_raw");
    private static final byte[] K_FUNCTION_CODE = JsonOut.key("function_code");
    private static final byte[] K_ACCESS_TYPE = JsonOut.key("access_type");
    private static final byte[] K_CATEGORY = JsonOut.key("category");
    private static final byte[] K_ERROR_FLAGS = JsonOut.key("error_flags");
    private static final byte[] K_READ = JsonOut.key("read");
    private static final byte[] K_WRITE = JsonOut.key("write");
    private static final byte[] K_ADDRESS = JsonOut.key("address");
    private static final byte[] K_QUANTITY = JsonOut.key("quantity");
    private static final byte[] K_DATA = JsonOut.key("data");
    private static final byte[] K_VALUES = JsonOut.key("values");
    private static final byte[] K_AND_MASK = JsonOut.key("and_mask");
    private static final byte[] K_OR_MASK = JsonOut.key("or_mask");
    private static final byte[] K_DIAGNOSTIC = JsonOut.key("diagnostic");
    private static final byte[] K_MEI = JsonOut.key("mei");
    private static final byte[] K_RAW = JsonOut.key("raw");
    private static final byte[] K_CODE = JsonOut.key("code");
    private static final byte[] K_EXCEPTION = JsonOut.key("exception");
    private static final byte[] K_OPERATION = JsonOut.key("operation");
    private static final byte[] K_DATA_AREA = JsonOut.key("data_area");
    private static final byte[] K_ANOMALIES = JsonOut.key("anomalies");
    private static final byte[] K_RESPONSE_TIME = JsonOut.key("response_time_us");
    private static final byte[] V_NONE = JsonOut.quoted("NONE");
    private static final byte[][] ECHO_SINGLE_WRITE = {K_ADDRESS, K_DATA};
    private static final byte[][] ECHO_MULTIPLE_WRITE = {K_ADDRESS, K_QUANTITY};
    private static final byte[][] ECHO_MASK_WRITE = {K_ADDRESS, K_AND_MASK, K_OR_MASK};

    private static final byte[][] FUNCTION_NAMES = names(FunctionCode.values(), true);
    private static final byte[][] OPERATION_NAMES = names(io.statewall.protocols.Operation.values(), false);
    private static final byte[][] DATA_AREA_NAMES = names(io.statewall.protocols.DataArea.values(), false);
    private static final byte[][] CATEGORY_NAMES = names(FunctionCategory.values(), true);
    private static final byte[][] EXCEPTION_NAMES = names(ExceptionCode.values(), true);
    private static final byte[][] DIAGNOSTIC_NAMES = names(DiagnosticSubFunction.values(), true);
    private static final byte[][] MEI_NAMES = names(MeiType.values(), true);
    private static final ModbusAnomaly[] ANOMALIES = ModbusAnomaly.values();
    private static final byte[][] ANOMALY_NAMES = new byte[ANOMALIES.length][];
    /** Suricata's error_flags names, one per anomaly that maps to one (else null). */
    private static final String[] ERROR_FLAG_OF_ANOMALY = new String[ModbusAnomaly.values().length];

    static {
        for (ModbusAnomaly a : ModbusAnomaly.values()) {
            ANOMALY_NAMES[a.ordinal()] = JsonOut.quoted(a.eventName());
            ERROR_FLAG_OF_ANOMALY[a.ordinal()] = switch (a) {
                case INVALID_VALUE, VALUE_MISMATCH -> "DATA_VALUE";
                case INVALID_LENGTH -> "DATA_LENGTH";
                case INVALID_EXCEPTION_CODE -> "EXC_CODE";
                case INVALID_FUNCTION_CODE -> "FUNC_CODE";
                case INVALID_PROTOCOL_ID -> "PROTO_ID";
                default -> null;
            };
        }
    }

    /** The header's constant tail per function byte (no anomalies), built on first use. */
    private final byte[][] headerTail = new byte[256][];
    /** access_type text per bit set, built on first use (the domain is small). */
    private final byte[][] accessTypeText = new byte[1 << 12][];
    /** error_flags text per anomaly bit set seen, built on first use. */
    private final java.util.Map<Integer, byte[]> errorFlagText = new java.util.HashMap<>();

    private static byte[][] names(Enum<?>[] values, boolean suricata) {
        byte[][] out = new byte[values.length][];
        for (Enum<?> v : values) {
            String text = suricata ? suricataName(v) : v.name().toLowerCase(java.util.Locale.ROOT);
            out[v.ordinal()] = JsonOut.quoted(text);
        }
        return out;
    }

    private static String suricataName(Enum<?> v) {
        return switch (v) {
            case FunctionCode f -> f.suricataName();
            case ExceptionCode e -> e.suricataName();
            case DiagnosticSubFunction d -> d.suricataName();
            case MeiType m -> m.suricataName();
            default -> v.name();
        };
    }

    /** Writes the record if the writer wants {@code modbus} records. */
    public void write(EveWriter eve, FlowContext flow, ModbusTransaction tx, long txNumber) {
        long ts = tx.hasResponse() ? tx.responseTimestampNanos() : tx.requestTimestampNanos();
        JsonOut j = eve.begin(EventType.MODBUS, ts, flow);
        writeMember(j, tx, txNumber);
        eve.end();
    }

    /**
     * The {@code "modbus":{…}} member alone, into a record someone else opened: alerts carry
     * the decoded transaction that caused them.
     */
    public void writeMember(JsonOut j, ModbusTransaction tx, long txNumber) {
        j.name(K_MODBUS).beginObject();
        j.name(K_ID).value(txNumber);
        j.name(K_OPERATION).value(OPERATION_NAMES[tx.operation().ordinal()]);
        j.name(K_DATA_AREA).value(DATA_AREA_NAMES[tx.dataArea().ordinal()]);
        if (tx.anomalyFlags() != 0) {
            j.name(K_ANOMALIES).beginArray();
            for (ModbusAnomaly a : ANOMALIES) {
                if ((tx.anomalyFlags() & (1 << a.ordinal())) != 0) {
                    j.value(ANOMALY_NAMES[a.ordinal()]);
                }
            }
            j.endArray();
        }
        if (tx.hasRequest() && tx.hasResponse()) {
            j.name(K_RESPONSE_TIME).value((tx.responseTimestampNanos() - tx.requestTimestampNanos()) / 1000);
        }
        if (tx.hasRequest()) {
            j.name(K_REQUEST).beginObject();
            header(j, tx, tx.request());
            requestBody(j, tx, tx.request());
            j.endObject();
        }
        if (tx.hasResponse()) {
            j.name(K_RESPONSE).beginObject();
            header(j, tx, tx.response());
            responseBody(j, tx, tx.response());
            j.endObject();
        }
        j.endObject();
    }

    private void header(JsonOut j, ModbusTransaction tx, ModbusFrame f) {
        j.name(K_TRANSACTION_ID).value(f.transactionId());
        j.name(K_PROTOCOL_ID).value(f.protocolId());
        j.name(K_UNIT_ID).value(f.unitId());
        j.name(K_FUNCTION_RAW).value(f.functionRaw());
        int raw = f.functionRaw();
        int access = f.isException() ? 0 : tx.accessType();
        if (tx.anomalyFlags() == 0 && access == FunctionCode.of(raw).accessType()) {
            // The rest depends on the function byte alone: written once per code, then copied.
            byte[] tail = headerTail[raw];
            if (tail == null) {
                tail = encodeHeaderTail(raw, access, 0);
                headerTail[raw] = tail;
            }
            j.rawBytes(tail);
        } else {
            headerTail(j, raw, access, tx.anomalyFlags());
        }
    }

    /** {@code function_code}, {@code access_type}, {@code category}, {@code error_flags}. */
    private void headerTail(JsonOut j, int raw, int access, int anomalyFlags) {
        boolean exception = (raw & 0x80) != 0;
        j.name(K_FUNCTION_CODE).value(FUNCTION_NAMES[FunctionCode.of(raw).ordinal()]);
        j.name(K_ACCESS_TYPE).value(accessType(access));
        j.name(K_CATEGORY).value(exception ? V_NONE : CATEGORY_NAMES[FunctionCode.category(raw).ordinal()]);
        j.name(K_ERROR_FLAGS).value(errorFlags(anomalyFlags));
    }

    private byte[] encodeHeaderTail(int raw, int access, int anomalyFlags) {
        JsonOut scratch = new JsonOut(256);
        scratch.beginObject().name(K_FUNCTION_RAW).value(0);
        int start = scratch.size();
        headerTail(scratch, raw, access, anomalyFlags);
        return java.util.Arrays.copyOfRange(scratch.array(), start, scratch.size());
    }

    private void requestBody(JsonOut j, ModbusTransaction tx, ModbusFrame f) {
        switch (tx.function()) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                if (tx.readAddress() < 0) {
                    rawData(j, f);
                    return;
                }
                j.name(K_READ).beginObject();
                j.name(K_ADDRESS).value(tx.readAddress());
                j.name(K_QUANTITY).value(tx.readQuantity());
                j.endObject();
            }
            case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER -> {
                if (f.pduLength() < 5) {
                    rawData(j, f);
                    return;
                }
                j.name(K_WRITE).beginObject();
                j.name(K_ADDRESS).value(f.u16At(1));
                j.name(K_DATA).value(f.u16At(3));
                values(j, tx, false);
                j.endObject();
            }
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> {
                if (tx.writeAddress() < 0 || f.pduLength() < 6) {
                    rawData(j, f);
                    return;
                }
                j.name(K_WRITE).beginObject();
                j.name(K_ADDRESS).value(tx.writeAddress());
                j.name(K_QUANTITY).value(tx.writeQuantity());
                j.name(K_DATA).valueHex(f.segment(), f.pduOffset() + 6, f.pduLength() - 6);
                values(j, tx, false);
                j.endObject();
            }
            case MASK_WRITE_REGISTER -> {
                if (tx.andMask() < 0) {
                    rawData(j, f);
                    return;
                }
                j.name(K_WRITE).beginObject();
                j.name(K_ADDRESS).value(tx.writeAddress());
                j.name(K_AND_MASK).value(tx.andMask());
                j.name(K_OR_MASK).value(tx.orMask());
                j.endObject();
            }
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                if (tx.readAddress() < 0 || f.pduLength() < 10) {
                    rawData(j, f);
                    return;
                }
                j.name(K_READ).beginObject();
                j.name(K_ADDRESS).value(tx.readAddress());
                j.name(K_QUANTITY).value(tx.readQuantity());
                j.endObject();
                j.name(K_WRITE).beginObject();
                j.name(K_ADDRESS).value(tx.writeAddress());
                j.name(K_QUANTITY).value(tx.writeQuantity());
                j.name(K_DATA).valueHex(f.segment(), f.pduOffset() + 10, f.pduLength() - 10);
                values(j, tx, false);
                j.endObject();
            }
            case DIAGNOSTICS -> subFunction(j, f, K_DIAGNOSTIC, DIAGNOSTIC_NAMES, DiagnosticSubFunction.of(tx.subFunction()).ordinal(), 3);
            case ENCAPSULATED_INTERFACE_TRANSPORT -> subFunction(j, f, K_MEI, MEI_NAMES, MeiType.of(tx.meiType()).ordinal(), 2);
            default -> rawData(j, f);
        }
    }

    private void responseBody(JsonOut j, ModbusTransaction tx, ModbusFrame f) {
        if (f.isException()) {
            j.name(K_EXCEPTION).beginObject();
            int code = f.exceptionCode();
            j.name(K_RAW).value(code);
            j.name(K_CODE).value(EXCEPTION_NAMES[ExceptionCode.of(code).ordinal()]);
            j.endObject();
            return;
        }
        switch (tx.function()) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS,
                 READ_WRITE_MULTIPLE_REGISTERS -> {
                if (f.pduLength() < 2) {
                    rawData(j, f);
                    return;
                }
                j.name(K_READ).beginObject();
                j.name(K_DATA).valueHex(f.segment(), f.pduOffset() + 2, f.pduLength() - 2);
                values(j, tx, true);
                j.endObject();
            }
            case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER -> echo(j, f, ECHO_SINGLE_WRITE);
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> echo(j, f, ECHO_MULTIPLE_WRITE);
            case MASK_WRITE_REGISTER -> echo(j, f, ECHO_MASK_WRITE);
            case DIAGNOSTICS -> subFunction(j, f, K_DIAGNOSTIC, DIAGNOSTIC_NAMES, DiagnosticSubFunction.of(subFunctionOf(f)).ordinal(), 3);
            case ENCAPSULATED_INTERFACE_TRANSPORT -> subFunction(j, f, K_MEI, MEI_NAMES, MeiType.of(f.pduLength() > 1 ? f.byteAt(1) : -1).ordinal(), 2);
            default -> rawData(j, f);
        }
    }

    /**
     * A {@code write} object of the 16-bit fields that follow the function code, as FC 5, 6,
     * 15, 16 and 22 responses echo them (MB-AP §6.5, 6.6, 6.11, 6.12, 6.16); raw data if short.
     */
    private static void echo(JsonOut j, ModbusFrame f, byte[][] keys) {
        if (f.pduLength() < 1 + 2 * keys.length) {
            rawData(j, f);
            return;
        }
        j.name(K_WRITE).beginObject();
        for (int i = 0; i < keys.length; i++) {
            j.name(keys[i]).value(f.u16At(1 + 2 * i));
        }
        j.endObject();
    }

    private static int subFunctionOf(ModbusFrame f) {
        return f.pduLength() >= 3 ? f.u16At(1) : -1;
    }

    /** FC 8 and FC 43 carry a sub-code after the function byte, then opaque data. */
    private static void subFunction(JsonOut j, ModbusFrame f, byte[] key, byte[][] names, int ordinal, int dataStart) {
        if (f.pduLength() < dataStart) {
            rawData(j, f);
            return;
        }
        j.name(key).beginObject();
        j.name(K_RAW).value(dataStart == 3 ? f.u16At(1) : f.byteAt(1));
        j.name(K_CODE).value(names[ordinal]);
        j.name(K_DATA).valueHex(f.segment(), f.pduOffset() + dataStart, f.pduLength() - dataStart);
        j.endObject();
    }

    private static void rawData(JsonOut j, ModbusFrame f) {
        int n = Math.max(0, f.pduLength() - 1);
        j.name(K_DATA).valueHex(f.segment(), f.pduOffset() + 1, n);
    }

    private static void values(JsonOut j, ModbusTransaction tx, boolean read) {
        int n = read ? tx.readValueCount() : tx.writeValueCount();
        if (n <= 0) {
            return;
        }
        // Registers are read straight from the PDU (the counts above bound them to the bytes
        // present): the common case, a block of register values in every read response.
        ModbusFrame f = read ? tx.response() : tx.request();
        int registersAt = -1;
        int bitsAt = -1;
        switch (tx.function()) {
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> registersAt = read ? 2 : -1;
            case READ_WRITE_MULTIPLE_REGISTERS -> registersAt = read ? 2 : 10;
            case WRITE_MULTIPLE_REGISTERS -> registersAt = read ? -1 : 6;
            case READ_COILS, READ_DISCRETE_INPUTS -> bitsAt = read ? 2 : -1;
            case WRITE_MULTIPLE_COILS -> bitsAt = read ? -1 : 6;
            default -> { }
        }
        if (registersAt > 0) {
            j.name(K_VALUES).valueU16Array(f.segment(), f.pduOffset() + registersAt, n);
            return;
        }
        j.name(K_VALUES).beginArray();
        if (bitsAt > 0) {
            // Bits are packed LSB first (MB-AP §6.1, §6.11).
            int octet = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 7) == 0) {
                    octet = f.byteAt(bitsAt + (i >>> 3));
                }
                j.value((octet >>> (i & 7)) & 1);
            }
        } else {
            for (int i = 0; i < n; i++) {
                j.value(read ? tx.readValue(i) : tx.writeValue(i));
            }
        }
        j.endArray();
    }

    private byte[] accessType(int bits) {
        if (bits < 0 || bits >= accessTypeText.length) {
            return JsonOut.quoted(AccessType.format(bits));
        }
        byte[] text = accessTypeText[bits];
        if (text == null) {
            text = JsonOut.quoted(AccessType.format(bits));
            accessTypeText[bits] = text;
        }
        return text;
    }

    private byte[] errorFlags(int anomalyFlags) {
        if (anomalyFlags == 0) {
            return V_NONE;
        }
        byte[] text = errorFlagText.get(anomalyFlags);
        if (text == null) {
            StringBuilder sb = new StringBuilder();
            for (ModbusAnomaly a : ModbusAnomaly.values()) {
                String flag = ERROR_FLAG_OF_ANOMALY[a.ordinal()];
                if ((anomalyFlags & (1 << a.ordinal())) != 0 && flag != null && sb.indexOf(flag) < 0) {
                    sb.append(sb.isEmpty() ? "" : " | ").append(flag);
                }
            }
            text = JsonOut.quoted(sb.isEmpty() ? "NONE" : sb.toString());
            errorFlagText.put(anomalyFlags, text);
        }
        return text;
    }
}
