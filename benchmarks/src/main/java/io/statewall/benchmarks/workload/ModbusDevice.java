package io.statewall.benchmarks.workload;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * One Modbus server (a PLC, or one serial slave behind a gateway) answering request PDUs from its
 * {@link ProcessImage}, following the server-side state diagrams of Application Protocol v1.1b3
 * §6: a quantity out of range is exception 03, an address range past the map exception 02, a
 * function the device lacks exception 01, and a busy CPU now and then exception 06.
 *
 * <p>Response PDUs written here:
 * <pre>
 * FC 1, 2 (§6.1, §6.2)      0 fc | 1 byte count N | N bytes of bits, first in bit 0
 * FC 3, 4 (§6.3, §6.4)      0 fc | 1 byte count 2n | 2n bytes: n registers, big-endian
 * FC 5, 6 (§6.5, §6.6)      echo of the request (5 bytes)
 * FC 15, 16 (§6.11, §6.12)  0 fc | 1 starting address (2) | 3 quantity (2)
 * FC 43/14 (§6.21)          0 0x2B | 1 0x0E | 2 Read Device ID code | 3 conformity level |
 *                           4 more follows 0x00 | 5 next object id 0 | 6 number of objects |
 *                           then per object: id (1), length L (1), L bytes of ASCII
 * exception (§7)            0 fc | 0x80 | 1 exception code
 * </pre>
 */
final class ModbusDevice {
    private static final int MAX_READ_BITS = 2000;
    private static final int MAX_READ_REGISTERS = 125;
    private static final int MAX_WRITE_BITS = 1968;
    private static final int MAX_WRITE_REGISTERS = 123;
    private static final int BASIC_STREAM_ACCESS = 0x01;
    private static final int OBJECT_VENDOR_NAME = 0x00;
    private static final int OBJECT_PRODUCT_CODE = 0x01;
    private static final int OBJECT_REVISION = 0x02;
    private static final int[] OBJECT_IDS = {OBJECT_VENDOR_NAME, OBJECT_PRODUCT_CODE, OBJECT_REVISION};

    private final Rng rng;
    private final ProcessImage image;
    private final double busyProbability;
    /** VendorName, ProductCode, MajorMinorRevision; null when FC 43/14 is not implemented. */
    private final byte[][] identification;

    ModbusDevice(Rng rng, ProcessImage image, double busyProbability, String vendor, String productCode,
                 String revision) {
        this.rng = rng;
        this.image = image;
        this.busyProbability = busyProbability;
        this.identification = vendor == null ? null : new byte[][] {
            vendor.getBytes(StandardCharsets.US_ASCII),
            productCode.getBytes(StandardCharsets.US_ASCII),
            revision.getBytes(StandardCharsets.US_ASCII)};
    }

    ProcessImage image() {
        return image;
    }

    int holdingCount() {
        return image.holding.length;
    }

    int inputCount() {
        return image.input.length;
    }

    int coilCount() {
        return image.coils.length;
    }

    int discreteCount() {
        return image.discreteInputs.length;
    }

    /** Answers the request PDU at {@code req}; writes the response PDU at {@code resp}, returns its length. */
    int handle(MemorySegment request, long req, int requestLength, MemorySegment response, long resp) {
        int fc = Byte.toUnsignedInt(request.get(Layouts.U8, req));
        if (rng.chance(busyProbability)) {
            return ModbusAdu.exception(response, resp, fc, ModbusAdu.SERVER_DEVICE_BUSY);
        }
        return switch (fc) {
            case ModbusAdu.READ_COILS -> readBits(fc, image.coils, request, req, response, resp);
            case ModbusAdu.READ_DISCRETE_INPUTS -> readBits(fc, image.discreteInputs, request, req, response, resp);
            case ModbusAdu.READ_HOLDING_REGISTERS -> readRegisters(fc, image.holding, request, req, response, resp);
            case ModbusAdu.READ_INPUT_REGISTERS -> readRegisters(fc, image.input, request, req, response, resp);
            case ModbusAdu.WRITE_SINGLE_COIL -> writeSingleCoil(request, req, response, resp);
            case ModbusAdu.WRITE_SINGLE_REGISTER -> writeSingleRegister(request, req, response, resp);
            case ModbusAdu.WRITE_MULTIPLE_COILS -> writeMultipleCoils(request, req, response, resp);
            case ModbusAdu.WRITE_MULTIPLE_REGISTERS -> writeMultipleRegisters(request, req, response, resp);
            case ModbusAdu.ENCAPSULATED_INTERFACE_TRANSPORT -> readDeviceIdentification(request, req, requestLength, response, resp);
            default -> ModbusAdu.exception(response, resp, fc, ModbusAdu.ILLEGAL_FUNCTION);
        };
    }

    private int readBits(int fc, boolean[] bits, MemorySegment q, long req, MemorySegment r, long resp) {
        int start = u16(q, req + 1);
        int quantity = u16(q, req + 3);
        if (quantity < 1 || quantity > MAX_READ_BITS) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        if (start + quantity > bits.length) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        if (fc == ModbusAdu.READ_DISCRETE_INPUTS) {
            image.advanceDiscrete(start, quantity);
        }
        int byteCount = (quantity + 7) / 8;
        r.set(Layouts.U8, resp, (byte) fc);
        r.set(Layouts.U8, resp + 1, (byte) byteCount);
        for (int b = 0; b < byteCount; b++) {
            int packed = 0;
            for (int j = 0; j < 8; j++) {
                int i = 8 * b + j;
                if (i < quantity && bits[start + i]) {
                    packed |= 1 << j;
                }
            }
            r.set(Layouts.U8, resp + 2 + b, (byte) packed);
        }
        return 2 + byteCount;
    }

