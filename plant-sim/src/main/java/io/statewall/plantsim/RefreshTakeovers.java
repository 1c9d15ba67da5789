package io.statewall.plantsim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Refreshes that malware on the crew's station has taken over, by register: a refresh of such a
 * register falling due goes to the malware instead of the wire. Shared by the simulator and its
 * scenario runners; read on the operator's thread, changed from any.
 */
final class RefreshTakeovers {
    private final Map<Integer, Taken> taken = new ConcurrentHashMap<>();

    private record Taken(Consumer<Step> malware) {
    }

    Compromise take(Controller controller, int address, Consumer<Step> malware) {
        java.util.Objects.requireNonNull(controller, "controller");
        java.util.Objects.requireNonNull(malware, "malware");
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address is 0..65535: " + address);
        }
        int key = key(controller, address);
        Taken t = new Taken(malware);
        taken.put(key, t);
        return () -> taken.remove(key, t);
    }

    /** Hands a refresh falling due to the malware that took its register over; false if none did. */
    boolean intercept(Step refresh) {
        if (taken.isEmpty() || !(refresh.command() instanceof Command.WriteRegister w)) {
            return false;
        }
        Taken t = taken.get(key(w.controller(), w.address()));
        if (t == null) {
            return false;
        }
        try {
            t.malware().accept(refresh);
        } catch (RuntimeException ignored) {
            // the attacker's bug is not the crew's: the refresh stays taken, as the takeover says
        }
        return true;
    }

    private static int key(Controller c, int address) {
        return c.ordinal() << 16 | address;
    }
}
