package io.statewall.plantsim;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import java.util.HashMap;
import java.util.Map;

/**
 * A controller's memory: coils, discrete inputs, input registers and holding registers, each a
 * contiguous area from address 0, shared by two parties on different threads.
 *
 * <ul>
 *   <li>j2mod's request handlers see it as a {@link ProcessImage}. A range request gets cells that
 *       hold the values of one instant (taken under the map's lock, so a float32 spread over two
 *       registers is never half old, half new) and that write through to the map; every write
 *       from the network is also remembered as <em>pending</em> for the controller.</li>
 *   <li>The controller's scan {@linkplain #takeHolding takes} the pending writes it acts on and then
 *       {@linkplain #publishHolding publishes} its values, skipping any address written since the
 *       take, so that an operator's write that lands mid-scan is acted on at the next scan rather
 *       than overwritten.</li>
 * </ul>
 *
 * A point can be <em>spoofed</em> (a compromised controller, ATT&amp;CK for ICS T0856): j2mod's side
 * then reads the spoofed value while the controller's side goes on with the true one, so the
 * network is lied to and the process is not.
 *
 * <p>Addresses beyond an area are refused with j2mod's {@link IllegalAddressException}, which j2mod
 * answers with exception 02 (ILLEGAL DATA ADDRESS). Files and FIFO queues are not implemented.
 */
final class RegisterMap implements ProcessImage {
    static final int NONE = -1;

    private final Object lock = new Object();
    private final boolean[] coils;
    private final boolean[] coilPending;
    private final boolean[] discreteInputs;
    private final int[] inputRegisters;
    private final int[] holding;
    private final boolean[] holdingPending;
    private long writes;
    private Controller owner;
    /** A long-running simulation keeps its first writes' record, not an unbounded one. */
    private static final int JOURNAL_LIMIT = 100_000;
    private final java.util.List<AcceptedWrite> accepted = new java.util.ArrayList<>();
    /** Spoofed points by {@link #key}: {value, token}; empty nearly always. */
    private final Map<Integer, long[]> spoofs = new HashMap<>();
    private long spoofTokens;

    RegisterMap(int[] sizes) {
        coils = new boolean[sizes[0]];
        coilPending = new boolean[sizes[0]];
        discreteInputs = new boolean[sizes[1]];
        inputRegisters = new int[sizes[2]];
        holding = new int[sizes[3]];
        holdingPending = new boolean[sizes[3]];
    }

    // ---- the controller's side ----

    /** The pending network write of a holding register (0..65535), or {@link #NONE}; clears it. */
    int takeHolding(int address) {
        synchronized (lock) {
            if (!holdingPending[address]) {
                return NONE;
            }
            holdingPending[address] = false;
            return holding[address];
        }
    }

    /** The pending network write of a coil (0 or 1), or {@link #NONE}; clears it. */
    int takeCoil(int address) {
        synchronized (lock) {
            if (!coilPending[address]) {
                return NONE;
            }
            coilPending[address] = false;
            return coils[address] ? 1 : 0;
        }
    }

    /** Runs the controller's publishing in one critical section: readers see all of it or none. */
    void publish(Runnable update) {
        synchronized (lock) {
            update.run();
        }
    }

    /** Within {@link #publish}: sets a holding register unless a network write is pending there. */
    void publishHolding(int address, int value) {
        if (!holdingPending[address]) {
            holding[address] = value & 0xFFFF;
        }
    }

    /**
     * Within {@link #publish}: sets a measured value whatever was written there (a PLC overwrites
     * its input image every scan; a write to it is never acted on, so never taken).
     */
    void publishMeasured(int address, int value) {
        holding[address] = value & 0xFFFF;
        holdingPending[address] = false;
    }

    /** Within {@link #publish}: sets a coil unless a network write is pending there. */
    void publishCoil(int address, boolean value) {
        if (!coilPending[address]) {
            coils[address] = value;
        }
    }

