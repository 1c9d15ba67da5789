package io.statewall.nma.inline;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller behind the proxy: j2mod's Modbus/TCP server (a third-party stack) on a
 * loopback port, with a process image the test reads and changes directly, without going
 * through Modbus.
 *
 * <p>Every value differs from its neighbours, so a read that came back shifted or from the
 * wrong table would not pass for the right one.
 */
final class J2modController implements AutoCloseable {
    static final int UNIT = 1;
    static final int HOLDING_REGISTERS = 200;
    static final int COILS = 64;
    static final int INPUT_REGISTERS = 32;
    static final int DISCRETE_INPUTS = 32;

    private final ModbusSlave slave;
    private final CountingImage image;

    private J2modController(ModbusSlave slave, CountingImage image) {
        this.slave = slave;
        this.image = image;
    }

    /** Listens on 127.0.0.1:{@code port}; returns once j2mod's listener is accepting. */
    static J2modController start(int port) throws ModbusException {
        CountingImage image = new CountingImage();
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 8, false);
        slave.addProcessImage(UNIT, image);
        slave.open();
        return new J2modController(slave, image);
    }

    /** Holding register 0 is the plant's mode (0: locked), so a fresh controller starts locked. */
    static int initialHoldingRegister(int address) {
        return address == InlinePolicies.MODE ? 0 : 1000 + 7 * address;
    }

    static int initialInputRegister(int address) {
        return 40_000 + 3 * address;
    }

    static boolean initialCoil(int address) {
        return address % 3 == 0;
    }

    static boolean initialDiscreteInput(int address) {
        return address % 5 == 1 || address % 7 == 2;
    }

    /** Holding register {@code address} as the controller holds it. */
    int holdingRegister(int address) {
        return image.holding(address);
    }

    void setHoldingRegister(int address, int value) {
        image.setHolding(address, value);
    }

    boolean coil(int address) {
        return image.coil(address);
    }

    boolean discreteInput(int address) {
        return image.discreteInput(address);
    }

    int inputRegister(int address) {
        return image.input(address);
    }

    /**
     * How many points (registers, coils, inputs) j2mod's request handlers have read or written:
     * a read of N registers adds N, a single write 1. The test's direct reads are not counted.
     */
    long pointsServed() {
        return image.accesses.get();
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }

    /** A j2mod process image that counts the accesses of j2mod's request handlers. */
    private static final class CountingImage extends SimpleProcessImage {
        final AtomicLong accesses = new AtomicLong();

        CountingImage() {
            super(UNIT);
            for (int a = 0; a < HOLDING_REGISTERS; a++) {
                addRegister(new SimpleRegister(initialHoldingRegister(a)));
            }
            for (int a = 0; a < COILS; a++) {
                addDigitalOut(new SimpleDigitalOut(initialCoil(a)));
            }
            for (int a = 0; a < INPUT_REGISTERS; a++) {
                addInputRegister(new SimpleInputRegister(initialInputRegister(a)));
            }
            for (int a = 0; a < DISCRETE_INPUTS; a++) {
                addDigitalIn(new SimpleDigitalIn(initialDiscreteInput(a)));
            }
        }

        int holding(int address) {
            return registers.get(address).getValue();
        }

        void setHolding(int address, int value) {
            registers.get(address).setValue(value);
        }

        boolean coil(int address) {
            return digitalOuts.get(address).isSet();
        }

        boolean discreteInput(int address) {
            return digitalIns.get(address).isSet();
        }

        int input(int address) {
            return inputRegisters.get(address).getValue();
        }

        // j2mod's handlers reach every point through these (its range getters call them once
        // per point), so the count is the points served; the test's own reads go around them.
        @Override
        public Register getRegister(int ref) {
            accesses.incrementAndGet();
            return super.getRegister(ref);
        }

        @Override
        public DigitalOut getDigitalOut(int ref) {
            accesses.incrementAndGet();
            return super.getDigitalOut(ref);
        }

        @Override
        public DigitalIn getDigitalIn(int ref) {
            accesses.incrementAndGet();
            return super.getDigitalIn(ref);
        }

        @Override
        public InputRegister getInputRegister(int ref) {
            accesses.incrementAndGet();
            return super.getInputRegister(ref);
        }
    }

    /**
     * The same controller in a JVM of its own, for the one thing j2mod will not do in-process:
     * drop its established connections. Killing the process closes them as a controller that
     * crashes or reboots would. The process also ends when its standard input closes, so it
     * cannot outlive the test JVM.
     */
    static final class InChildProcess {
        private InChildProcess() {}

        public static void main(String[] args) throws ModbusException, IOException {
            J2modController controller = start(Integer.parseInt(args[0]));
            System.out.println("listening");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to go
            }
            controller.close();
            System.exit(0);
        }
    }
}
