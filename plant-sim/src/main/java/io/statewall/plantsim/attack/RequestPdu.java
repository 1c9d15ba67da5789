package io.statewall.plantsim.attack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The request PDUs of the campaign, as the MODBUS Application Protocol v1.1b3 lays them out
 * (function code first, then its data; 16-bit fields big-endian, MB-AP §4.2). Built once per
 * scenario, so each builder returns a fresh array.
 */
final class RequestPdu {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static final int READ_COILS = 1;
    static final int READ_DISCRETE_INPUTS = 2;
    static final int READ_HOLDING_REGISTERS = 3;
    static final int READ_INPUT_REGISTERS = 4;
    static final int WRITE_SINGLE_COIL = 5;
    static final int WRITE_SINGLE_REGISTER = 6;
    static final int READ_EXCEPTION_STATUS = 7;
    static final int DIAGNOSTICS = 8;
    static final int GET_COMM_EVENT_COUNTER = 11;
    static final int GET_COMM_EVENT_LOG = 12;
    static final int REPORT_SERVER_ID = 17;
    static final int READ_FILE_RECORD = 20;
    static final int READ_FIFO_QUEUE = 24;
    static final int ENCAPSULATED_INTERFACE_TRANSPORT = 43;

    /** FC 8 sub-function 01 (§6.8.1): restart communications option. */
    static final int RESTART_COMMUNICATIONS_OPTION = 0x0001;
    /** FC 8 sub-function 04 (§6.8.1): force listen only mode; a device that obeys does not answer. */
    static final int FORCE_LISTEN_ONLY_MODE = 0x0004;
    /** FC 43 MEI type 14 (§6.21): read device identification. */
    static final int MEI_READ_DEVICE_ID = 0x0E;
    /** Read device ID code 01 (§6.21): basic device identification, stream access. */
    static final int READ_DEVICE_ID_BASIC = 0x01;
    /** §6.5: the output value that forces a coil ON; 0x0000 forces it OFF. */
    static final int COIL_ON = 0xFF00;

    private RequestPdu() {
    }

    /**
     * FC 1, 2, 3, 4 (§6.1–§6.4): a read of a contiguous block.
     * <pre>
     * 0  1  function code     1 coils, 2 discrete inputs, 3 holding, 4 input registers
     * 1  2  starting address  0x0000..0xFFFF
     * 3  2  quantity          1..2000 bits, 1..125 registers
     * </pre>
     */
    static byte[] read(int function, int address, int quantity) {
        return withTwoWords(function, address, quantity);
    }

    /**
     * FC 5 (§6.5): write single coil.
     * <pre>
     * 0  1  function code   0x05
     * 1  2  output address  0x0000..0xFFFF
     * 3  2  output value    0xFF00 ON, 0x0000 OFF
     * </pre>
     */
    static byte[] writeSingleCoil(int address, boolean on) {
        return withTwoWords(WRITE_SINGLE_COIL, address, on ? COIL_ON : 0);
    }

    /**
     * FC 6 (§6.6): write single register.
     * <pre>
     * 0  1  function code     0x06
     * 1  2  register address  0x0000..0xFFFF
     * 3  2  register value    0x0000..0xFFFF
     * </pre>
     */
    static byte[] writeSingleRegister(int address, int value) {
        return withTwoWords(WRITE_SINGLE_REGISTER, address, value);
    }

    /**
     * FC 8 (§6.8): diagnostics, one sub-function with one data word.
     * <pre>
     * 0  1  function code  0x08
     * 1  2  sub-function   e.g. 0x0004 force listen only, 0x0001 restart communications
     * 3  2  data           0x0000 (0xFF00 with 01 also clears the event log)
     * </pre>
     */
    static byte[] diagnostics(int subFunction, int data) {
        return withTwoWords(DIAGNOSTICS, subFunction, data);
    }

    /**
     * FC 43 / 14 (§6.21): read device identification.
     * <pre>
     * 0  1  function code       0x2B
     * 1  1  MEI type            0x0E
     * 2  1  read device ID code 01 basic, 02 regular, 03 extended, 04 one object
     * 3  1  object id           0x00 (vendor name) to start a stream
     * </pre>
     */
    static byte[] readDeviceIdentification(int readDeviceIdCode) {
        return new byte[] {ENCAPSULATED_INTERFACE_TRANSPORT, MEI_READ_DEVICE_ID, (byte) readDeviceIdCode, 0x00};
    }

    /**
     * FC 20 (§6.14): read file record, one sub-request.
     * <pre>
     * 0  1  function code    0x14
     * 1  1  byte count       7 per sub-request
     * 2  1  reference type   6
     * 3  2  file number      0x0001..0xFFFF
     * 5  2  record number    0x0000..0x270F
     * 7  2  record length    registers to read
     * </pre>
     */
    static byte[] readFileRecord(int file, int record, int length) {
        byte[] pdu = new byte[9];
        MemorySegment s = MemorySegment.ofArray(pdu);
        pdu[0] = READ_FILE_RECORD;
        pdu[1] = 7;
        pdu[2] = 6;
        s.set(U16, 3, (short) file);
        s.set(U16, 5, (short) record);
        s.set(U16, 7, (short) length);
        return pdu;
    }

    /**
     * FC 24 (§6.18): read FIFO queue.
     * <pre>
     * 0  1  function code         0x18
     * 1  2  FIFO pointer address  0x0000..0xFFFF
     * </pre>
     */
    static byte[] readFifoQueue(int pointerAddress) {
        byte[] pdu = new byte[3];
        pdu[0] = READ_FIFO_QUEUE;
        MemorySegment.ofArray(pdu).set(U16, 1, (short) pointerAddress);
        return pdu;
    }

    /**
     * A function code with no data: FC 7, 11, 12, 17 (§6.7, §6.9, §6.10, §6.13) take none; for an
     * unassigned or user-defined code (§5) the attacker knows no layout and sends the code alone.
     */
    static byte[] bare(int function) {
        if (function < 1 || function > 127) {
            throw new IllegalArgumentException("a request's function code is 1..127: " + function);
        }
        return new byte[] {(byte) function};
    }

    private static byte[] withTwoWords(int function, int first, int second) {
        byte[] pdu = new byte[5];
        MemorySegment s = MemorySegment.ofArray(pdu);
        pdu[0] = (byte) function;
        s.set(U16, 1, (short) first);
        s.set(U16, 3, (short) second);
        return pdu;
    }
}
