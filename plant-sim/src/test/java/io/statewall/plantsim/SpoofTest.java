package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import org.junit.jupiter.api.Test;

/** A compromised controller (T0856): the network reads the spoof, the controller's logic the truth. */
class SpoofTest {

    private static RegisterMap map() {
        RegisterMap m = new RegisterMap(new int[] {16, 4, 8, 16});
        m.publish(() -> {
            m.publishHolding(3, 42);
            m.publishInput(2, 7);
            m.publishCoil(1, true);
        });
        return m;
    }

    @Test
    void eachAreaShowsItsSpoofToTheNetworkAndTheTruthToTheController() {
        RegisterMap m = map();
        long h = m.spoof(Area.HOLDING_REGISTERS, 3, 99);
        m.spoof(Area.INPUT_REGISTERS, 2, 5);
        m.spoof(Area.COILS, 1, 0);
        m.spoof(Area.DISCRETE_INPUTS, 0, 1);

        assertThat(m.getRegisterRange(2, 3)).extracting(Register::getValue).containsExactly(0, 99, 0);
        assertThat(m.getInputRegisterRange(2, 1)[0].getValue()).isEqualTo(5);
        assertThat(m.getDigitalOutRange(0, 2)[1].isSet()).isFalse();
        assertThat(m.getDigitalInRange(0, 1)[0].isSet()).isTrue();
        assertThat(m.holding(3)).isEqualTo(42);
        assertThat(m.input(2)).isEqualTo(7);
        assertThat(m.coil(1)).isTrue();

        // A write from the network reaches the controller; the network still reads the spoof.
        m.getRegisterRange(3, 1)[0].setValue(55);
        assertThat(m.takeHolding(3)).isEqualTo(55);
        assertThat(m.getRegister(3).getValue()).isEqualTo(99);

        m.unspoof(Area.HOLDING_REGISTERS, 3, h);
        assertThat(m.getRegister(3).getValue()).isEqualTo(55);
    }

    @Test
    void aLaterSpoofReplacesTheEarlierAndOnlyItsOwnTokenEndsIt() {
        RegisterMap m = map();
        long first = m.spoof(Area.HOLDING_REGISTERS, 3, 1);
        long second = m.spoof(Area.HOLDING_REGISTERS, 3, 2);
        m.unspoof(Area.HOLDING_REGISTERS, 3, first);
        assertThat(m.getRegister(3).getValue()).isEqualTo(2);
        m.unspoof(Area.HOLDING_REGISTERS, 3, second);
        assertThat(m.getRegister(3).getValue()).isEqualTo(42);
    }

    record Bad(String name, Area area, int address, int value) {
    }

    @Test
    void aSpoofOutsideTheAreaOrItsRangeIsAProgrammingError() {
        Bad[] bad = {
            new Bad("holding register past the 16", Area.HOLDING_REGISTERS, 16, 0),
            new Bad("negative address", Area.HOLDING_REGISTERS, -1, 0),
            new Bad("discrete input past the 4", Area.DISCRETE_INPUTS, 4, 1),
            new Bad("a coil is 0 or 1", Area.COILS, 0, 2),
            new Bad("a register is 16 bits", Area.HOLDING_REGISTERS, 0, 0x10000),
            new Bad("no negative register", Area.INPUT_REGISTERS, 0, -1),
        };
        RegisterMap m = map();
        for (Bad b : bad) {
            assertThatThrownBy(() -> m.spoof(b.area(), b.address(), b.value())).as(b.name())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void overModbusTheHmiAndAnyMasterReadTheSpoofedTripWhileThePlantRunsOn() throws Exception {
        try (PlantSim sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start();
             Hmi hmi = new Hmi(sim.endpoints(), HmiConfig.defaults())) {
            sim.run(Scenario.normalOperation(false), sim.directCommands(DeclarationListener.NONE));
            sim.advance(450);
            int truth = sim.snapshot().safetyStatus();
            assertThat(truth).isEqualTo(Points.SAFETY_HEALTHY);

            Compromise lie = sim.spoof(Controller.SAFETY, Area.HOLDING_REGISTERS, Points.SAFETY_HR_STATUS,
                    truth | Points.SAFETY_TRIPPED | Points.SAFETY_CAUSE_MANUAL);
            sim.advance(5); // the safety PLC publishes its status every step: the spoof outlives that
            hmi.poll(Controller.SAFETY);
            assertThat(hmi.value("tripped")).isEqualTo(1.0);
            assertThat((int) hmi.value("safety_status")).isEqualTo(0x0409);
            java.net.InetSocketAddress at = sim.endpoint(Controller.SAFETY);
            ModbusTCPMaster master = new ModbusTCPMaster(at.getAddress().getHostAddress(), at.getPort());
            master.connect();
            try {
                assertThat(master.readMultipleRegisters(Points.UNIT_ID, Points.SAFETY_HR_STATUS, 1)[0].getValue())
                        .isEqualTo(0x0409);
                // Its logic goes on with the truth: a write of the limit beside the spoof acts.
                master.writeSingleRegister(Points.UNIT_ID, Points.SAFETY_HR_OVERSPEED_LIMIT, new SimpleRegister(3250));
            } finally {
                master.disconnect();
            }
            sim.advance(0.1);
            assertThat(sim.snapshot().tripped()).isFalse();
            assertThat(sim.snapshot().overspeedLimit()).isEqualTo(3250);
            assertThat(sim.snapshot().loadMw()).isGreaterThan(170);

            lie.close();
            lie.close(); // twice: nothing more
            hmi.poll(Controller.SAFETY);
            assertThat(hmi.value("tripped")).isZero();
        }
    }
}
