package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;

/**
 * Encoders for the Modbus/TCP frames a SCADA master sends, and the MBAP header around every PDU.
 * Each method writes at {@code at} and returns the number of bytes written.
 *
 * <pre>
 * MBAP header (Modbus Messaging on TCP/IP Implementation Guide v1.0b §3.1.3)
 *  off len field
 *    0   2 transaction identifier: echoed by the server, pairs response to request
 *    2   2 protocol identifier 0 (Modbus)
 *    4   2 length: bytes that follow, i.e. unit identifier + PDU
 *    6   1 unit identifier: the serial slave behind a gateway, else 0, 1 or 255 by habit
 *    7   n PDU: function code, then data (at most 253 bytes in all)
 * </pre>
 */
final class ModbusAdu {
    static final int MBAP_BYTES = 7;
    static final int MAX_PDU_BYTES = 253;
    static final int MAX_ADU_BYTES = MBAP_BYTES + MAX_PDU_BYTES;

    static final int READ_COILS = 1;
    static final int READ_DISCRETE_INPUTS = 2;
    static final int READ_HOLDING_REGISTERS = 3;
    static final int READ_INPUT_REGISTERS = 4;
    static final int WRITE_SINGLE_COIL = 5;
    static final int WRITE_SINGLE_REGISTER = 6;
    static final int WRITE_MULTIPLE_COILS = 15;
    static final int WRITE_MULTIPLE_REGISTERS = 16;
    static final int ENCAPSULATED_INTERFACE_TRANSPORT = 43;
    static final int MEI_READ_DEVICE_IDENTIFICATION = 14;
    static final int EXCEPTION_BIT = 0x80;

    static final int ILLEGAL_FUNCTION = 0x01;
    static final int ILLEGAL_DATA_ADDRESS = 0x02;
    static final int ILLEGAL_DATA_VALUE = 0x03;
    static final int SERVER_DEVICE_BUSY = 0x06;
    static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;

    /** Coil ON in a Write Single Coil request (§6.5); OFF is 0x0000. */
    static final int COIL_ON = 0xFF00;

    private ModbusAdu() {}

    static int mbap(MemorySegment adu, long at, int transactionId, int unitId, int pduLength) {
        adu.set(Layouts.BE16, at, (short) transactionId);
        adu.set(Layouts.BE16, at + 2, (short) 0);
        adu.set(Layouts.BE16, at + 4, (short) (1 + pduLength));
        adu.set(Layouts.U8, at + 6, (byte) unitId);
        return MBAP_BYTES;
    }

    /**
     * FC 1, 2, 3, 4 request (Application Protocol v1.1b3 §6.1–6.4).
     * <pre>
     *  0 1 function code
     *  1 2 starting address
     *  3 2 quantity: 1..2000 bits (FC 1, 2) or 1..125 registers (FC 3, 4)
     * </pre>
     */
    static int readRequest(MemorySegment pdu, long at, int functionCode, int start, int quantity) {
        pdu.set(Layouts.U8, at, (byte) functionCode);
        pdu.set(Layouts.BE16, at + 1, (short) start);
        pdu.set(Layouts.BE16, at + 3, (short) quantity);
        return 5;
    }

    /** FC 5 (§6.5): function, output address (2), 0xFF00 or 0x0000 (2). */
    static int writeSingleCoil(MemorySegment pdu, long at, int address, boolean on) {
        pdu.set(Layouts.U8, at, (byte) WRITE_SINGLE_COIL);
        pdu.set(Layouts.BE16, at + 1, (short) address);
        pdu.set(Layouts.BE16, at + 3, (short) (on ? COIL_ON : 0));
        return 5;
    }

    /** FC 6 (§6.6): function, register address (2), register value (2). */
    static int writeSingleRegister(MemorySegment pdu, long at, int address, int value) {
        pdu.set(Layouts.U8, at, (byte) WRITE_SINGLE_REGISTER);
        pdu.set(Layouts.BE16, at + 1, (short) address);
        pdu.set(Layouts.BE16, at + 3, (short) value);
        return 5;
    }

    /**
     * FC 15 (§6.11).
     * <pre>
     *  0 1 function code 0x0F
     *  1 2 starting address
     *  3 2 quantity of outputs, 1..1968
     *  5 1 byte count N = ceil(quantity / 8)
     *  6 N output values, first coil in bit 0 of the first byte, unused high bits 0
     * </pre>
     */
    static int writeMultipleCoils(MemorySegment pdu, long at, int start, int quantity, long bits) {
        if (quantity < 1 || quantity > 64) {
            throw new IllegalArgumentException("this encoder writes 1..64 coils: " + quantity);
        }
        int byteCount = (quantity + 7) / 8;
        long masked = quantity == 64 ? bits : bits & ((1L << quantity) - 1);
        pdu.set(Layouts.U8, at, (byte) WRITE_MULTIPLE_COILS);
        pdu.set(Layouts.BE16, at + 1, (short) start);
        pdu.set(Layouts.BE16, at + 3, (short) quantity);
        pdu.set(Layouts.U8, at + 5, (byte) byteCount);
        for (int i = 0; i < byteCount; i++) {
            pdu.set(Layouts.U8, at + 6 + i, (byte) (masked >>> (8 * i)));
        }
        return 6 + byteCount;
    }

    /**
     * FC 16 (§6.12).
     * <pre>
     *  0 1 function code 0x10
     *  1 2 starting address
     *  3 2 quantity of registers, 1..123
     *  5 1 byte count 2 x quantity
     *  6 2 x quantity register values, big-endian
     * </pre>
     */
    static int writeMultipleRegisters(MemorySegment pdu, long at, int start, int[] values, int quantity) {
        if (quantity < 1 || quantity > 123) {
            throw new IllegalArgumentException("quantity must be 1..123: " + quantity);
        }
        pdu.set(Layouts.U8, at, (byte) WRITE_MULTIPLE_REGISTERS);
        pdu.set(Layouts.BE16, at + 1, (short) start);
        pdu.set(Layouts.BE16, at + 3, (short) quantity);
        pdu.set(Layouts.U8, at + 5, (byte) (2 * quantity));
        for (int i = 0; i < quantity; i++) {
            pdu.set(Layouts.BE16, at + 6 + 2L * i, (short) values[i]);
        }
        return 6 + 2 * quantity;
    }

    /** FC 43 / MEI 14 request (§6.21): 0x2B, 0x0E, Read Device ID code (1..4), object id. */
    static int readDeviceIdentification(MemorySegment pdu, long at, int readDeviceIdCode, int objectId) {
        pdu.set(Layouts.U8, at, (byte) ENCAPSULATED_INTERFACE_TRANSPORT);
        pdu.set(Layouts.U8, at + 1, (byte) MEI_READ_DEVICE_IDENTIFICATION);
        pdu.set(Layouts.U8, at + 2, (byte) readDeviceIdCode);
        pdu.set(Layouts.U8, at + 3, (byte) objectId);
        return 4;
    }

    /** Exception response (§7): the request's function code with bit 7 set, then the code. */
    static int exception(MemorySegment pdu, long at, int functionCode, int exceptionCode) {
        pdu.set(Layouts.U8, at, (byte) (functionCode | EXCEPTION_BIT));
        pdu.set(Layouts.U8, at + 1, (byte) exceptionCode);
        return 2;
    }
}
