package io.statewall.engine.baseline;

import io.statewall.protocols.modbus.FunctionCode;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's shape without its values: the function and what it addresses. A poll reads the
 * same block every scan, so its kind repeats; the baseline times kinds and orders them into the
 * scan cycle. Packed into one positive {@code long}:
 * <pre>
 *  bit  63      0
 *  bits 62..55  function code (MB-AP §6)
 *  bit  54      malformed: a field the function needs is missing (truncated PDU)
 *  bits 53..38  A: starting address (FC 1–6, 15, 16, 22; FC 23's read; FC 24's FIFO pointer),
 *               sub-function (FC 8, §6.8) or MEI type (FC 43, §6.19)
 *  bits 37..27  quantity of A (FC 1–4, 15, 16, 23; 1 for FC 5, 6, 22), at most 2047
 *  bits 26..11  B: FC 23's write starting address (§6.17)
 *  bits 10..0   quantity of B
 * </pre>
 * Written as one word, so that it fits a table cell: {@code FC3(100x3)} (FC 3 from address 100,
 * 3 items), {@code FC6(200x1)}, {@code FC23(100x2,w200x1)}, {@code FC24(50)}, {@code FC8(sub10)},
 * {@code FC43(mei14)}, {@code FC17}, {@code FC3(malformed)}.
 */
public final class RequestKind {
    /** Numeric order: by function, then addresses and quantities. */
    public static final Comparator<Long> ORDER = Long::compare;

    private static final int MAX_QUANTITY = 0x7FF;
    private static final long MALFORMED = 1L << 54;
    private static final Pattern TEXT = Pattern.compile(
            "FC(\\d{1,3})(?:\\((?:(malformed)|(\\d{1,5})x(\\d{1,4})(?:,w(\\d{1,5})x(\\d{1,4}))?|(\\d{1,5})|sub(\\d{1,5})|mei(\\d{1,3}))\\))?");

    private RequestKind() {
    }

    private enum Layout { NONE, BLOCK, READ_WRITE, POINTER, SUB_FUNCTION, MEI }

