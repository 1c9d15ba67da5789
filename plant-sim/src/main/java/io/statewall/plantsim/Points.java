package io.statewall.plantsim;

/**
 * The Modbus points every controller serves, unit id 1, 0-based PDU addresses (MB-AP §4.4:
 * "data model addressing"), exactly as {@code examples/thermal-power-unit.yaml} binds its plant
 * variables; the points marked "extra" are the controllers' own and bound by no variable.
 *
 * <pre>
 * boiler-plc                         type        scale    unit   policy variable / role
 *   HR 100        drum pressure      uint16      0.1      bar    drum_pressure
 *   HR 101        steam flow         uint16      0.1      kg/s   extra, measured
 *   HR 102        steam temperature  int16       0.1      °C     steam_temp
 *   IR 20..21     fuel flow          float32 big 1        kg/s   fuel_flow (high word at 20)
 *   HR 200        drum pressure SP   uint16      0.1      bar    operator (rules: >1800 start-up, >1700 normal)
 *   HR 201        fuel flow SP       uint16      0.1      kg/s   operator, used in MANUAL
 *   coil 1        boiler master AUTO bool                        operator (0 MANUAL, 1 AUTO)
 * turbine-plc
 *   IR 10..11     turbine speed      float32 big 1        rpm    turbine_speed
 *   IR 30..31     generator load     float32 big 1        MW     load_mw
 *   HR 300        governor valve     uint16      0.01     %      governor_valve (position)
 *   HR 310        speed reference    uint16      1        rpm    operator (rule: 2900..3100 in normal)
 *   HR 320        load setpoint      uint16      0.1      MW     operator
 *   coil 0        emergency stop     bool                        operator command, trips the unit
 *   coil 5        generator breaker  bool                        breaker_closed; write 1 close, 0 open
 * safety-plc
 *   HR 0          status word        bits (below)                tripped = bit 3
 *   HR 1          overspeed limit    uint16      1        rpm    engineering
 *   HR 2          pressure limit     uint16      0.1      bar    engineering
 *   coil 0        ESD trip           bool                        command (FC 5: protected esd-commands)
 *   coil 1        trip reset         bool                        command
 * </pre>
 *
 * Float32 values are IEEE 754 single precision with the high word at the lower address ("big"
 * word order, the policy's default). Each controller's areas are contiguous from address 0 (see
 * the sizes below) so that block reads across unused addresses succeed as on a real PLC; an
 * address beyond them is answered with exception 02 (ILLEGAL DATA ADDRESS). Command coils
 * (emergency stop, ESD trip, trip reset) act on a write of 1 and read back 0 once the controller
 * has acted; the breaker coil reads back the breaker's actual position after each scan.
 */
public final class Points {
    private Points() {
    }

    /** The unit id every controller answers. */
    public static final int UNIT_ID = 1;

    public static final int BOILER_HR_DRUM_PRESSURE = 100;
    public static final int BOILER_HR_STEAM_FLOW = 101;
    public static final int BOILER_HR_STEAM_TEMP = 102;
    public static final int BOILER_IR_FUEL_FLOW = 20;
    public static final int BOILER_HR_PRESSURE_SETPOINT = 200;
    public static final int BOILER_HR_FUEL_SETPOINT = 201;
    public static final int BOILER_COIL_AUTO = 1;

    public static final int TURBINE_IR_SPEED = 10;
    public static final int TURBINE_IR_LOAD = 30;
    public static final int TURBINE_HR_GOVERNOR_VALVE = 300;
    public static final int TURBINE_HR_SPEED_REFERENCE = 310;
    public static final int TURBINE_HR_LOAD_SETPOINT = 320;
    public static final int TURBINE_COIL_EMERGENCY_STOP = 0;
    public static final int TURBINE_COIL_BREAKER = 5;

    public static final int SAFETY_HR_STATUS = 0;
    public static final int SAFETY_HR_OVERSPEED_LIMIT = 1;
    public static final int SAFETY_HR_PRESSURE_LIMIT = 2;
    public static final int SAFETY_COIL_TRIP = 0;
    public static final int SAFETY_COIL_RESET = 1;

    /** Status word bit 0: the ESD controller runs. */
    public static final int SAFETY_HEALTHY = 1;
    /** Status word bit 1: speed above the overspeed limit now. */
    public static final int SAFETY_OVERSPEED = 1 << 1;
    /** Status word bit 2: drum pressure above its limit now. */
    public static final int SAFETY_PRESSURE_HIGH = 1 << 2;
    /** Status word bit 3: the unit is tripped (latched until reset); the policy's {@code tripped}. */
    public static final int SAFETY_TRIPPED = 1 << 3;
    /** Status word bit 8: the trip was caused by overspeed (latched with the trip). */
    public static final int SAFETY_CAUSE_OVERSPEED = 1 << 8;
    /** Status word bit 9: the trip was caused by high drum pressure. */
    public static final int SAFETY_CAUSE_PRESSURE = 1 << 9;
    /** Status word bit 10: the trip was commanded (ESD or emergency stop). */
    public static final int SAFETY_CAUSE_MANUAL = 1 << 10;

    /** Sizes of each controller's areas: coils, discrete inputs, input registers, holding registers. */
    static final int[] BOILER_SIZES = {16, 0, 32, 256};
    static final int[] TURBINE_SIZES = {16, 0, 64, 400};
    static final int[] SAFETY_SIZES = {16, 0, 0, 16};
}
