package io.statewall.plantsim.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The campaign's request PDUs, byte for byte as MB-AP §6 lays them out. */
class RequestPduTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    record Case(String name, Supplier<byte[]> pdu, String bytes) {
    }

    private static final Case[] CASES = {
        //                                                                  fc  address  quantity/value
        new Case("FC 3 read holding 100..102 (§6.3)", () -> RequestPdu.read(3, 100, 3), "03 00 64 00 03"),
        new Case("FC 1 read one coil at 0 (§6.1)", () -> RequestPdu.read(1, 0, 1), "01 00 00 00 01"),
        new Case("FC 5 coil 5 OFF: 0x0000 (§6.5)", () -> RequestPdu.writeSingleCoil(5, false), "05 00 05 00 00"),
        new Case("FC 5 coil 5 ON: 0xFF00, not 0x0001 (§6.5)", () -> RequestPdu.writeSingleCoil(5, true),
                "05 00 05 FF 00"),
        new Case("FC 6 HR 320 = 2300 (§6.6)", () -> RequestPdu.writeSingleRegister(320, 2300), "06 01 40 08 FC"),
        new Case("FC 6 HR 200 = 1900", () -> RequestPdu.writeSingleRegister(200, 1900), "06 00 C8 07 6C"),
        new Case("FC 6 at the top of both ranges: unsigned", () -> RequestPdu.writeSingleRegister(0xFFFF, 0xFFFF),
                "06 FF FF FF FF"),
        //                                                                  fc  sub-fn   data
        new Case("FC 8/04 force listen only mode (§6.8.1)", () -> RequestPdu.diagnostics(0x0004, 0), "08 00 04 00 00"),
        new Case("FC 8/01 restart communications, log kept", () -> RequestPdu.diagnostics(0x0001, 0),
                "08 00 01 00 00"),
        //                                                                  fc  MEI  code  object
        new Case("FC 43/14 basic device identification (§6.21)", () -> RequestPdu.readDeviceIdentification(1),
                "2B 0E 01 00"),
        //                                                                  fc  count type file  record length
        new Case("FC 20 one record of file 1 (§6.14)", () -> RequestPdu.readFileRecord(1, 0, 1),
                "14 07 06 00 01 00 00 00 01"),
        //                                                                  fc  pointer
        new Case("FC 24 FIFO at 0x04DE (§6.18)", () -> RequestPdu.readFifoQueue(0x04DE), "18 04 DE"),
        new Case("FC 17 report server id: no data (§6.13)", () -> RequestPdu.bare(17), "11"),
        new Case("user-defined 100: the code alone", () -> RequestPdu.bare(100), "64"),
    };

    @Test
    void everyPduIsLaidOutAsTheSpecificationSays() {
        for (Case c : CASES) {
            assertThat(HEX.formatHex(c.pdu().get())).as(c.name()).isEqualTo(c.bytes());
        }
    }

    @Test
    void aRequestNeverCarriesAnExceptionOrTheInvalidCode() {
        assertThatThrownBy(() -> RequestPdu.bare(0)).as("§4.1: 0 is not a function code")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestPdu.bare(0x80)).as("128..255 are exception responses")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
