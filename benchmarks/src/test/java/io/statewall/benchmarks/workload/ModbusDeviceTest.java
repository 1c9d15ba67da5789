package io.statewall.benchmarks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated server's answers, byte for byte, including its exceptions and garbage requests. */
class ModbusDeviceTest {
    private ProcessImage image;
    private ModbusDevice device;
    private ModbusDevice identifying;
    private final MemorySegment response = MemorySegment.ofArray(new byte[260]);

    @BeforeEach
    void setUp() {
        image = new ProcessImage(new Rng(1), 1200, 256, 256, 256);
        device = new ModbusDevice(new Rng(2), image, 0.0, null, null, null);
        identifying = new ModbusDevice(new Rng(3), new ProcessImage(new Rng(4), 1200, 256, 256, 256), 0.0,
                "Acme", "A-1", "V2.11");
    }

    private String answer(ModbusDevice d, String requestPdu) {
        byte[] req = Bytes.hex(requestPdu);
        int n = d.handle(MemorySegment.ofArray(req), 0, req.length, response, 0);
        return Bytes.hex(response, 0, n);
    }

    private static String hex(String annotated) {
        return HexFormat.of().formatHex(Bytes.hex(annotated));
    }

    @Test
    void readCoilsPacksTheFirstCoilIntoBitZero() {
        // §6.1 example: coils 20..38 (addresses 19..37) = CD 6B 05, LSB first.
        long pattern = 0x056BCDL;
        for (int i = 0; i < 19; i++) {
            image.coils[0x13 + i] = ((pattern >>> i) & 1) != 0;
        }
        image.coils[0x13 + 19] = true; // past the quantity: must not leak into the last byte
        assertThat(answer(device, "01 0013 0013")).isEqualTo(hex("01 | 03 | cd 6b 05"));
    }

    @Test
    void readHoldingRegistersReturnsTheMapBigEndian() {
        // §6.3 example values (555, 0, 100), placed in the configuration region, which only writes move.
        image.holding[1000] = 555;
        image.holding[1001] = 0;
        image.holding[1002] = 100;
        assertThat(answer(device, "03 03e8 0003")).isEqualTo(hex("03 | 06 | 02 2b 00 00 00 64"));
    }

    @Test
    void readInputRegistersAnswersTheImageAsItIsAfterThePoll() {
        short before = image.input[8];
        String r = answer(device, "04 0008 0001");
        assertThat(r).isEqualTo(String.format("0402%04x", image.input[8] & 0xFFFF));
        assertThat(Math.abs(image.input[8] - before)).as("a transmitter moves a few counts per poll").isLessThanOrEqualTo(64);
    }

    @Test
    void writesChangeWhatLaterReadsReturn() {
        assertThat(answer(device, "06 00c8 0384")).as("§6.6 echo").isEqualTo("0600c80384");
        assertThat(answer(device, "03 00c8 0001")).isEqualTo("03020384");
        assertThat(answer(device, "10 012c 0002 04 4248 0000")).as("§6.12 answer: start, quantity").isEqualTo("10012c0002");
        assertThat(image.getFloat(300)).isEqualTo(50.0f);
        assertThat(answer(device, "05 000a ff00")).as("§6.5 echo").isEqualTo("05000aff00");
        assertThat(answer(device, "05 000b 0000")).isEqualTo("05000b0000");
        assertThat(answer(device, "0f 0064 000a 02 cd 01")).as("§6.11 answer").isEqualTo("0f0064000a");
        assertThat(answer(device, "01 000a 0002")).isEqualTo("010101");
        assertThat(answer(device, "01 0064 000a")).isEqualTo("0102cd01");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FC 3 block past the end of 1200 registers     | 03 04a6 0014      | 8302
            FC 3 quantity 0                               | 03 0000 0000      | 8303
            FC 3 quantity 126 (limit 125)                 | 03 0000 007e      | 8303
            FC 4 past the end of 256 input registers      | 04 00ff 0002      | 8402
            FC 1 quantity 2001 (limit 2000)               | 01 0000 07d1      | 8103
            FC 2 past the end                             | 02 00f8 0010      | 8202
            FC 5 value neither ff00 nor 0000              | 05 0001 1234      | 8503
            FC 5 address past the coils                   | 05 0100 ff00      | 8502
            FC 6 address past the registers               | 06 04b0 0001      | 8602
            FC 15 byte count disagrees with quantity      | 0f 0000 000a 01 ff | 8f03
            FC 16 byte count disagrees with quantity      | 10 0000 0002 02 0001 | 9003
            FC 16 quantity 124 (limit 123)                | 10 0000 007c f8   | 9003
            FC 8 diagnostics: not implemented             | 08 0000 a537      | 8801
            garbage function 0x7f                         | 7f 01 02          | ff01
            FC 43 on a device without identification      | 2b 0e 01 00       | ab01
            """)
    void answersExceptionsForWhatItCannotServe(String name, String request, String expected) {
        assertThat(answer(device, request)).isEqualTo(expected);
    }

    @Test
    void readDeviceIdentificationSendsTheThreeBasicObjects() {
        assertThat(answer(identifying, "2b 0e 01 00")).isEqualTo(hex("""
                2b 0e 01 | 01 | 00 | 00 | 03          // MEI 14, code 01, conformity 01, no more, next 0, 3 objects
                00 04 41636d65                        // VendorName "Acme"
                01 03 412d31                          // ProductCode "A-1"
                02 05 56322e3131                      // MajorMinorRevision "V2.11"
                """));
        assertThat(answer(identifying, "2b 0e 04 00")).as("individual access is beyond conformity level 01").isEqualTo("ab03");
        assertThat(answer(identifying, "2b 0d 01 00")).as("MEI 13 (CANopen) is not offered").isEqualTo("ab01");
    }

    @Test
    void aBusyDeviceAnswersException06() {
        ModbusDevice busy = new ModbusDevice(new Rng(5), image, 1.0, null, null, null);
        assertThat(answer(busy, "03 0000 0001")).isEqualTo("8306");
    }
}
