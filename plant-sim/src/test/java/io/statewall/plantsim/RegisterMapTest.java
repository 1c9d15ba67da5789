package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.Register;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The register map between j2mod's request handlers and a controller's scan. */
class RegisterMapTest {

    /** Areas: 4 coils, 2 discrete inputs, 4 input registers, 8 holding registers. */
    private static RegisterMap map() {
        return new RegisterMap(new int[] {4, 2, 4, 8});
    }

    record Access(String name, Consumer<RegisterMap> access) {
    }

    /** Requests j2mod would answer with exception 02: each reaches past an area (or is nonsense). */
    private static final Access[] OUT_OF_AREA = {
        new Access("holding register just past the end", m -> m.getRegisterRange(8, 1)),
        new Access("holding range crossing the end", m -> m.getRegisterRange(6, 3)),
        new Access("negative holding address", m -> m.getRegisterRange(-1, 1)),
        new Access("input register past the end", m -> m.getInputRegisterRange(3, 2)),
        new Access("coil past the end", m -> m.getDigitalOutRange(4, 1)),
        new Access("discrete input past the end", m -> m.getDigitalInRange(0, 3)),
        new Access("negative count", m -> m.getRegisterRange(0, -1)),
        new Access("single register past the end", m -> m.getRegister(8)),
        new Access("single coil past the end", m -> m.getDigitalOut(4)),
        new Access("file record (none here)", m -> m.getFile(0)),
        new Access("FIFO queue (none here)", m -> m.getFIFO(0)),
        new Access("a write to an input register", m -> ((Register) m.getInputRegister(0)).setValue(1)),
    };

    @Test
    void everyAccessOutsideAnAreaIsAnIllegalAddress() {
        for (Access a : OUT_OF_AREA) {
            assertThatThrownBy(() -> a.access().accept(map())).as(a.name()).isInstanceOf(IllegalAddressException.class);
        }
    }

    @Test
    void aRangeIsReadAtOneInstantWhileItsCellsWriteThrough() {
        RegisterMap m = map();
        m.publish(() -> {
            m.publishMeasured(0, 100);
            m.publishMeasured(1, 200);
        });
        Register[] range = m.getRegisterRange(0, 2);
        m.publish(() -> m.publishMeasured(1, 999));
        assertThat(range[1].getValue()).as("a response built from the range sees the instant it was taken").isEqualTo(200);
        range[0].setValue(new byte[] {0x12, 0x34});
        assertThat(m.holding(0)).isEqualTo(0x1234);
        assertThat(range[0].getValue()).as("j2mod echoes the written value").isEqualTo(0x1234);
        assertThat(m.writes()).isEqualTo(1);
    }

    @Test
    void aNetworkWriteIsPendingUntilTakenAndIsNotOverwrittenMeanwhile() {
        RegisterMap m = map();
        m.getRegister(5).setValue(1600);
        m.publish(() -> m.publishHolding(5, 42)); // a scan publishing its old setpoint
        assertThat(m.holding(5)).as("the write survives the scan it landed in").isEqualTo(1600);
        assertThat(m.takeHolding(5)).isEqualTo(1600);
        assertThat(m.takeHolding(5)).as("taken once").isEqualTo(RegisterMap.NONE);
        m.publish(() -> m.publishHolding(5, 1550)); // the controller's own value (clamped, tracked) from now on
        assertThat(m.holding(5)).isEqualTo(1550);
    }

    @Test
    void measuredValuesOverwriteWhateverWasWrittenThere() {
        RegisterMap m = map();
        m.getRegister(2).setValue(7);
        m.publish(() -> m.publishMeasured(2, 1234));
        assertThat(m.holding(2)).isEqualTo(1234);
        assertThat(m.takeHolding(2)).as("a write to a measured value is never acted on").isEqualTo(RegisterMap.NONE);
    }

    @Test
    void coilsArePendingUntilTakenToo() {
        RegisterMap m = map();
        m.getDigitalOut(3).set(true);
        m.publish(() -> m.publishCoil(3, false));
        assertThat(m.coil(3)).isTrue();
        assertThat(m.getDigitalOutRange(0, 4)[3].isSet()).isTrue();
        assertThat(m.takeCoil(3)).isEqualTo(1);
        assertThat(m.takeCoil(3)).isEqualTo(RegisterMap.NONE);
        m.publish(() -> m.publishCoil(3, false));
        assertThat(m.coil(3)).isFalse();
    }

    record FloatCase(String name, float value, int high, int low) {
    }

    /** IEEE 754 binary32, high word at the lower address ("big" word order). */
    private static final FloatCase[] FLOATS = {
        new FloatCase("3000 rpm", 3000.0f, 0x453B, 0x8000),
        new FloatCase("4.0 kg/s", 4.0f, 0x4080, 0x0000),
        new FloatCase("zero", 0.0f, 0x0000, 0x0000),
        new FloatCase("negative zero", -0.0f, 0x8000, 0x0000),
        new FloatCase("-0.02 MW (transducer noise)", -0.02f, 0xBCA3, 0xD70A),
        new FloatCase("180 MW", 180.0f, 0x4334, 0x0000),
    };

    @Test
    void floatsAreHighWordFirst() {
        for (FloatCase c : FLOATS) {
            RegisterMap m = map();
            m.publish(() -> m.publishInputFloat(1, c.value()));
            assertThat(new int[] {m.input(1), m.input(2)}).as(c.name()).containsExactly(c.high(), c.low());
            assertThat(Hmi.float32(c.high(), c.low())).as(c.name() + " decoded").isEqualTo((double) c.value());
        }
    }

    record Scaled(String name, double value, double scale, int uint16, int int16) {
    }

    /** Engineering values to registers: rounded, saturating rather than wrapping. */
    private static final Scaled[] SCALED = {
        new Scaled("160.0 bar at 0.1", 160.0, 0.1, 1600, 1600),
        new Scaled("rounds half up", 0.05, 0.1, 1, 1),
        new Scaled("540.3 degC at 0.1", 540.3, 0.1, 5403, 5403),
        new Scaled("-12.5 at 0.1", -12.5, 0.1, 0, 0xFF83),
        new Scaled("beyond uint16", 7000.0, 0.1, 0xFFFF, 0x7FFF),
        new Scaled("beyond int16 below", -4000.0, 0.1, 0, 0x8000),
        new Scaled("valve 87.12 % at 0.01", 87.12, 0.01, 8712, 8712),
    };

    @Test
    void scaledValuesRoundAndSaturate() {
        for (Scaled s : SCALED) {
            assertThat(Plc.uint16(s.value(), s.scale())).as(s.name() + " uint16").isEqualTo(s.uint16());
            assertThat(Plc.int16(s.value(), s.scale())).as(s.name() + " int16").isEqualTo(s.int16());
        }
    }
}
