package io.statewall.plantsim;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The crew's stations: the operator's desk and the engineering workstation, each a separate
 * Modbus/TCP client (own connections, own source address) writing to the controllers at the
 * given endpoints; declarations go to the {@link DeclarationListener}.
 */
public final class Stations implements CommandSink {
    private final Map<Role, Map<Controller, ModbusLink>> links = new EnumMap<>(Role.class);
    private final DeclarationListener declarations;

    /**
     * @param targets     the controllers, or the NMA's ports in front of them
     * @param operator    the operator desk's source address (null: the system's choice)
     * @param engineer    the engineering workstation's source address (null: the system's choice)
     */
    public Stations(Endpoints targets, InetAddress operator, InetAddress engineer, Duration timeout,
                    DeclarationListener declarations) {
        this.declarations = java.util.Objects.requireNonNull(declarations, "declarations");
        links.put(Role.OPERATOR, linksFrom(targets, operator, timeout));
        links.put(Role.ENGINEER, linksFrom(targets, engineer, timeout));
    }

    private static Map<Controller, ModbusLink> linksFrom(Endpoints targets, InetAddress local, Duration timeout) {
        Map<Controller, ModbusLink> m = new EnumMap<>(Controller.class);
        for (Controller c : Controller.values()) {
            m.put(c, new ModbusLink(targets.get(c), local, timeout));
        }
        return m;
    }

    @Override
    public void execute(Role role, Command command) throws IOException {
        switch (command) {
            case Command.WriteRegister w -> links.get(role).get(w.controller()).writeRegister(w.address(), w.value());
            case Command.WriteCoil w -> links.get(role).get(w.controller()).writeCoil(w.address(), w.value());
            case Command.Declare d -> declarations.onDeclare(d.state());
            case Command.Release r -> declarations.onRelease();
        }
    }

    @Override
    public void close() {
        for (Map<Controller, ModbusLink> m : links.values()) {
            m.values().forEach(ModbusLink::close);
        }
    }
}
