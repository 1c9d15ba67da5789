package io.statewall.engine.image;

import java.util.Objects;

/**
 * A named plant variable over one or two points, as a plant model declares it: engineering
 * value = raw × {@code scale} + {@code offset}, where raw is read per {@link ValueType}.
 *
 * <ul>
 *   <li>{@link ValueType#BOOL} over a coil or discrete input ({@code bit} -1), or over bit
 *       {@code bit} (0 = least significant) of a register;</li>
 *   <li>16-bit types over the register at {@code point};</li>
 *   <li>32-bit types over the registers at {@code point} and {@code point + 1}, combined in
 *       {@code wordOrder}.</li>
 * </ul>
 *
 * <h2>Half-updated pairs</h2>
 * The two registers of a 32-bit value arrive in the same response when the HMI reads them
 * together, but may not (one read per register, a write of one word, a lost response). The
 * rule: a variable is {@link #known known} only once both registers were seen; its value
 * combines the latest of each; its {@link #updatedAt timestamp} is the <em>older</em> of the
 * two, so a variable whose second word stopped updating turns stale even if the first is
 * fresh. A change of either register is a change of the variable (both ids are reported by
 * {@link #firstPointId}/{@link #secondPointId} for dependency tracking).
 *
 * <p>Values are computed on each call from the image; nothing is cached, nothing allocated.
 *
 * @param bit for BOOL over a register, the bit 0–15; otherwise -1
 */
public record VariableBinding(String name, PointKey point, ValueType type, WordOrder wordOrder,
                              int bit, double scale, double offset) {

    public VariableBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "wordOrder");
        if (name.isBlank()) {
            throw new IllegalArgumentException("variable name is blank");
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException(name + ": scale and offset must be finite");
        }
        if (type == ValueType.BOOL) {
            if (point.isBit() ? bit != -1 : bit < 0 || bit > 15) {
                throw new IllegalArgumentException(name + ": BOOL takes bit -1 on a coil or discrete input, 0..15 on a register: " + bit);
            }
            if (scale != 1 || offset != 0) {
                throw new IllegalArgumentException(name + ": BOOL cannot be scaled");
            }
        } else {
            if (point.isBit()) {
                throw new IllegalArgumentException(name + ": " + type + " needs a register, not " + point.area());
            }
            if (bit != -1) {
                throw new IllegalArgumentException(name + ": bit applies to BOOL only");
            }
            if (type.registers() == 2 && point.address() == 0xFFFF) {
                throw new IllegalArgumentException(name + ": a 32-bit value cannot start at register 65535");
            }
        }
    }

    /** An unscaled variable, big word order; for BOOL the point must be a coil or discrete input. */
    public static VariableBinding of(String name, PointKey point, ValueType type) {
        return new VariableBinding(name, point, type, WordOrder.BIG, -1, 1, 0);
    }

    /** A BOOL over bit {@code bit} (0 = least significant) of a register. */
    public static VariableBinding registerBit(String name, PointKey register, int bit) {
        return new VariableBinding(name, register, ValueType.BOOL, WordOrder.BIG, bit, 1, 0);
    }

    public VariableBinding withWordOrder(WordOrder order) {
        return new VariableBinding(name, point, type, order, bit, scale, offset);
    }

    /** engineering = raw × scale + offset. */
    public VariableBinding scaled(double newScale, double newOffset) {
        return new VariableBinding(name, point, type, wordOrder, bit, newScale, newOffset);
    }

    /** The register at {@code point + 1} for 32-bit types, else null. */
    public PointKey secondPoint() {
        return type.registers() == 2 ? point.withAddress(point.address() + 1) : null;
    }

    /** Id of {@code point} in the image, -1 while unseen. */
    public int firstPointId(ProcessImage image) {
        return image.pointId(point);
    }

    /** Id of the second register of a 32-bit variable, -1 while unseen or for one-point types. */
    public int secondPointId(ProcessImage image) {
        if (type.registers() < 2) {
            return -1;
        }
        return image.pointId(point.serverAddrHi(), point.serverAddrLo(), point.serverPort(), point.unitId(),
                point.area(), point.address() + 1);
    }

    /** True once every point of the variable was seen. */
    public boolean known(ProcessImage image) {
        return firstPointId(image) >= 0 && (type.registers() < 2 || secondPointId(image) >= 0);
    }

    /** The engineering value, or NaN while not {@link #known}. A FLOAT32 NaN on the wire is NaN too. */
    public double value(ProcessImage image) {
        int first = firstPointId(image);
        if (first < 0) {
            return Double.NaN;
        }
        if (type.registers() < 2) {
            return value(image.value(first), 0);
        }
        int second = secondPointId(image);
        return second < 0 ? Double.NaN : value(image.value(first), image.value(second));
    }

    /**
     * The engineering value from the raw contents of {@code point} and, for 32-bit types,
     * {@code point + 1} (ignored otherwise): for callers that hold the point ids.
     */
    public double value(int firstRaw, int secondRaw) {
        double raw;
        if (type == ValueType.BOOL) {
            raw = bit < 0 ? firstRaw & 1 : (firstRaw >>> bit) & 1;
        } else if (type.registers() < 2) {
            raw = type.decode(firstRaw, 0);
        } else if (wordOrder == WordOrder.BIG) {
            raw = type.decode(firstRaw, secondRaw);
        } else {
            raw = type.decode(secondRaw, firstRaw);
        }
        return raw * scale + offset;
    }

    /** The older update timestamp of the variable's points, or {@link Long#MIN_VALUE} while not {@link #known}. */
    public long updatedAt(ProcessImage image) {
        int first = firstPointId(image);
        if (first < 0) {
            return Long.MIN_VALUE;
        }
        if (type.registers() < 2) {
            return image.updatedAt(first);
        }
        int second = secondPointId(image);
        return second < 0 ? Long.MIN_VALUE : Math.min(image.updatedAt(first), image.updatedAt(second));
    }

    /** True while not {@link #known}, or when {@link #updatedAt} is more than {@code maxAgeNanos} before {@code nowNanos}. */
    public boolean isStale(ProcessImage image, long nowNanos, long maxAgeNanos) {
        long at = updatedAt(image);
        return at == Long.MIN_VALUE || nowNanos - at > maxAgeNanos;
    }
}