    private static Layout layout(int function) {
        return switch (FunctionCode.of(function)) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS, WRITE_SINGLE_COIL,
                 WRITE_SINGLE_REGISTER, WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS, MASK_WRITE_REGISTER -> Layout.BLOCK;
            case READ_WRITE_MULTIPLE_REGISTERS -> Layout.READ_WRITE;
            case READ_FIFO_QUEUE -> Layout.POINTER;
            case DIAGNOSTICS -> Layout.SUB_FUNCTION;
            case ENCAPSULATED_INTERFACE_TRANSPORT -> Layout.MEI;
            default -> Layout.NONE;
        };
    }

    /** The kind of a transaction's request (or of what a lone response echoes). */
    public static long of(ModbusTransaction tx) {
        int function = tx.functionRaw() & 0xFF;
        return switch (layout(function)) {
            case BLOCK -> isRead(function)
                    ? pack(function, tx.readAddress(), tx.readQuantity(), 0, 0)
                    : pack(function, tx.writeAddress(), tx.writeQuantity(), 0, 0);
            case READ_WRITE -> pack(function, tx.readAddress(), tx.readQuantity(), tx.writeAddress(), tx.writeQuantity());
            case POINTER -> pack(function, tx.readAddress(), 0, 0, 0);
            case SUB_FUNCTION -> pack(function, tx.subFunction(), 0, 0, 0);
            case MEI -> pack(function, tx.meiType(), 0, 0, 0);
            case NONE -> (long) function << 55;
        };
    }

    private static boolean isRead(int function) {
        return function >= 1 && function <= 4;
    }

    /** Packs the fields; a negative one (absent from the frame) makes the kind malformed. */
    static long pack(int function, int a, int aQuantity, int b, int bQuantity) {
        if (a < 0 || aQuantity < 0 || b < 0 || bQuantity < 0) {
            return (long) function << 55 | MALFORMED;
        }
        return (long) function << 55 | (long) (a & 0xFFFF) << 38 | (long) Math.min(aQuantity, MAX_QUANTITY) << 27
                | (long) (b & 0xFFFF) << 11 | Math.min(bQuantity, MAX_QUANTITY);
    }

    public static int function(long kind) {
        return (int) (kind >>> 55) & 0xFF;
    }

    static boolean malformed(long kind) {
        return (kind & MALFORMED) != 0;
    }

    static int a(long kind) {
        return (int) (kind >>> 38) & 0xFFFF;
    }

    static int aQuantity(long kind) {
        return (int) (kind >>> 27) & MAX_QUANTITY;
    }

    static int b(long kind) {
        return (int) (kind >>> 11) & 0xFFFF;
    }

    static int bQuantity(long kind) {
        return (int) kind & MAX_QUANTITY;
    }

    public static String format(long kind) {
        int function = function(kind);
        String fc = "FC" + function;
        if (malformed(kind)) {
            return fc + "(malformed)";
        }
        return switch (layout(function)) {
            case BLOCK -> fc + "(" + a(kind) + "x" + aQuantity(kind) + ")";
            case READ_WRITE -> fc + "(" + a(kind) + "x" + aQuantity(kind) + ",w" + b(kind) + "x" + bQuantity(kind) + ")";
            case POINTER -> fc + "(" + a(kind) + ")";
            case SUB_FUNCTION -> fc + "(sub" + a(kind) + ")";
            case MEI -> fc + "(mei" + a(kind) + ")";
            case NONE -> fc;
        };
    }

    /** The inverse of {@link #format}; -1 when {@code text} is not a kind in that form. */
    public static long parse(String text) {
        long block = parseBlock(text);
        if (block >= 0) {
            return block;
        }
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return -1;
        }
        int function = Integer.parseInt(m.group(1));
        if (function > 0xFF) {
            return -1;
        }
        long kind;
        if (m.group(2) != null) {
            kind = (long) function << 55 | MALFORMED;
        } else if (m.group(3) != null) {
            kind = pack(function, number(m.group(3)), number(m.group(4)),
                    m.group(5) == null ? 0 : number(m.group(5)), m.group(6) == null ? 0 : number(m.group(6)));
        } else {
            String single = m.group(7) != null ? m.group(7) : m.group(8) != null ? m.group(8) : m.group(9);
            kind = single == null ? (long) function << 55 : pack(function, number(single), 0, 0, 0);
        }
        // Only the form format() gives for this function: one text per kind.
        return format(kind).equals(text.strip()) ? kind : -1;
    }

    /**
     * The common form, {@code FC3(100x10)}, read without a regular expression (a baseline file
     * lists thousands of kinds); -1 for any other text, which {@link #parse} then reads in full.
     * Exactly what {@code parse} accepts: a function whose kinds have that form, and numbers
     * written as {@link #format} writes them (no sign, no leading zero, the quantity at most
     * {@value #MAX_QUANTITY}).
     */
    private static long parseBlock(String text) {
        int n = text.length();
        if (n < 8 || !text.startsWith("FC") || text.charAt(n - 1) != ')') {
            return -1;
        }
        int open = text.indexOf('(', 2);
        int x = open < 0 ? -1 : text.indexOf('x', open);
        if (x < 0) {
            return -1;
        }
        int function = canonical(text, 2, open, 0xFF);
        int a = canonical(text, open + 1, x, 0xFFFF);
        int q = canonical(text, x + 1, n - 1, MAX_QUANTITY);
        if (function < 0 || a < 0 || q < 0 || layout(function) != Layout.BLOCK) {
            return -1;
        }
        return pack(function, a, q, 0, 0);
    }

    /** The number {@code text[from, to)} written as {@link Integer#toString} writes it, at most {@code max}; else -1. */
    private static int canonical(String text, int from, int to, int max) {
        if (to <= from || to - from > 5 || to - from > 1 && text.charAt(from) == '0') {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    private static int number(String digits) {
        int v = Integer.parseInt(digits);
        return v > 0xFFFF ? Integer.MIN_VALUE : v;
    }
}
