package io.statewall.plantsim;

/**
 * What an operator or engineer does to the unit: a Modbus write to a controller (the only way
 * commands reach the plant), or a declaration of the operating state to the security system.
 */
public sealed interface Command {

    /** Write Single Register (FC 6) to a controller, unit {@link Points#UNIT_ID}. */
    record WriteRegister(Controller controller, int address, int value) implements Command {
        public WriteRegister {
            java.util.Objects.requireNonNull(controller, "controller");
            if (address < 0 || address > 0xFFFF || value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("address and value are 0..65535: " + address + ", " + value);
            }
        }
    }

    /** Write Single Coil (FC 5) to a controller, unit {@link Points#UNIT_ID}. */
    record WriteCoil(Controller controller, int address, boolean value) implements Command {
        public WriteCoil {
            java.util.Objects.requireNonNull(controller, "controller");
            if (address < 0 || address > 0xFFFF) {
                throw new IllegalArgumentException("address is 0..65535: " + address);
            }
        }
    }

    /** The shift supervisor declares an operating state (e.g. {@code maintenance}). */
    record Declare(String state) implements Command {
        public Declare {
            java.util.Objects.requireNonNull(state, "state");
        }
    }

    /** The declared state ends; the security system infers the state again. */
    record Release() implements Command {
    }
}
