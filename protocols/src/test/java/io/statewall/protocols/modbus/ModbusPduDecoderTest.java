package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PDU vectors, most taken from the examples of MB-AP §6, with the record each must decode to.
 * The hex is the PDU only (function code first); '|' separates fields.
 */
class ModbusPduDecoderTest {

    private static final boolean REQ = true;
    private static final boolean RSP = false;

    static Arguments v(String name, boolean request, String pduHex, ModbusPdu expected) {
        return Arguments.of(name, request, pduHex, expected);
    }

    static ByteValues ascii(String text) {
        return ByteValues.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                // §6.1: read coils 20-38 (addressed 19, quantity 19); the response packs 19 bits in 3 bytes.
                v("FC1 request, §6.1 example", REQ, "01 | 0013 | 0013", new ReadCoilsRequest(0x13, 0x13)),
                v("FC1 response, §6.1 example: CD 6B 05", RSP, "01 | 03 | CD 6B 05",
                        new ReadCoilsResponse(BitValues.fromPacked(hex("CD6B05"), 24))),
                v("FC2 request, §6.2 example", REQ, "02 | 00C4 | 0016", new ReadDiscreteInputsRequest(0xC4, 0x16)),
                v("FC2 response, §6.2 example", RSP, "02 | 03 | AC DB 35",
                        new ReadDiscreteInputsResponse(BitValues.fromPacked(hex("ACDB35"), 24))),
                v("FC3 request, §6.3 example: registers 108-110", REQ, "03 | 006B | 0003",
                        new ReadHoldingRegistersRequest(0x6B, 3)),
                v("FC3 response, §6.3 example: 555, 0, 100", RSP, "03 | 06 | 022B 0000 0064",
                        new ReadHoldingRegistersResponse(RegisterValues.of(555, 0, 100))),
                v("FC4 request, §6.4 example", REQ, "04 | 0008 | 0001", new ReadInputRegistersRequest(8, 1)),
                v("FC4 response, §6.4 example", RSP, "04 | 02 | 000A", new ReadInputRegistersResponse(RegisterValues.of(10))),
                v("FC5 request, §6.5 example: coil 173 ON", REQ, "05 | 00AC | FF00", new WriteSingleCoilRequest(0xAC, 0xFF00)),
                v("FC5 response (echo)", RSP, "05 | 00AC | FF00", new WriteSingleCoilResponse(0xAC, 0xFF00)),
                v("FC5 request with an illegal value still decodes (the validator flags it)", REQ, "05 | 00AC | 1234",
                        new WriteSingleCoilRequest(0xAC, 0x1234)),
                v("FC6 request, §6.6 example: register 2 = 3", REQ, "06 | 0001 | 0003", new WriteSingleRegisterRequest(1, 3)),
                v("FC6 response (echo)", RSP, "06 | 0001 | 0003", new WriteSingleRegisterResponse(1, 3)),
                v("FC7 request, §6.7", REQ, "07", new ReadExceptionStatusRequest()),
                v("FC7 response, §6.7 example: 6D", RSP, "07 | 6D", new ReadExceptionStatusResponse(0x6D)),
                v("FC8/00 request, §6.8.2 example: loop back A537", REQ, "08 | 0000 | A537",
                        new DiagnosticsRequest(0, ByteValues.ofHex("A537"))),
                v("FC8/00 response (loop back)", RSP, "08 | 0000 | A537", new DiagnosticsResponse(0, ByteValues.ofHex("A537"))),
                v("FC8/04 request: force listen only", REQ, "08 | 0004 | 0000", new DiagnosticsRequest(4, ByteValues.ofHex("0000"))),
                v("FC8 reserved sub-function 0x0016 kept raw", REQ, "08 | 0016",
                        new DiagnosticsRequest(0x16, ByteValues.EMPTY)),
                v("FC11 request, §6.9", REQ, "0B", new GetCommEventCounterRequest()),
                v("FC11 response, §6.9 example: busy, 264 events", RSP, "0B | FFFF | 0108",
                        new GetCommEventCounterResponse(0xFFFF, 264)),
                v("FC12 request, §6.10", REQ, "0C", new GetCommEventLogRequest()),
                v("FC12 response, §6.10 example", RSP, "0C | 08 | 0000 | 0108 | 0121 | 20 00",
                        new GetCommEventLogResponse(0, 264, 289, ByteValues.ofHex("2000"))),
                v("FC15 request, §6.11 example: 10 coils from 20", REQ, "0F | 0013 | 000A | 02 | CD 01",
                        new WriteMultipleCoilsRequest(0x13, BitValues.of(
                                true, false, true, true, false, false, true, true, true, false))),
                v("FC15 response, §6.11 example", RSP, "0F | 0013 | 000A", new WriteMultipleCoilsResponse(0x13, 10)),
                v("FC16 request, §6.12 example: 000A 0102 at 2", REQ, "10 | 0001 | 0002 | 04 | 000A 0102",
                        new WriteMultipleRegistersRequest(1, RegisterValues.of(0x000A, 0x0102))),
                v("FC16 response, §6.12 example", RSP, "10 | 0001 | 0002", new WriteMultipleRegistersResponse(1, 2)),
                v("FC17 request, §6.13", REQ, "11", new ReportServerIdRequest()),
                v("FC17 response: device specific ID, run indicator ON", RSP, "11 | 03 | 2A FF 01",
                        new ReportServerIdResponse(ByteValues.ofHex("2AFF01"))),
                v("FC20 request, §6.14 example: two groups", REQ,
                        "14 | 0E | 06 0004 0001 0002 | 06 0003 0009 0002",
                        new ReadFileRecordRequest(List.of(
                                new FileRecordReference(6, 4, 1, 2), new FileRecordReference(6, 3, 9, 2)))),
                v("FC20 response, §6.14 example", RSP, "14 | 0C | 05 06 0DFE 0020 | 05 06 33CD 0040",
                        new ReadFileRecordResponse(List.of(
                                new FileRecordData(6, RegisterValues.of(0x0DFE, 0x0020)),
                                new FileRecordData(6, RegisterValues.of(0x33CD, 0x0040))))),
                v("FC21 request, §6.15 example: 3 registers in file 4 from 7", REQ,
                        "15 | 0D | 06 0004 0007 0003 | 06AF 04BE 100D",
                        new WriteFileRecordRequest(List.of(
                                new FileRecord(6, 4, 7, RegisterValues.of(0x06AF, 0x04BE, 0x100D))))),
                v("FC21 response (echo)", RSP, "15 | 0D | 06 0004 0007 0003 | 06AF 04BE 100D",
                        new WriteFileRecordResponse(List.of(
                                new FileRecord(6, 4, 7, RegisterValues.of(0x06AF, 0x04BE, 0x100D))))),
                v("FC21 request with two groups", REQ,
                        "15 | 14 | 06 0001 0000 0001 | 1111 | 06 0002 0005 0002 | 2222 3333",
                        new WriteFileRecordRequest(List.of(
                                new FileRecord(6, 1, 0, RegisterValues.of(0x1111)),
                                new FileRecord(6, 2, 5, RegisterValues.of(0x2222, 0x3333))))),
                v("FC22 request, §6.16 example", REQ, "16 | 0004 | 00F2 | 0025", new MaskWriteRegisterRequest(4, 0xF2, 0x25)),
                v("FC22 response (echo)", RSP, "16 | 0004 | 00F2 | 0025", new MaskWriteRegisterResponse(4, 0xF2, 0x25)),
                v("FC23 request, §6.17 example: read 6 from 4, write 3 at 15", REQ,
                        "17 | 0003 | 0006 | 000E | 0003 | 06 | 00FF 00FF 00FF",
                        new ReadWriteMultipleRegistersRequest(3, 6, 0x0E, RegisterValues.of(0xFF, 0xFF, 0xFF))),
                v("FC23 response, §6.17 example", RSP, "17 | 0C | 00FE 0ACD 0001 0003 000D 00FF",
                        new ReadWriteMultipleRegistersResponse(RegisterValues.of(0xFE, 0x0ACD, 1, 3, 0x0D, 0xFF))),
                v("FC24 request, §6.18 example: pointer 1246", REQ, "18 | 04DE", new ReadFifoQueueRequest(0x04DE)),
                v("FC24 response, §6.18 example: 2 queued", RSP, "18 | 0006 | 0002 | 01B8 1284",
                        new ReadFifoQueueResponse(RegisterValues.of(0x01B8, 0x1284))),
                v("FC43/14 request, §6.21 example: basic stream from object 0", REQ, "2B | 0E | 01 | 00",
                        new ReadDeviceIdentificationRequest(1, 0)),
                v("FC43/14 response, §6.21 example with three objects", RSP,
                        "2B | 0E | 01 | 01 | 00 | 00 | 03"
                                + " | 00 16 " + Frames.hex("Company identification".getBytes(StandardCharsets.US_ASCII))
                                + " | 01 0F " + Frames.hex("Product code XX".getBytes(StandardCharsets.US_ASCII))
                                + " | 02 05 " + Frames.hex("V2.11".getBytes(StandardCharsets.US_ASCII)),
                        new ReadDeviceIdentificationResponse(1, 1, false, 0, List.of(
                                new DeviceIdObject(0, ascii("Company identification")),
                                new DeviceIdObject(1, ascii("Product code XX")),
                                new DeviceIdObject(2, ascii("V2.11"))))),
                v("FC43/14 response, more follows from object 2", RSP, "2B | 0E | 01 | 81 | FF | 02 | 01 | 00 02 4142",
                        new ReadDeviceIdentificationResponse(1, 0x81, true, 2, List.of(
                                new DeviceIdObject(0, ascii("AB"))))),
                v("FC43/13 CANopen general reference kept raw", REQ, "2B | 0D | 00 01 02 03",
                        new EncapsulatedInterfaceRequest(13, ByteValues.ofHex("00010203"))),
                v("FC43/13 response kept raw", RSP, "2B | 0D | 0A0B", new EncapsulatedInterfaceResponse(13, ByteValues.ofHex("0A0B"))),
                v("FC43 reserved MEI type 0x20 kept raw", REQ, "2B | 20 | FF", new EncapsulatedInterfaceRequest(0x20, ByteValues.ofHex("FF"))),
                v("exception: FC1 illegal data address", RSP, "81 | 02", new ExceptionResponse(0x81, 2)),
                v("exception: FC43 illegal function", RSP, "AB | 01", new ExceptionResponse(0xAB, 1)),
                v("exception: FC8 gateway target failed to respond", RSP, "88 | 0B",
                        new ExceptionResponse(FunctionCode.DIAGNOSTICS, 0x88, ExceptionCode.GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND, 11)),
                v("exception with an unknown code keeps the raw code", RSP, "83 | 0C",
                        new ExceptionResponse(FunctionCode.READ_HOLDING_REGISTERS, 0x83, ExceptionCode.UNKNOWN, 12)),
                v("exception of a user-defined function", RSP, "C1 | 01", new ExceptionResponse(FunctionCode.UNKNOWN, 0xC1, ExceptionCode.ILLEGAL_FUNCTION, 1)),
                v("user-defined 65 kept raw", REQ, "41 | 01 02 03", new RawPdu(65, hex("010203"))),
                v("user-defined 100 response kept raw", RSP, "64 | CAFE", new RawPdu(100, hex("CAFE"))),
                v("unassigned 50 kept raw", REQ, "32", new RawPdu(50, new byte[0])),
                v("legacy reserved 9 (Program 484) kept raw", REQ, "09 | 0001", new RawPdu(9, hex("0001"))),
                v("function 0 kept raw (the validator flags it)", REQ, "00 | 0102", new RawPdu(0, hex("0102"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void decodesWellFormedPdus(String name, boolean request, String pduHex, ModbusPdu expected) {
        ModbusPdu decoded = ModbusPduDecoder.decode(hex(pduHex), request);
        assertThat(decoded).isEqualTo(expected);
        assertThat(decoded).isInstanceOf(request ? ModbusRequest.class : ModbusResponse.class);
        assertThat(decoded.functionRaw()).isEqualTo(hex(pduHex)[0] & 0xFF);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("FC3 request cut after the address", REQ, "03 | 006B", "expected 4 more bytes"),
                Arguments.of("FC3 request with a trailing byte", REQ, "03 | 006B | 0003 | 00", "expected 4 more bytes"),
                Arguments.of("FC7 request with data", REQ, "07 | 00", "expected 0 more bytes"),
                Arguments.of("FC15 byte count disagrees with quantity", REQ, "0F | 0013 | 000A | 03 | CD 01 00",
                        "byte count 3 does not hold quantity 10"),
                Arguments.of("FC15 byte count promises more than sent", REQ, "0F | 0013 | 000A | 02 | CD",
                        "expected 2 more bytes"),
                Arguments.of("FC16 byte count is not 2 x quantity", REQ, "10 | 0001 | 0002 | 03 | 000A 01",
                        "byte count 3 is not 2 x quantity 2"),
                Arguments.of("FC16 header only", REQ, "10 | 0001", "expected at least 5"),
                Arguments.of("FC1 response byte count lies", RSP, "01 | 03 | CD 6B", "expected 3 more bytes"),
                Arguments.of("FC3 response odd byte count", RSP, "03 | 03 | 022B 00", "not a whole number of registers"),
                Arguments.of("FC3 response empty", RSP, "03", "expected at least 1"),
                Arguments.of("FC8 without sub-function", REQ, "08 | 00", "expected at least 2"),
                Arguments.of("FC12 byte count below the fixed fields", RSP, "0C | 02 | 0000", "below the 6 bytes"),
                Arguments.of("FC20 byte count not a multiple of 7", REQ, "14 | 08 | 06 0004 0001 0002 00",
                        "not a multiple of the 7-byte sub-request"),
                Arguments.of("FC20 response sub-response longer than the PDU", RSP, "14 | 04 | 07 06 0DFE",
                        "expected at least 7"),
                Arguments.of("FC20 response sub-response of odd length", RSP, "14 | 03 | 02 06 0D",
                        "not 1 + whole registers"),
                Arguments.of("FC20 response zero file length", RSP, "14 | 01 | 00", "file response length 0"),
                Arguments.of("FC21 record length runs past the PDU", REQ, "15 | 09 | 06 0004 0007 0003 | 06AF",
                        "expected at least 6"),
                Arguments.of("FC21 sub-request header cut", REQ, "15 | 03 | 06 0004", "expected at least 7"),
                Arguments.of("FC23 write byte count disagrees", REQ, "17 | 0003 0006 000E 0003 | 04 | 00FF 00FF",
                        "write byte count 4 is not 2 x write quantity 3"),
                Arguments.of("FC24 FIFO count disagrees with byte count", RSP, "18 | 0006 | 0003 | 01B8 1284",
                        "does not hold FIFO count 3"),
                Arguments.of("FC43/14 request too short", REQ, "2B | 0E | 01", "expected 2 more bytes"),
                Arguments.of("FC43/14 response announces more objects than sent", RSP,
                        "2B | 0E | 01 01 00 00 02 | 00 02 4142", "expected at least 2"),
                Arguments.of("FC43/14 response object longer than the PDU", RSP,
                        "2B | 0E | 01 01 00 00 01 | 00 09 4142", "expected at least 9"),
                Arguments.of("FC43/14 response with bytes after the objects", RSP,
                        "2B | 0E | 01 01 00 00 01 | 00 01 41 | 99", "1 bytes after the 1 objects"),
                Arguments.of("exception without its code", RSP, "83", "expected 1 more bytes"),
                Arguments.of("exception with an extra byte", RSP, "83 | 02 | 00", "expected 1 more bytes"),
                Arguments.of("exception bit in a request", REQ, "83 | 02", "exception bit set in a request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPdusCarryTheirReasonAndBytes(String name, boolean request, String pduHex, String reason) {
        byte[] pdu = hex(pduHex);
        ModbusPdu decoded = ModbusPduDecoder.decode(pdu, request);
        assertThat(decoded).isInstanceOf(MalformedPdu.class);
        MalformedPdu malformed = (MalformedPdu) decoded;
        assertThat(malformed.reason()).contains(reason);
        assertThat(malformed.functionRaw()).isEqualTo(pdu[0] & 0xFF);
        assertThat(malformed.data()).isEqualTo(Frames.slice(pdu, 1, pdu.length));
    }

    @Test
    void emptyPduIsMalformedWithoutFunction() {
        ModbusPdu decoded = ModbusPduDecoder.decode(new byte[0], true);
        assertThat(decoded).isEqualTo(new MalformedPdu(-1, "empty PDU: no function code", new byte[0]));
        assertThat(decoded.function()).isEqualTo(FunctionCode.UNKNOWN);
    }

    @Test
    void decodesASliceOfASegmentAndRejectsARangeOutsideIt() {
        byte[] bytes = hex("FFFF | 03 006B 0003 | FFFF");
        MemorySegment segment = MemorySegment.ofArray(bytes);
        assertThat(ModbusPduDecoder.decode(segment, 2, 5, true)).isEqualTo(new ReadHoldingRegistersRequest(0x6B, 3));
        assertThatThrownBy(() -> ModbusPduDecoder.decode(segment, 5, 5, true))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void recordsCopyTheirBytesInAndOut() {
        byte[] data = hex("0102");
        RawPdu raw = new RawPdu(65, data);
        data[0] = 9;
        assertThat(raw.data()).containsExactly(1, 2);
        raw.data()[1] = 9;
        assertThat(raw.data()).containsExactly(1, 2);
        assertThat(raw).isEqualTo(new RawPdu(65, hex("0102"))).hasSameHashCodeAs(new RawPdu(65, hex("0102")));
        assertThat(raw.category()).isEqualTo(FunctionCategory.USER_DEFINED);
    }

    @Test
    void recordsRejectValuesThatCannotBeOnTheWire() {
        assertThatThrownBy(() -> new ReadHoldingRegistersRequest(0x10000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadCoilsRequest(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterValues.of(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExceptionResponse(FunctionCode.READ_COILS, 0x83, ExceptionCode.ILLEGAL_FUNCTION, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RawPdu(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitValuesPackLsbFirstAndTrim() {
        BitValues bits = BitValues.fromPacked(hex("CD6B05"), 19);
        // §6.1: CD = 1100 1101 holds coils 27..20, LSB first: 20=1, 21=0, 22=1, 23=1, 24=0, 25=0, 26=1, 27=1.
        assertThat(bits.toString()).isEqualTo("BitValues[1011001111010110101]");
        assertThat(bits.get(0)).isTrue();
        assertThat(bits.get(1)).isFalse();
        assertThat(bits.limit(3)).isEqualTo(BitValues.of(true, false, true));
        assertThat(BitValues.fromPacked(hex("FF"), 3).toPackedBytes()).as("padding cleared").containsExactly(0x07);
        assertThatThrownBy(() -> bits.get(19)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
