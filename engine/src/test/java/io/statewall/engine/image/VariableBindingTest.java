package io.statewall.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.statewall.protocols.DataArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Typed, scaled variables over registers loaded by real FC 3 responses: holding registers 100
 * and 101 of unit 1 hold the two words as they appear on the wire.
 */
class VariableBindingTest {
    private static final PointKey H100 = PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.HOLDING_REGISTERS, 100);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name                              | type    | order  | H100 | H101 | scale | offset | expected
        FLOAT32 3.14159 = 0x40490FD0, big   | FLOAT32 | BIG    | 4049 | 0FD0 | 1     | 0      | 3.14159
        FLOAT32 3.14159, word-swapped       | FLOAT32 | LITTLE | 0FD0 | 4049 | 1     | 0      | 3.14159
        FLOAT32 -1.5 = 0xBFC00000, big      | FLOAT32 | BIG    | BFC0 | 0000 | 1     | 0      | -1.5
        FLOAT32 -1.5, word-swapped          | FLOAT32 | LITTLE | 0000 | BFC0 | 1     | 0      | -1.5
        FLOAT32 read in the wrong order     | FLOAT32 | LITTLE | 4049 | 0FD0 | 1     | 0      | 2.0535145E-29
        INT32 -2 = 0xFFFFFFFE, big          | INT32   | BIG    | FFFF | FFFE | 1     | 0      | -2
        INT32 -2, word-swapped              | INT32   | LITTLE | FFFE | FFFF | 1     | 0      | -2
        INT32 65536, big                    | INT32   | BIG    | 0001 | 0000 | 1     | 0      | 65536
        INT32 65536, word-swapped           | INT32   | LITTLE | 0000 | 0001 | 1     | 0      | 65536
        INT32 min, big                      | INT32   | BIG    | 8000 | 0000 | 1     | 0      | -2147483648
        UINT32 0xFFFFFFFE, big              | UINT32  | BIG    | FFFF | FFFE | 1     | 0      | 4294967294
        UINT32 0xFFFFFFFE, word-swapped     | UINT32  | LITTLE | FFFE | FFFF | 1     | 0      | 4294967294
        UINT32 0x12345678, big              | UINT32  | BIG    | 1234 | 5678 | 1     | 0      | 305419896
        UINT32 0x12345678, word-swapped     | UINT32  | LITTLE | 5678 | 1234 | 1     | 0      | 305419896
        INT16 -2 = 0xFFFE (order irrelevant)| INT16   | BIG    | FFFE | 0001 | 1     | 0      | -2
        INT16 -2, little order ignored      | INT16   | LITTLE | FFFE | 0001 | 1     | 0      | -2
        UINT16 0xFFFE                       | UINT16  | BIG    | FFFE | 0001 | 1     | 0      | 65534
        UINT16 0xFFFE, little order ignored | UINT16  | LITTLE | FFFE | 0001 | 1     | 0      | 65534
        INT16 250 x 0.1 - 10                | INT16   | BIG    | 00FA | 0000 | 0.1   | -10    | 15.0
        INT16 -250 x 0.1 + 0                | INT16   | BIG    | FF06 | 0000 | 0.1   | 0      | -25.0
        UINT16 65535 x 0.01                 | UINT16  | BIG    | FFFF | 0000 | 0.01  | 0      | 655.35
        INT32 -2 x 0.5 + 100, word-swapped  | INT32   | LITTLE | FFFE | FFFF | 0.5   | 100    | 99.0
        FLOAT32 -1.5 x 2 + 1                | FLOAT32 | BIG    | BFC0 | 0000 | 2     | 1      | -2.0
        """)
    void typesWordOrdersAndScaling(String name, ValueType type, WordOrder order, String h100, String h101,
                                   double scale, double offset, double expected) {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0064 0002", "03 04 " + h100 + h101, 1_000);
        VariableBinding variable = VariableBinding.of("v", H100, type).withWordOrder(order).scaled(scale, offset);
        assertThat(variable.known(feed.image)).isTrue();
        assertThat(variable.value(feed.image)).isCloseTo(expected, within(Math.abs(expected) * 1e-6 + 1e-9));
    }

    @ParameterizedTest(name = "bit {0} of 0x{1} = {2}")
    @CsvSource(textBlock = """
        0,  0001, 1
        0,  FFFE, 0
        1,  0002, 1
        7,  0080, 1
        8,  0080, 0
        8,  0100, 1
        15, 8000, 1
        15, 7FFF, 0
        """)
    void boolInOneBitOfARegister(int bit, String register, int expected) {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0064 0001", "03 02 " + register, 1_000);
        assertThat(VariableBinding.registerBit("flag", H100, bit).value(feed.image)).isEqualTo(expected);
    }

    @Test
    void boolOverCoilAndDiscreteInput() {
        ImageFeed feed = new ImageFeed();
        feed.exchange("01 0000 0003", "01 01 05", 1_000); // coils 0..2 = 1, 0, 1
        feed.exchange("02 0000 0002", "02 01 02", 2_000); // inputs 0..1 = 0, 1
        PointKey coil0 = PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.COILS, 0);
        PointKey input1 = PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.DISCRETE_INPUTS, 1);
        assertThat(VariableBinding.of("pump", coil0, ValueType.BOOL).value(feed.image)).isEqualTo(1.0);
        assertThat(VariableBinding.of("pump2", coil0.withAddress(1), ValueType.BOOL).value(feed.image)).isEqualTo(0.0);
        assertThat(VariableBinding.of("limit", input1, ValueType.BOOL).value(feed.image)).isEqualTo(1.0);
        assertThat(VariableBinding.of("other", input1.withAddress(0), ValueType.BOOL).value(feed.image)).isEqualTo(0.0);
    }

    @Test
    void halfUpdatedPair_isUnknownUntilBothSeen_thenAsOldAsTheOlderWord() {
        ImageFeed feed = new ImageFeed();
        VariableBinding flow = VariableBinding.of("flow", H100, ValueType.FLOAT32);
        assertThat(flow.known(feed.image)).isFalse();
        assertThat(flow.value(feed.image)).isNaN();
        assertThat(flow.isStale(feed.image, 0, Long.MAX_VALUE)).isTrue();

        feed.exchange("03 0064 0001", "03 02 4049", 1_000_000); // high word only, response at 1_001_000
        assertThat(flow.firstPointId(feed.image)).isZero();
        assertThat(flow.secondPointId(feed.image)).isEqualTo(-1);
        assertThat(flow.known(feed.image)).isFalse();
        assertThat(flow.value(feed.image)).isNaN();
        assertThat(flow.updatedAt(feed.image)).isEqualTo(Long.MIN_VALUE);
        assertThat(flow.isStale(feed.image, 1_001_000, Long.MAX_VALUE)).isTrue();

        feed.exchange("03 0065 0001", "03 02 0FD0", 5_000_000); // low word, response at 5_001_000
        assertThat(flow.secondPointId(feed.image)).isEqualTo(1);
        assertThat(flow.known(feed.image)).isTrue();
        assertThat(flow.value(feed.image)).isCloseTo(3.14159, within(1e-6));
        assertThat(flow.updatedAt(feed.image)).as("the older word").isEqualTo(1_001_000);
        assertThat(flow.isStale(feed.image, 5_001_000, 3_000_000)).as("high word 4 ms old").isTrue();
        assertThat(flow.isStale(feed.image, 5_001_000, 4_000_000)).isFalse();

        feed.exchange("06 0064 BFC0", "06 0064 BFC0", 6_000_000); // a write of the high word alone
        assertThat(flow.value(feed.image)).as("0xBFC00FD0: latest of each word")
                .isEqualTo((double) Float.intBitsToFloat(0xBFC0_0FD0));
        assertThat(flow.updatedAt(feed.image)).isEqualTo(5_001_000);
    }

    @Test
    void sixteenBitVariables_haveOnePoint() {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0064 0001", "03 02 0007", 1_000);
        VariableBinding level = VariableBinding.of("level", H100, ValueType.UINT16);
        assertThat(level.secondPoint()).isNull();
        assertThat(level.secondPointId(feed.image)).isEqualTo(-1);
        assertThat(level.known(feed.image)).isTrue();
        assertThat(level.updatedAt(feed.image)).isEqualTo(2_000);
        assertThat(VariableBinding.of("wide", H100, ValueType.UINT32).secondPoint()).isEqualTo(H100.withAddress(101));
    }

    @Test
    void valueFromRawWords_forCallersHoldingIds() {
        VariableBinding big = VariableBinding.of("t", H100, ValueType.INT32);
        assertThat(big.value(0xFFFF, 0xFFFE)).isEqualTo(-2.0);
        assertThat(big.withWordOrder(WordOrder.LITTLE).value(0xFFFE, 0xFFFF)).isEqualTo(-2.0);
    }

    @Test
    void declarationsThatCannotWork_areRejected() {
        PointKey coil = PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.COILS, 0);
        assertThatIllegalArgumentException().as("BOOL on a register needs a bit")
                .isThrownBy(() -> VariableBinding.of("b", H100, ValueType.BOOL));
        assertThatIllegalArgumentException().as("bit 16")
                .isThrownBy(() -> VariableBinding.registerBit("b", H100, 16));
        assertThatIllegalArgumentException().as("a coil has no bits")
                .isThrownBy(() -> new VariableBinding("b", coil, ValueType.BOOL, WordOrder.BIG, 0, 1, 0));
        assertThatIllegalArgumentException().as("INT16 on a coil")
                .isThrownBy(() -> VariableBinding.of("n", coil, ValueType.INT16));
        assertThatIllegalArgumentException().as("32 bits from register 65535")
                .isThrownBy(() -> VariableBinding.of("n", H100.withAddress(65535), ValueType.FLOAT32));
        assertThatIllegalArgumentException().as("bit on INT16")
                .isThrownBy(() -> new VariableBinding("n", H100, ValueType.INT16, WordOrder.BIG, 3, 1, 0));
        assertThatIllegalArgumentException().as("scaled BOOL")
                .isThrownBy(() -> VariableBinding.of("b", coil, ValueType.BOOL).scaled(2, 0));
        assertThatIllegalArgumentException().as("NaN scale")
                .isThrownBy(() -> VariableBinding.of("n", H100, ValueType.INT16).scaled(Double.NaN, 0));
        assertThatIllegalArgumentException().as("blank name")
                .isThrownBy(() -> VariableBinding.of(" ", H100, ValueType.INT16));
        assertThatIllegalArgumentException().as("no point area")
                .isThrownBy(() -> PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.FIFO_QUEUE, 0));
        assertThatIllegalArgumentException().as("unit 256")
                .isThrownBy(() -> PointKey.ipv4(ImageFeed.SERVER, 502, 256, DataArea.COILS, 0));
    }
}