    private int readRegisters(int fc, short[] registers, MemorySegment q, long req, MemorySegment r, long resp) {
        int start = u16(q, req + 1);
        int quantity = u16(q, req + 3);
        if (quantity < 1 || quantity > MAX_READ_REGISTERS) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        if (start + quantity > registers.length) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        if (fc == ModbusAdu.READ_HOLDING_REGISTERS) {
            image.advanceHolding(start, quantity);
        } else {
            image.advanceInput(start, quantity);
        }
        r.set(Layouts.U8, resp, (byte) fc);
        r.set(Layouts.U8, resp + 1, (byte) (2 * quantity));
        for (int i = 0; i < quantity; i++) {
            r.set(Layouts.BE16, resp + 2 + 2L * i, registers[start + i]);
        }
        return 2 + 2 * quantity;
    }

    private int writeSingleCoil(MemorySegment q, long req, MemorySegment r, long resp) {
        int address = u16(q, req + 1);
        int value = u16(q, req + 3);
        if (value != ModbusAdu.COIL_ON && value != 0) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_SINGLE_COIL, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        if (address >= image.coils.length) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_SINGLE_COIL, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        image.coils[address] = value == ModbusAdu.COIL_ON;
        MemorySegment.copy(q, req, r, resp, 5);
        return 5;
    }

    private int writeSingleRegister(MemorySegment q, long req, MemorySegment r, long resp) {
        int address = u16(q, req + 1);
        if (address >= image.holding.length) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_SINGLE_REGISTER, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        image.holding[address] = q.get(Layouts.BE16, req + 3);
        MemorySegment.copy(q, req, r, resp, 5);
        return 5;
    }

    private int writeMultipleCoils(MemorySegment q, long req, MemorySegment r, long resp) {
        int start = u16(q, req + 1);
        int quantity = u16(q, req + 3);
        int byteCount = Byte.toUnsignedInt(q.get(Layouts.U8, req + 5));
        if (quantity < 1 || quantity > MAX_WRITE_BITS || byteCount != (quantity + 7) / 8) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_MULTIPLE_COILS, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        if (start + quantity > image.coils.length) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_MULTIPLE_COILS, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        for (int i = 0; i < quantity; i++) {
            int packed = Byte.toUnsignedInt(q.get(Layouts.U8, req + 6 + i / 8));
            image.coils[start + i] = ((packed >>> (i & 7)) & 1) != 0;
        }
        MemorySegment.copy(q, req, r, resp, 5);
        return 5;
    }

    private int writeMultipleRegisters(MemorySegment q, long req, MemorySegment r, long resp) {
        int start = u16(q, req + 1);
        int quantity = u16(q, req + 3);
        int byteCount = Byte.toUnsignedInt(q.get(Layouts.U8, req + 5));
        if (quantity < 1 || quantity > MAX_WRITE_REGISTERS || byteCount != 2 * quantity) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_MULTIPLE_REGISTERS, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        if (start + quantity > image.holding.length) {
            return ModbusAdu.exception(r, resp, ModbusAdu.WRITE_MULTIPLE_REGISTERS, ModbusAdu.ILLEGAL_DATA_ADDRESS);
        }
        for (int i = 0; i < quantity; i++) {
            image.holding[start + i] = q.get(Layouts.BE16, req + 6 + 2L * i);
        }
        MemorySegment.copy(q, req, r, resp, 5);
        return 5;
    }

    /**
     * Basic identification, stream access only (conformity level 0x01): all three mandatory
     * objects fit one response, so "more follows" is always 0x00.
     */
    private int readDeviceIdentification(MemorySegment q, long req, int requestLength, MemorySegment r, long resp) {
        int fc = ModbusAdu.ENCAPSULATED_INTERFACE_TRANSPORT;
        if (identification == null) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_FUNCTION);
        }
        if (requestLength != 4 || Byte.toUnsignedInt(q.get(Layouts.U8, req + 1)) != ModbusAdu.MEI_READ_DEVICE_IDENTIFICATION) {
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_FUNCTION);
        }
        int code = Byte.toUnsignedInt(q.get(Layouts.U8, req + 2));
        if (code < 1 || code > 3) { // individual access (04) is not offered at level 0x01
            return ModbusAdu.exception(r, resp, fc, ModbusAdu.ILLEGAL_DATA_VALUE);
        }
        r.set(Layouts.U8, resp, (byte) fc);
        r.set(Layouts.U8, resp + 1, (byte) ModbusAdu.MEI_READ_DEVICE_IDENTIFICATION);
        r.set(Layouts.U8, resp + 2, (byte) code);
        r.set(Layouts.U8, resp + 3, (byte) BASIC_STREAM_ACCESS);
        r.set(Layouts.U8, resp + 4, (byte) 0x00);
        r.set(Layouts.U8, resp + 5, (byte) 0x00);
        r.set(Layouts.U8, resp + 6, (byte) identification.length);
        long at = resp + 7;
        for (int i = 0; i < identification.length; i++) {
            byte[] value = identification[i];
            r.set(Layouts.U8, at, (byte) OBJECT_IDS[i]);
            r.set(Layouts.U8, at + 1, (byte) value.length);
            MemorySegment.copy(MemorySegment.ofArray(value), 0, r, at + 2, value.length);
            at += 2 + value.length;
        }
        return (int) (at - resp);
    }

    private static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(Layouts.BE16, at));
    }
}
