package io.statewall.engine.image;

import io.statewall.protocols.DataArea;
import java.util.Objects;

/**
 * One Modbus data item as the process image keys it: the server (address and TCP port, as
 * {@link io.statewall.engine.eve.FlowContext} holds it: IPv4 in the low 32 bits of {@code
 * serverAddrLo}), the unit identifier (MB-TCP §4.4.1.3: which device behind a gateway), the
 * data area (MB-AP §4.3 primary tables) and the 0-based PDU address (MB-AP §4.4, so holding
 * register "40001" is address 0).
 *
 * <p>This record is the API form; inside the image a point is one {@code long} (see {@link
 * ProcessImage}), so holding these is for configuration and reports, not for the hot path.
 */
public record PointKey(long serverAddrHi, long serverAddrLo, int serverPort, int unitId, DataArea area, int address) {

    public PointKey {
        Objects.requireNonNull(area, "area");
        if (!isPointArea(area)) {
            throw new IllegalArgumentException("not a point area (coils, discrete inputs, input or holding registers): " + area);
        }
        if (serverPort < 0 || serverPort > 0xFFFF) {
            throw new IllegalArgumentException("serverPort must be 0..65535: " + serverPort);
        }
        if (unitId < 0 || unitId > 0xFF) {
            throw new IllegalArgumentException("unitId must be 0..255: " + unitId);
        }
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address must be 0..65535: " + address);
        }
    }

    /** A point of an IPv4 server; {@code ipv4} is the address as a big-endian int (10.0.0.1 = 0x0A000001). */
    public static PointKey ipv4(int ipv4, int serverPort, int unitId, DataArea area, int address) {
        return new PointKey(0, ipv4 & 0xFFFF_FFFFL, serverPort, unitId, area, address);
    }

    /** The same server, unit and area at another address. */
    public PointKey withAddress(int otherAddress) {
        return new PointKey(serverAddrHi, serverAddrLo, serverPort, unitId, area, otherAddress);
    }

    /** True for the four MB-AP §4.3 tables that hold points. */
    public static boolean isPointArea(DataArea area) {
        return switch (area) {
            case COILS, DISCRETE_INPUTS, INPUT_REGISTERS, HOLDING_REGISTERS -> true;
            default -> false;
        };
    }

    /** True for the single-bit tables (coils and discrete inputs). */
    public boolean isBit() {
        return area == DataArea.COILS || area == DataArea.DISCRETE_INPUTS;
    }
}
