package io.statewall.protocols.modbus;

/**
 * Access-type bits of a Modbus function: what it touches and how. Bit values, names and the
 * text form are those of sawp-modbus's {@code AccessType}, so that {@link #format(int)} gives
 * exactly what Suricata writes to {@code modbus.request.access_type}.
 *
 * <p>The composite constants ({@link #WRITE_SINGLE}, …) are part of the text form: sawp prints
 * every named constant whose bits are all set, in declaration order, so FC 6 prints as
 * {@code "WRITE | HOLDING | SINGLE | WRITE_SINGLE"}.
 */
public final class AccessType {
    public static final int NONE = 0;
    public static final int READ = 0x01;
    public static final int WRITE = 0x02;
    public static final int DISCRETES = 0x04;
    public static final int COILS = 0x08;
    public static final int INPUT = 0x10;
    public static final int HOLDING = 0x20;
    public static final int SINGLE = 0x40;
    public static final int MULTIPLE = 0x80;
    /** {@code DISCRETES | COILS}: bit-addressed data. */
    public static final int BIT_ACCESS_MASK = DISCRETES | COILS;
    /** {@code DISCRETES | COILS | INPUT | HOLDING}: every data table. */
    public static final int FUNC_MASK = DISCRETES | COILS | INPUT | HOLDING;
    public static final int WRITE_SINGLE = WRITE | SINGLE;
    public static final int WRITE_MULTIPLE = WRITE | MULTIPLE;

    private static final int[] ITEMS = {
        READ, WRITE, DISCRETES, COILS, INPUT, HOLDING, SINGLE, MULTIPLE,
        BIT_ACCESS_MASK, FUNC_MASK, WRITE_SINGLE, WRITE_MULTIPLE,
    };
    private static final String[] ITEM_NAMES = {
        "READ", "WRITE", "DISCRETES", "COILS", "INPUT", "HOLDING", "SINGLE", "MULTIPLE",
        "BIT_ACCESS_MASK", "FUNC_MASK", "WRITE_SINGLE", "WRITE_MULTIPLE",
    };
    /** Every 8-bit combination pre-rendered, so that formatting on the logging path is free. */
    private static final String[] TEXT = new String[256];

    static {
        for (int bits = 0; bits < TEXT.length; bits++) {
            TEXT[bits] = render(bits);
        }
    }

    private AccessType() {}

    /**
     * Suricata's text for these bits: set constants joined by {@code " | "}, or {@code "NONE"}.
     * Bits above the eight defined ones are ignored. Never allocates.
     */
    public static String format(int bits) {
        return TEXT[bits & 0xFF];
    }

    /** True when every bit of {@code flag} is set in {@code bits}. */
    public static boolean has(int bits, int flag) {
        return (bits & flag) == flag;
    }

    private static String render(int bits) {
        if (bits == 0) {
            return "NONE";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ITEMS.length; i++) {
            if ((bits & ITEMS[i]) == ITEMS[i]) {
                if (!text.isEmpty()) {
                    text.append(" | ");
                }
                text.append(ITEM_NAMES[i]);
            }
        }
        return text.toString();
    }
}