    /** Within {@link #publish}. */
    void publishInput(int address, int value) {
        inputRegisters[address] = value & 0xFFFF;
    }

    /** Within {@link #publish}: an IEEE 754 float32 in two input registers, high word first. */
    void publishInputFloat(int address, float value) {
        int bits = Float.floatToIntBits(value);
        inputRegisters[address] = bits >>> 16;
        inputRegisters[address + 1] = bits & 0xFFFF;
    }

    /** Current holding register value, for tests and the controller's own reads. */
    int holding(int address) {
        synchronized (lock) {
            return holding[address];
        }
    }

    int input(int address) {
        synchronized (lock) {
            return inputRegisters[address];
        }
    }

    boolean coil(int address) {
        synchronized (lock) {
            return coils[address];
        }
    }

    /** Writes accepted from the network (or a direct command sink) so far. */
    /** Within the lock: a write accepted, for {@link #accepted()}. */
    private void journal(Area area, int address, int value) {
        if (owner != null && accepted.size() < JOURNAL_LIMIT) {
            accepted.add(new AcceptedWrite(owner, area, address, value, System.currentTimeMillis()));
        }
    }

    /** Marks the writes this map accepts as {@code controller}'s in its journal. */
    void journalAs(Controller controller) {
        synchronized (lock) {
            owner = controller;
        }
    }

    /** Every write accepted since {@link #journalAs}, in order. */
    java.util.List<AcceptedWrite> accepted() {
        synchronized (lock) {
            return java.util.List.copyOf(accepted);
        }
    }

    long writes() {
        synchronized (lock) {
            return writes;
        }
    }

    /** What a network write does, also used to apply a command without a socket. */
    void writeHolding(int address, int value) {
        synchronized (lock) {
            check(address, 1, holding.length);
            journal(Area.HOLDING_REGISTERS, address, value & 0xFFFF);
            holding[address] = value & 0xFFFF;
            holdingPending[address] = true;
            writes++;
        }
    }

    void writeCoil(int address, boolean value) {
        synchronized (lock) {
            check(address, 1, coils.length);
            journal(Area.COILS, address, value ? 1 : 0);
            coils[address] = value;
            coilPending[address] = true;
            writes++;
        }
    }

    private static void check(int ref, int count, int size) {
        if (ref < 0 || count < 0 || ref + count > size) {
            throw new IllegalAddressException(); // j2mod answers exception 02
        }
    }

    // ---- what the network is told ----

