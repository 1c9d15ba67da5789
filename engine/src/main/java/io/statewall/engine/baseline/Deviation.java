package io.statewall.engine.baseline;

import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusTransaction;

/**
 * One departure from the baseline, as a {@link BaselineDetector} hands it to its sink: a
 * reused view, valid only during the call. The primitives (check, state, subject) cost
 * nothing; the words for an alert ({@link #expected()}, {@link #seen()}, {@link #subject()})
 * are built only when asked, which an aggregating sink does once per distinct deviation.
 */
public final class Deviation {
    Check check;
    int state;
    String stateName;
    FlowContext flow;
    ModbusTransaction tx;
    long timestampNanos;
    /** Detector channel id (learned or not), -1 for none. */
    int channel;
    /** For a new channel: the id of its client and server, whatever the unit. */
    int pair;
    int function;
    long kind;
    long previousKind;
    KindCheck learnedKind;
    ChannelCheck learnedChannel;
    Envelope envelope;
    int point;
    int value;
    int previousValue;
    long nanos;
    int spanLo;
    int spanHi;
    boolean write;
    private final BaselineDetector detector;

    Deviation(BaselineDetector detector) {
        this.detector = detector;
    }

    public Check check() {
        return check;
    }

    /** The state's id in the names the detector was given. */
    public int stateId() {
        return state;
    }

    public String state() {
        return stateName;
    }

    public FlowContext flow() {
        return flow;
    }

    public ModbusTransaction transaction() {
        return tx;
    }

    /** When the deviating message was seen (request or response, whichever the check is about). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** True when the deviating message writes (commands): the attack techniques differ. */
    public boolean write() {
        return write;
    }

    /**
     * What one alert stands for, first half: the check, the state and the channel (for a new
     * channel, its client and server), or the point.
     * Repeats of one deviation share both halves of the key and are counted, not alerted.
     */
    public long key1() {
        long subject = switch (check) {
            case VALUE_RANGE, VALUE_RATE, VALUE_SET, COMMAND_VALUE, COMMAND_MOVE -> point;
            // a scan of unit ids is one new client of one server, not one alert per unit
            case NEW_CHANNEL -> pair;
            default -> channel;
        };
        return (long) check.ordinal() << 56 | (long) (state & 0xFFFF) << 40 | (subject & 0xFF_FFFF_FFFFL);
    }

    /**
     * Second half: the function (allowlist checks, and a new channel: a client that only read and
     * now writes, probes diagnostics or identifies the device has escalated, and that is an alert
     * of its own, as a new function on a known channel is) or the kind of request (timing, order).
     */
    public long key2() {
        return switch (check) {
            case NEW_CHANNEL, NEW_FUNCTION, NEW_DATA_AREA, NEW_ADDRESS -> function;
            case PERIOD_EARLY, PERIOD_LATE, RESPONSE_TIME, CYCLE_POSITION, ORDER -> kind;
            default -> 0;
        };
    }

    /** The channel or point and the request kind concerned, e.g. {@code 10.0.0.1 > 10.0.0.2:502 unit 1, FC3 100x10}. */
    public String subject() {
        return DeviationText.subject(this, detector);
    }

    /** What the baseline expected, in words and numbers. */
    public String expected() {
        return DeviationText.expected(this, detector);
    }

    /** What was seen instead. */
    public String seen() {
        return DeviationText.seen(this, detector);
    }
}
