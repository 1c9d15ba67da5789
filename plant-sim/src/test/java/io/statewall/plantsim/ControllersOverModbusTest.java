package io.statewall.plantsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controllers over real Modbus/TCP sockets, with the plant stepped by hand: what j2mod's own
 * master, the simulator's HMI and Debian's {@code mbpoll} read is what the physics has; operator
 * writes reach the physics; exceptions for what a controller does not serve.
 */
class ControllersOverModbusTest {
    private PlantSim sim;
    private final List<ModbusTCPMaster> masters = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sim = new PlantSim(PlantSimConfig.defaults().withTimeScale(0)).start();
    }

    @AfterEach
    void stop() {
        masters.forEach(ModbusTCPMaster::disconnect);
        sim.close();
    }

    private ModbusTCPMaster master(Controller c) throws Exception {
        InetSocketAddress a = sim.endpoint(c);
        ModbusTCPMaster m = new ModbusTCPMaster(a.getAddress().getHostAddress(), a.getPort(), 2000, false);
        m.connect();
        masters.add(m);
        return m;
    }

    /** Brings the unit to 3000 rpm before synchronising, through the controllers' registers. */
    private void runUp() throws IOException {
        CommandSink crew = sim.directCommands(DeclarationListener.NONE);
        crew.execute(Role.OPERATOR, new Command.WriteRegister(Controller.BOILER, Points.BOILER_HR_PRESSURE_SETPOINT, 1600));
        crew.execute(Role.OPERATOR, new Command.WriteRegister(Controller.BOILER, Points.BOILER_HR_FUEL_SETPOINT, 40));
        sim.advance(30);
        crew.execute(Role.OPERATOR, new Command.WriteCoil(Controller.BOILER, Points.BOILER_COIL_AUTO, true));
        sim.advance(60);
        crew.execute(Role.OPERATOR, new Command.WriteRegister(Controller.TURBINE, Points.TURBINE_HR_SPEED_REFERENCE, 3000));
        sim.advance(200);
    }

    private static double float32(InputRegister[] r) {
        return Hmi.float32(r[0].getValue(), r[1].getValue());
    }

    @Test
    void j2modsOwnMasterReadsWhatThePhysicsHas() throws Exception {
        runUp();
        PlantSnapshot s = sim.snapshot();
        ModbusTCPMaster boiler = master(Controller.BOILER);
        ModbusTCPMaster turbine = master(Controller.TURBINE);
        ModbusTCPMaster safety = master(Controller.SAFETY);

        Register[] hr = boiler.readMultipleRegisters(Points.UNIT_ID, Points.BOILER_HR_DRUM_PRESSURE, 3);
        assertThat(hr[0].getValue()).isEqualTo((int) Math.round(s.drumPressure() * 10));
        assertThat(hr[1].getValue()).isEqualTo((int) Math.round(s.steamFlow() * 10));
        assertThat((int) hr[2].toShort()).isEqualTo((int) Math.round(s.steamTemp() * 10));
        assertThat(float32(boiler.readInputRegisters(Points.UNIT_ID, Points.BOILER_IR_FUEL_FLOW, 2)))
                .isEqualTo((double) (float) s.fuelFlow());
        assertThat(boiler.readMultipleRegisters(Points.UNIT_ID, Points.BOILER_HR_PRESSURE_SETPOINT, 2))
                .extracting(Register::getValue).containsExactly(1600, 40);
        assertThat(boiler.readCoils(Points.UNIT_ID, Points.BOILER_COIL_AUTO, 1).getBit(0)).isTrue();

        assertThat(float32(turbine.readInputRegisters(Points.UNIT_ID, Points.TURBINE_IR_SPEED, 2)))
                .isEqualTo((double) (float) s.turbineSpeed());
        assertThat(float32(turbine.readInputRegisters(Points.UNIT_ID, Points.TURBINE_IR_LOAD, 2)))
                .isEqualTo((double) (float) s.loadMw());
        assertThat(turbine.readMultipleRegisters(Points.UNIT_ID, Points.TURBINE_HR_GOVERNOR_VALVE, 1)[0].getValue())
                .isEqualTo((int) Math.round(s.governorValve() * 100)).isBetween(300, 1000);
        assertThat(turbine.readMultipleRegisters(Points.UNIT_ID, Points.TURBINE_HR_SPEED_REFERENCE, 1)[0].getValue())
                .isEqualTo(3000);
        assertThat(turbine.readCoils(Points.UNIT_ID, 0, 8).getBit(Points.TURBINE_COIL_BREAKER)).isFalse();

        assertThat(safety.readMultipleRegisters(Points.UNIT_ID, Points.SAFETY_HR_STATUS, 3))
                .extracting(Register::getValue).containsExactly(Points.SAFETY_HEALTHY, 3300, 1850);
    }

    @Test
    void theHmiSeesThePhysicsThroughItsPolls() throws Exception {
        runUp();
        try (Hmi hmi = new Hmi(sim.endpoints(), HmiConfig.defaults())) {
            hmi.pollOnce();
            PlantSnapshot s = sim.snapshot();
            assertThat(hmi.value("drum_pressure")).isCloseTo(s.drumPressure(), within(0.05 + 1e-9));
            assertThat(hmi.value("steam_temp")).isCloseTo(s.steamTemp(), within(0.05 + 1e-9));
            assertThat(hmi.value("fuel_flow")).isCloseTo(s.fuelFlow(), within(1e-5));
            assertThat(hmi.value("turbine_speed")).isCloseTo(s.turbineSpeed(), within(1e-3));
            assertThat(hmi.value("governor_valve")).isCloseTo(s.governorValve(), within(0.005 + 1e-9));
            assertThat(hmi.value("load_mw")).isCloseTo(s.loadMw(), within(1e-5));
            assertThat(hmi.value("breaker_closed")).isZero();
            assertThat(hmi.value("tripped")).isZero();
            assertThat(hmi.value("speed_reference")).isEqualTo(3000);
            assertThat(hmi.scans(Controller.TURBINE)).isEqualTo(1);
            assertThat(hmi.failures(Controller.TURBINE)).isZero();
        }
    }

    @Test
    void anOperatorWriteOverModbusChangesThePhysics() throws Exception {
        try (Stations crew = new Stations(sim.endpoints(), null, null, Duration.ofSeconds(2), DeclarationListener.NONE)) {
            crew.execute(Role.OPERATOR, new Command.WriteRegister(Controller.BOILER, Points.BOILER_HR_FUEL_SETPOINT, 60));
            assertThat(sim.snapshot().fuelFlow()).as("nothing happens between scans").isLessThan(0.05);
            sim.advance(20);
            PlantSnapshot s = sim.snapshot();
            assertThat(s.fuelSetpoint()).isCloseTo(6.0, within(1e-9));
            assertThat(s.fuelFlow()).isCloseTo(6.0, within(0.1));
            assertThat(s.drumPressure()).isGreaterThan(10);
        }
    }

    @Test
    void everyWriteAControllerAcceptsIsInItsJournalAndNothingElse() throws Exception {
        ModbusTCPMaster boiler = master(Controller.BOILER);
        boiler.readMultipleRegisters(Points.UNIT_ID, Points.BOILER_HR_DRUM_PRESSURE, 3);
        boiler.writeSingleRegister(Points.UNIT_ID, Points.BOILER_HR_PRESSURE_SETPOINT,
                new com.ghgande.j2mod.modbus.procimg.SimpleRegister(1234));
        master(Controller.TURBINE).writeCoil(Points.UNIT_ID, Points.TURBINE_COIL_EMERGENCY_STOP, true);

        assertThat(sim.acceptedWrites()).as("reads leave no trace; each write one entry")
                .extracting(AcceptedWrite::controller, AcceptedWrite::area, AcceptedWrite::address, AcceptedWrite::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Controller.BOILER, Area.HOLDING_REGISTERS,
                                Points.BOILER_HR_PRESSURE_SETPOINT, 1234),
                        org.assertj.core.groups.Tuple.tuple(Controller.TURBINE, Area.COILS,
                                Points.TURBINE_COIL_EMERGENCY_STOP, 1));
    }

    @Test
    void aBreakerCloseAtStandstillIsRefusedAndTheCoilShowsTheBreakerOpen() throws Exception {
        ModbusTCPMaster turbine = master(Controller.TURBINE);
        assertThat(turbine.writeCoil(Points.UNIT_ID, Points.TURBINE_COIL_BREAKER, true)).isTrue();
        assertThat(turbine.readCoils(Points.UNIT_ID, Points.TURBINE_COIL_BREAKER, 1).getBit(0))
                .as("the written value until the next scan").isTrue();
        sim.advance(0.1);
        assertThat(turbine.readCoils(Points.UNIT_ID, Points.TURBINE_COIL_BREAKER, 1).getBit(0))
                .as("then the breaker's position").isFalse();
        assertThat(sim.snapshot().breakerClosed()).isFalse();
    }

    @Test
    void anOverspeedCommandedOverModbusTripsTheUnitAndTheSafetyPlcSaysSo() throws Exception {
        runUp();
        ModbusTCPMaster turbine = master(Controller.TURBINE);
        ModbusTCPMaster safety = master(Controller.SAFETY);
        turbine.writeSingleRegister(Points.UNIT_ID, Points.TURBINE_HR_SPEED_REFERENCE, new SimpleRegister(3400));
        sim.advance(30);
        int status = safety.readMultipleRegisters(Points.UNIT_ID, Points.SAFETY_HR_STATUS, 1)[0].getValue();
        assertThat(status & Points.SAFETY_TRIPPED).as("bit 3: the policy's tripped").isNotZero();
        assertThat(status & Points.SAFETY_CAUSE_OVERSPEED).isNotZero();
        assertThat(turbine.readMultipleRegisters(Points.UNIT_ID, Points.TURBINE_HR_SPEED_REFERENCE, 1)[0].getValue())
                .as("the trip zeroed the reference").isZero();
        // The ESD reset is refused by physics until the turbine is below the limit; here it already is.
        safety.writeCoil(Points.UNIT_ID, Points.SAFETY_COIL_RESET, true);
        sim.advance(0.2);
        assertThat(safety.readMultipleRegisters(Points.UNIT_ID, Points.SAFETY_HR_STATUS, 1)[0].getValue())
                .isEqualTo(Points.SAFETY_HEALTHY);
        assertThat(safety.readCoils(Points.UNIT_ID, 0, 2).getBit(Points.SAFETY_COIL_RESET))
                .as("a command coil reads 0 once acted on").isFalse();
    }

    @Test
    void theTurbineEmergencyStopTripsTheUnit() throws Exception {
        ModbusTCPMaster turbine = master(Controller.TURBINE);
        turbine.writeCoil(Points.UNIT_ID, Points.TURBINE_COIL_EMERGENCY_STOP, true);
        sim.advance(0.2);
        assertThat(sim.snapshot().tripped()).isTrue();
        assertThat(sim.snapshot().safetyStatus() & Points.SAFETY_CAUSE_MANUAL).isNotZero();
    }

    record Refused(String name, Controller controller, ModbusCall call, int exceptionCode) {
    }

    interface ModbusCall {
        void call(ModbusTCPMaster m) throws ModbusException;
    }

    /** What a controller does not serve, and the exception it answers with (MB-AP §7). */
    private static final Refused[] REFUSED = {
        new Refused("holding register beyond the boiler's 256", Controller.BOILER,
                m -> m.readMultipleRegisters(Points.UNIT_ID, 256, 1), 2),
        new Refused("block read running past the end", Controller.BOILER,
                m -> m.readMultipleRegisters(Points.UNIT_ID, 250, 10), 2),
        new Refused("input register beyond the turbine's 64", Controller.TURBINE,
                m -> m.readInputRegisters(Points.UNIT_ID, 64, 2), 2),
        new Refused("the safety PLC has no input registers", Controller.SAFETY,
                m -> m.readInputRegisters(Points.UNIT_ID, 0, 1), 2),
        new Refused("no discrete inputs anywhere", Controller.TURBINE,
                m -> m.readInputDiscretes(Points.UNIT_ID, 0, 1), 2),
        new Refused("write beyond the safety PLC's 16 registers", Controller.SAFETY,
                m -> m.writeSingleRegister(Points.UNIT_ID, 16, new SimpleRegister(1)), 2),
        new Refused("coil beyond 16", Controller.TURBINE,
                m -> m.writeCoil(Points.UNIT_ID, 16, true), 2),
    };

    @Test
    void requestsOutsideTheAreasAreAnsweredWithAnException() throws Exception {
        for (Refused r : REFUSED) {
            ModbusTCPMaster m = master(r.controller());
            assertThatThrownBy(() -> r.call().call(m)).as(r.name())
                    .isInstanceOfSatisfying(ModbusSlaveException.class,
                            e -> assertThat(e.getType()).as(r.name()).isEqualTo(r.exceptionCode()));
        }
    }

    @Test
    void anotherUnitIdIsAnsweredWithAnExceptionAndTheConnectionStaysUp() throws Exception {
        ModbusTCPMaster m = master(Controller.BOILER);
        assertThatThrownBy(() -> m.readMultipleRegisters(7, Points.BOILER_HR_DRUM_PRESSURE, 1))
                .isInstanceOf(ModbusSlaveException.class);
        assertThat(m.readMultipleRegisters(Points.UNIT_ID, Points.BOILER_HR_PRESSURE_SETPOINT, 1)[0].getValue()).isZero();
    }

    @Test
    void theStationsReportARefusalWithItsExceptionCode() throws Exception {
        try (Stations crew = new Stations(sim.endpoints(), null, null, Duration.ofSeconds(2), DeclarationListener.NONE)) {
            assertThatThrownBy(() -> crew.execute(Role.ENGINEER, new Command.WriteRegister(Controller.SAFETY, 300, 1)))
                    .isInstanceOfSatisfying(ModbusRefusedException.class, e -> {
                        assertThat(e.exceptionCode()).isEqualTo(2);
                        assertThat(e.function()).isEqualTo(6);
                    });
            // the same connection goes on
            crew.execute(Role.ENGINEER, new Command.WriteRegister(Controller.SAFETY, Points.SAFETY_HR_OVERSPEED_LIMIT, 3250));
            sim.advance(0.1);
            assertThat(sim.snapshot().overspeedLimit()).isEqualTo(3250);
        }
    }

    @Test
    void stationsLeaveFromTheirOwnSourceAddress() throws Exception {
        java.net.InetAddress desk = java.net.InetAddress.getByName("127.0.0.77");
        try (ModbusLink link = new ModbusLink(sim.endpoint(Controller.BOILER), desk, Duration.ofSeconds(2));
             java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(link.readHoldingRegisters(Points.BOILER_HR_DRUM_PRESSURE, 1)).hasSize(1);
            // The same binding against a plain listener shows the source address the server sees.
            try (ModbusLink other = new ModbusLink((InetSocketAddress) probe.getLocalSocketAddress(), desk,
                    Duration.ofMillis(200))) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        other.readHoldingRegisters(0, 1);
                    } catch (IOException expected) {
                        // no Modbus server there: times out
                    }
                });
                try (java.net.Socket accepted = probe.accept()) {
                    assertThat(accepted.getInetAddress()).isEqualTo(desk);
                }
                reader.join();
            }
        }
    }

    @Test
    void eachControllerListensOnTheAddressItIsGiven() throws Exception {
        java.net.InetAddress boiler = java.net.InetAddress.getByName("127.0.0.20");
        java.net.InetAddress turbine = java.net.InetAddress.getByName("127.0.0.30");
        PlantSimConfig config = PlantSimConfig.defaults().withTimeScale(0)
                .withBindAddresses(java.util.Map.of(Controller.BOILER, boiler, Controller.TURBINE, turbine))
                .withSeed(7); // the other withers keep them
        assertThat(config.bindAddress(Controller.BOILER)).isEqualTo(boiler);
        assertThat(config.bindAddress(Controller.SAFETY)).as("no entry: the common bind address")
                .isEqualTo(config.bindAddress());
        try (PlantSim own = new PlantSim(config).start();
             Hmi hmi = new Hmi(own.endpoints(), HmiConfig.defaults())) {
            assertThat(own.endpoint(Controller.BOILER).getAddress()).isEqualTo(boiler);
            assertThat(own.endpoint(Controller.TURBINE).getAddress()).isEqualTo(turbine);
            assertThat(own.endpoint(Controller.SAFETY).getAddress()).isEqualTo(java.net.InetAddress.getLoopbackAddress());
            hmi.pollOnce();
            assertThat(hmi.failures(Controller.BOILER) + hmi.failures(Controller.TURBINE)).isZero();
            // Nothing of the boiler's listens on the turbine's address.
            try (java.net.Socket s = new java.net.Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(turbine, own.endpoint(Controller.BOILER).getPort()), 1000))
                        .isInstanceOf(java.net.ConnectException.class);
            }
        }
    }

    // ---- mbpoll, from Debian: another client stack reading the same points ----

    private static final Pattern MBPOLL_VALUE = Pattern.compile("^\\[(\\d+)]:\\s+(-?[0-9.]+)", Pattern.MULTILINE);

    /** Runs mbpoll once against a controller; values by reference (PDU address with -0). */
    private static List<double[]> mbpoll(InetSocketAddress at, String... args) throws Exception {
        Path bin = Path.of("/usr/bin/mbpoll");
        Assumptions.assumeTrue(Files.isExecutable(bin), "mbpoll absent: skipped (apt-get install mbpoll)");
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-m", "tcp", "-a", "1", "-0", "-1", "-o", "2",
                "-p", Integer.toString(at.getPort())));
        cmd.addAll(List.of(args));
        cmd.add(at.getAddress().getHostAddress());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<double[]> values = new ArrayList<>();
        Matcher m = MBPOLL_VALUE.matcher(out);
        while (m.find()) {
            values.add(new double[] {Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2))});
        }
        assertThat(values).as(out).isNotEmpty();
        return values;
    }

    @Test
    void mbpollReadsWhatThePhysicsHas() throws Exception {
        runUp();
        PlantSnapshot s = sim.snapshot();
        List<double[]> boiler = mbpoll(sim.endpoint(Controller.BOILER), "-t", "4", "-r", "100", "-c", "3");
        assertThat(boiler).extracting(v -> (int) v[0]).containsExactly(100, 101, 102);
        assertThat(boiler.get(0)[1]).isEqualTo(Math.round(s.drumPressure() * 10));
        assertThat(boiler.get(2)[1]).isEqualTo(Math.round(s.steamTemp() * 10));

        List<double[]> fuel = mbpoll(sim.endpoint(Controller.BOILER), "-t", "3:float", "-B", "-r", "20", "-c", "1");
        assertThat(fuel.get(0)[1]).isCloseTo(s.fuelFlow(), within(1e-4));

        List<double[]> speed = mbpoll(sim.endpoint(Controller.TURBINE), "-t", "3:float", "-B", "-r", "10", "-c", "1");
        assertThat(speed.get(0)[1]).isCloseTo(s.turbineSpeed(), within(1e-2));

        List<double[]> breaker = mbpoll(sim.endpoint(Controller.TURBINE), "-t", "0", "-r", "5", "-c", "1");
        assertThat(breaker.get(0)[1]).isZero();

        List<double[]> status = mbpoll(sim.endpoint(Controller.SAFETY), "-t", "4", "-r", "0", "-c", "1");
        assertThat((int) status.get(0)[1]).isEqualTo(Points.SAFETY_HEALTHY);
    }

    @Test
    void anMbpollWriteReachesThePhysics() throws Exception {
        Path bin = Path.of("/usr/bin/mbpoll");
        Assumptions.assumeTrue(Files.isExecutable(bin), "mbpoll absent: skipped (apt-get install mbpoll)");
        InetSocketAddress boiler = sim.endpoint(Controller.BOILER);
        Process p = new ProcessBuilder(bin.toString(), "-m", "tcp", "-a", "1", "-0", "-1", "-o", "2", "-t", "4",
                "-r", Integer.toString(Points.BOILER_HR_PRESSURE_SETPOINT), "-p", Integer.toString(boiler.getPort()),
                boiler.getAddress().getHostAddress(), "1550").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        sim.advance(0.1);
        assertThat(sim.snapshot().pressureSetpoint()).isCloseTo(155.0, within(1e-9));
    }
}