    /**
     * From now on the network reads {@code value} at {@code address} of {@code area} (0 or 1 for
     * bits); the controller's own reads and the network's writes still see the true point.
     *
     * @return a token for {@link #unspoof}: a later spoof of the same point replaces this one
     */
    long spoof(Area area, int address, int value) {
        synchronized (lock) {
            int size = size(area);
            if (address < 0 || address >= size) {
                throw new IllegalArgumentException(area + " " + address + " is outside the area's " + size + " points");
            }
            int max = area == Area.COILS || area == Area.DISCRETE_INPUTS ? 1 : 0xFFFF;
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(area + " takes 0.." + max + ": " + value);
            }
            long token = ++spoofTokens;
            spoofs.put(key(area, address), new long[] {value, token});
            return token;
        }
    }

    /** Ends the spoof {@code token} of that point, unless another has replaced it since. */
    void unspoof(Area area, int address, long token) {
        synchronized (lock) {
            long[] s = spoofs.get(key(area, address));
            if (s != null && s[1] == token) {
                spoofs.remove(key(area, address));
            }
        }
    }

    private int size(Area area) {
        return switch (area) {
            case COILS -> coils.length;
            case DISCRETE_INPUTS -> discreteInputs.length;
            case INPUT_REGISTERS -> inputRegisters.length;
            case HOLDING_REGISTERS -> holding.length;
        };
    }

    private static int key(Area area, int address) {
        return area.ordinal() << 16 | address;
    }

    /** Under the lock: what the network reads at a point whose true value is {@code value}. */
    private int shown(Area area, int address, int value) {
        if (spoofs.isEmpty()) {
            return value;
        }
        long[] s = spoofs.get(key(area, address));
        return s == null ? value : (int) s[0];
    }

    private boolean shown(Area area, int address, boolean value) {
        return shown(area, address, value ? 1 : 0) != 0;
    }

    // ---- j2mod's side ----

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        synchronized (lock) {
            check(offset, count, coils.length);
            DigitalOut[] out = new DigitalOut[count];
            for (int i = 0; i < count; i++) {
                out[i] = new CoilCell(offset + i, shown(Area.COILS, offset + i, coils[offset + i]));
            }
            return out;
        }
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
        return getDigitalOutRange(ref, 1)[0];
    }

    @Override
    public int getDigitalOutCount() {
        return coils.length;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        synchronized (lock) {
            check(offset, count, discreteInputs.length);
            DigitalIn[] out = new DigitalIn[count];
            for (int i = 0; i < count; i++) {
                boolean v = shown(Area.DISCRETE_INPUTS, offset + i, discreteInputs[offset + i]);
                out[i] = () -> v;
            }
            return out;
        }
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
        return getDigitalInRange(ref, 1)[0];
    }

    @Override
    public int getDigitalInCount() {
        return discreteInputs.length;
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        synchronized (lock) {
            check(offset, count, inputRegisters.length);
            InputRegister[] out = new InputRegister[count];
            for (int i = 0; i < count; i++) {
                out[i] = new Cell(-1, shown(Area.INPUT_REGISTERS, offset + i, inputRegisters[offset + i]));
            }
            return out;
        }
    }

    @Override
    public InputRegister getInputRegister(int ref) {
        return getInputRegisterRange(ref, 1)[0];
    }

    @Override
    public int getInputRegisterCount() {
        return inputRegisters.length;
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        synchronized (lock) {
            check(offset, count, holding.length);
            Register[] out = new Register[count];
            for (int i = 0; i < count; i++) {
                out[i] = new Cell(offset + i, shown(Area.HOLDING_REGISTERS, offset + i, holding[offset + i]));
            }
            return out;
        }
    }

    @Override
    public Register getRegister(int ref) {
        return getRegisterRange(ref, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        return holding.length;
    }

    @Override
    public File getFile(int offset) {
        throw new IllegalAddressException();
    }

    @Override
    public File getFileByNumber(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int offset) {
        throw new IllegalAddressException();
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }

    /** A register as read at one instant; writes go through to the map (address -1: read-only). */
    private final class Cell implements Register {
        private final int address;
        private int value;

        Cell(int address, int value) {
            this.address = address;
            this.value = value;
        }

        @Override
        public int getValue() {
            return value;
        }

        @Override
        public int toUnsignedShort() {
            return value;
        }

        @Override
        public short toShort() {
            return (short) value;
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {(byte) (value >>> 8), (byte) value};
        }

        @Override
        public void setValue(int v) {
            if (address < 0) {
                throw new IllegalAddressException();
            }
            value = v & 0xFFFF;
            writeHolding(address, value);
        }

        @Override
        public void setValue(short s) {
            setValue(s & 0xFFFF);
        }

        @Override
        public void setValue(byte[] bytes) {
            if (bytes == null || bytes.length < 2) {
                throw new IllegalArgumentException("a register takes two bytes");
            }
            setValue(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
        }
    }

    private final class CoilCell implements DigitalOut {
        private final int address;
        private boolean value;

        CoilCell(int address, boolean value) {
            this.address = address;
            this.value = value;
        }

        @Override
        public boolean isSet() {
            return value;
        }

        @Override
        public void set(boolean b) {
            value = b;
            writeCoil(address, b);
        }
    }
}
