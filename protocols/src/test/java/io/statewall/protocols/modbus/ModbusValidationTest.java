package io.statewall.protocols.modbus;

import static io.statewall.protocols.modbus.ModbusAnomaly.INVALID_EXCEPTION_CODE;
import static io.statewall.protocols.modbus.ModbusAnomaly.INVALID_FUNCTION_CODE;
import static io.statewall.protocols.modbus.ModbusAnomaly.INVALID_LENGTH;
import static io.statewall.protocols.modbus.ModbusAnomaly.INVALID_VALUE;
import static io.statewall.protocols.modbus.ModbusAnomaly.VALUE_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-function checks (MB-AP §6, §7): each vector is a request and its response (null for
 * none) and the exact anomaly set the transaction must carry. Validation failures flag the
 * transaction; the frames are still reported.
 */
class ModbusValidationTest {

    static Arguments v(String name, String request, String response, ModbusAnomaly... expected) {
        Set<ModbusAnomaly> set = EnumSet.noneOf(ModbusAnomaly.class);
        set.addAll(java.util.List.of(expected));
        return Arguments.of(name, request, response, set);
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                // Quantity limits of §6.1–6.4, 6.11, 6.12, 6.17.
                v("FC1 quantity 2000 is the limit", "01 | 0000 | 07D0", null),
                v("FC1 quantity 2001", "01 | 0000 | 07D1", null, INVALID_VALUE),
                v("FC2 quantity 0", "02 | 0000 | 0000", null, INVALID_VALUE),
                v("FC3 quantity 125 is the limit", "03 | 0000 | 007D", null),
                v("FC3 quantity 126", "03 | 0000 | 007E", null, INVALID_VALUE),
                v("FC4 quantity 0", "04 | 0000 | 0000", null, INVALID_VALUE),
                v("FC3 range runs past address 65535", "03 | FFFF | 0002", null, INVALID_VALUE),
                v("FC3 last register alone", "03 | FFFF | 0001", null),
                v("FC3 request with a trailing byte", "03 | 006B | 0003 | 00", null, INVALID_LENGTH),
                v("FC3 request cut short", "03 | 006B", null, INVALID_LENGTH),
                v("FC5 coil value 0x1234 (§6.5: illegal)", "05 | 00AC | 1234", null, INVALID_VALUE),
                v("FC5 coil value 0x00FF (byte-swapped ON)", "05 | 00AC | 00FF", null, INVALID_VALUE),
                v("FC6 request one byte short", "06 | 0001 | 00", null, INVALID_LENGTH),
                v("FC7 request with data", "07 | 00", null, INVALID_LENGTH),
                v("FC15 quantity 1968 is the limit", "0F | 0000 | 07B0 | F6 | " + "00".repeat(246), null),
                v("FC15 quantity 1969", "0F | 0000 | 07B1 | F7 | " + "00".repeat(247), null, INVALID_VALUE),
                v("FC15 byte count 3 for 10 coils", "0F | 0013 | 000A | 03 | CD 01 00", null, INVALID_VALUE),
                v("FC15 byte count promises more than sent", "0F | 0013 | 000A | 02 | CD", null, INVALID_LENGTH),
                v("FC16 quantity 123 is the limit", "10 | 0000 | 007B | F6 | " + "0000".repeat(123), null),
                // 124 registers cannot fit in a 253-byte PDU: the quantity is out of range and the data short.
                v("FC16 quantity 124", "10 | 0000 | 007C | F8 | 0000", null, INVALID_VALUE, INVALID_LENGTH),
                v("FC16 byte count 3 for 2 registers", "10 | 0001 | 0002 | 03 | 000A 01", null, INVALID_VALUE),
                v("FC16 header only", "10 | 0001", null, INVALID_LENGTH),
                v("FC23 write quantity 122", "17 | 0000 0001 | 0000 007A | F4 | 0000", null, INVALID_VALUE, INVALID_LENGTH),
                v("FC23 write byte count disagrees", "17 | 0003 0006 | 000E 0003 | 04 | 00FF 00FF 00FF", null,
                        INVALID_VALUE, INVALID_LENGTH),
                v("FC23 read quantity 0", "17 | 0003 0000 | 000E 0001 | 02 | 00FF", null, INVALID_VALUE),
                v("FC24 request with data", "18 | 04DE | 00", null, INVALID_LENGTH),
                // §6.8.1 request data.
                v("FC8/00 odd loop-back data", "08 | 0000 | A5", null, INVALID_LENGTH),
                v("FC8/01 data must be 0000 or FF00", "08 | 0001 | 1234", null, INVALID_VALUE),
                v("FC8/03 delimiter must be CHAR 00", "08 | 0003 | 3A01", null, INVALID_VALUE),
                v("FC8/0B data must be 0000", "08 | 000B | 0001", null, INVALID_VALUE),
                v("FC8/0B without data", "08 | 000B", null, INVALID_LENGTH),
                v("FC8 without sub-function", "08", null, INVALID_LENGTH),
                v("FC8 reserved sub-function is left to the category", "08 | 0009 | 1234 5678", null),
                // §6.14, 6.15 file records.
                v("FC20 reference type 7", "14 | 07 | 07 0001 0000 0001", null, INVALID_VALUE),
                v("FC20 file number 0", "14 | 07 | 06 0000 0000 0001", null, INVALID_VALUE),
                v("FC20 record number 10000", "14 | 07 | 06 0001 2710 0001", null, INVALID_VALUE),
                v("FC20 byte count not a multiple of 7", "14 | 08 | 06 0001 0000 0001 00", null, INVALID_VALUE),
                v("FC20 response would not fit in a PDU", "14 | 07 | 06 0001 0000 007E", null, INVALID_VALUE),
                v("FC21 record length runs past the data", "15 | 09 | 06 0004 0007 0003 | 06AF", null, INVALID_LENGTH),
                v("FC21 data length below 9", "15 | 07 | 06 0004 0007 0000", null, INVALID_VALUE),
                // §6.21 device identification.
                v("FC43/14 read device id code 5", "2B 0E | 05 | 00", null, INVALID_VALUE),
                v("FC43/14 request too long", "2B 0E | 01 | 00 | 00", null, INVALID_LENGTH),
                v("FC43 without MEI type", "2B", null, INVALID_LENGTH),
                // §4.1 function codes.
                v("function 0 in a request", "00 | 0102", null, INVALID_FUNCTION_CODE),
                v("exception bit in a request", "83 | 02", null, INVALID_FUNCTION_CODE),
                v("unassigned public code 50", "32 | 00", "B2 | 01", INVALID_FUNCTION_CODE),
                v("user-defined 65 is not invalid", "41 | 00", "41 | 00"),
                v("reserved 90 is not invalid", "5A", null),
                // Responses against their requests: VALUE_MISMATCH.
                v("FC1 byte count 2 for 19 coils", "01 | 0013 | 0013", "01 | 02 | CD 6B", VALUE_MISMATCH),
                v("FC1 byte count 0", "01 | 0013 | 0013", "01 | 00", INVALID_VALUE, VALUE_MISMATCH),
                v("FC3 byte count 4 for 3 registers", "03 | 006B | 0003", "03 | 04 | 022B 0000", VALUE_MISMATCH),
                v("FC3 odd byte count", "03 | 006B | 0003", "03 | 05 | 022B 0000 00", INVALID_VALUE, VALUE_MISMATCH),
                v("FC3 response with a trailing byte", "03 | 006B | 0001", "03 | 02 | 022B | 00", INVALID_LENGTH),
                v("FC5 echo with another value", "05 | 00AC | FF00", "05 | 00AC | 0000", VALUE_MISMATCH),
                v("FC5 response with an illegal value", "05 | 00AC | FF00", "05 | 00AC | 1234", INVALID_VALUE, VALUE_MISMATCH),
                v("FC6 echo with another address", "06 | 0001 | 0003", "06 | 0002 | 0003", VALUE_MISMATCH),
                v("FC6 response cut short", "06 | 0001 | 0003", "06 | 0001", INVALID_LENGTH),
                v("FC8 echo with another sub-function", "08 | 0000 | A537", "08 | 0001 | A537", VALUE_MISMATCH),
                v("FC8/00 loop-back altered", "08 | 0000 | A537", "08 | 0000 | A538", VALUE_MISMATCH),
                v("FC8/0B counter response too long", "08 | 000B | 0000", "08 | 000B | 0001 0002", INVALID_LENGTH),
                v("FC11 status word neither 0000 nor FFFF", "0B", "0B | 1234 | 0108", INVALID_VALUE),
                v("FC12 more than 64 events", "0C", "0C | 47 | 0000 0000 0000 | " + "00".repeat(65), INVALID_VALUE),
                v("FC12 byte count below 6", "0C", "0C | 02 | 0000", INVALID_VALUE),
                v("FC15 echo with another quantity", "0F | 0013 | 000A | 02 | CD 01", "0F | 0013 | 0009", VALUE_MISMATCH),
                v("FC16 echo with another address", "10 | 0001 | 0001 | 02 | 000A", "10 | 0002 | 0001", VALUE_MISMATCH),
                v("FC16 response quantity 0", "10 | 0001 | 0001 | 02 | 000A", "10 | 0001 | 0000", INVALID_VALUE, VALUE_MISMATCH),
                v("FC17 byte count lies", "11", "11 | 05 | 2A FF", INVALID_LENGTH),
                v("FC20 sub-response shorter than asked", "14 | 07 | 06 0004 0001 0002", "14 | 04 | 03 06 0DFE",
                        VALUE_MISMATCH),
                v("FC20 fewer sub-responses than sub-requests", "14 | 0E | 06 0004 0001 0001 | 06 0003 0009 0001",
                        "14 | 04 | 03 06 0DFE", VALUE_MISMATCH),
                v("FC20 sub-response reference type 5", "14 | 07 | 06 0004 0001 0001", "14 | 04 | 03 05 0DFE", INVALID_VALUE),
                v("FC21 echo differs", "15 | 09 | 06 0004 0007 0001 | 06AF", "15 | 09 | 06 0004 0007 0001 | 06AE",
                        VALUE_MISMATCH),
                v("FC22 echo with another OR mask", "16 | 0004 | 00F2 | 0025", "16 | 0004 | 00F2 | 0026", VALUE_MISMATCH),
                v("FC23 byte count for another quantity", "17 | 0003 0002 | 000E 0001 | 02 | 00FF", "17 | 02 | 00FE",
                        VALUE_MISMATCH),
                v("FC24 FIFO count 32", "18 | 04DE", "18 | 0042 | 0020 | " + "0000".repeat(32), INVALID_VALUE),
                v("FC24 byte count disagrees with count", "18 | 04DE", "18 | 0006 | 0001 | 01B8 1284", INVALID_VALUE),
                v("FC43 echo with another MEI type", "2B 0E | 01 | 00", "2B 0D | 00", VALUE_MISMATCH),
                v("FC43/14 echo with another read device id code", "2B 0E | 01 | 00", "2B 0E | 02 | 01 | 00 | 00 | 00",
                        VALUE_MISMATCH),
                v("FC43/14 conformity level 4", "2B 0E | 01 | 00", "2B 0E | 01 | 04 | 00 | 00 | 00", INVALID_VALUE),
                v("FC43/14 more follows 0x01", "2B 0E | 01 | 00", "2B 0E | 01 | 01 | 01 | 00 | 00", INVALID_VALUE),
                v("FC43/14 objects overrun the PDU", "2B 0E | 01 | 00", "2B 0E | 01 | 01 | 00 | 00 | 01 | 00 05 41", INVALID_LENGTH),
                v("FC43/14 bytes after the objects", "2B 0E | 01 | 00", "2B 0E | 01 | 01 | 00 | 00 | 01 | 00 01 41 | 42",
                        INVALID_LENGTH),
                // §7 exception codes: allowed per function.
                v("exception 02 to FC3", "03 | 006B | 0003", "83 | 02"),
                v("exception 0B (gateway) to anything", "07", "87 | 0B"),
                v("exception 08 is for file records only", "03 | 006B | 0003", "83 | 08", INVALID_EXCEPTION_CODE),
                v("exception 08 to FC21", "15 | 09 | 06 0004 0007 0001 | 06AF", "95 | 08"),
                v("exception 02 to FC7 (no address)", "07", "87 | 02", INVALID_EXCEPTION_CODE),
                v("exception 03 to FC17 (no value)", "11", "91 | 03", INVALID_EXCEPTION_CODE),
                v("exception 02 to FC8 (§6.8 lists 01, 03, 04)", "08 | 0000 | A537", "88 | 02", INVALID_EXCEPTION_CODE),
                v("exception 03 to FC8", "08 | 0000 | A537", "88 | 03"),
                v("unknown exception code 0C", "03 | 006B | 0003", "83 | 0C", INVALID_EXCEPTION_CODE),
                v("exception code 00", "03 | 006B | 0003", "83 | 00", INVALID_EXCEPTION_CODE),
                v("exception with an extra byte", "03 | 006B | 0003", "83 | 02 | 00", INVALID_LENGTH),
                v("exception without its code", "03 | 006B | 0003", "83", INVALID_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void flagsExactlyTheExpectedAnomalies(String name, String request, String response, Set<ModbusAnomaly> expected) {
        Feeder feeder = ModbusTransactionTest.run(request, response);
        TxSnapshot tx = feeder.listener.only();
        assertThat(tx.anomalies()).isEqualTo(expected);
        assertThat(tx.hasResponse()).isEqualTo(response != null);
        // Each flag was also reported once through onAnomaly, with the transaction id.
        assertThat(feeder.listener.anomalies).hasSize(expected.size());
        assertThat(feeder.listener.anomalies).allSatisfy(event -> assertThat(event.transactionId()).isEqualTo(7));
        assertThat(EnumSet.copyOf(feeder.listener.anomalyKinds().isEmpty()
                ? EnumSet.noneOf(ModbusAnomaly.class) : EnumSet.copyOf(feeder.listener.anomalyKinds())))
                .isEqualTo(expected);
        assertThat(feeder.session.anomalies()).isEqualTo(expected.size());
    }
}
