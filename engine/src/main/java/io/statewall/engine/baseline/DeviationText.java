package io.statewall.engine.baseline;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.modbus.FunctionCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The words of a deviation's alert: what it concerns, what the baseline expected, what was
 * seen. Numbers as the baseline file writes them, so an engineer can find the line to edit.
 * Built once per distinct deviation (allocates).
 */
final class DeviationText {
    /** Items listed in an "expected" text before the rest is counted. */
    private static final int MAX_LISTED = 8;

    private DeviationText() {
    }

    static String subject(Deviation d, BaselineDetector det) {
        return switch (d.check) {
            case VALUE_RANGE, VALUE_RATE, VALUE_SET, COMMAND_VALUE, COMMAND_MOVE -> det.directory().pointText(d.point);
            case PERIOD_EARLY, PERIOD_LATE, RESPONSE_TIME, CYCLE_POSITION, ORDER, UNKNOWN_REQUEST ->
                    det.channelKey(d.channel) + ", " + RequestKind.format(d.kind);
            default -> det.channelKey(d.channel).toString();
        };
    }

    static String expected(Deviation d, BaselineDetector det) {
        ChannelCheck cc = d.learnedChannel;
        return switch (d.check) {
            case NEW_CHANNEL -> {
                ChannelKey key = det.channelKey(d.channel);
                List<ChannelKey> learned = det.learnedClientsOf(d.state, key);
                List<String> clients = new ArrayList<>();
                for (ChannelKey k : learned) {
                    clients.add(k.clientText());
                }
                yield clients.isEmpty() ? "no client of " + key.server() + " in state " + d.stateName
                        : "clients of " + key.server() + " in state " + d.stateName + ": " + list(clients);
            }
            case NEW_FUNCTION -> {
                List<String> functions = new ArrayList<>();
                for (FunctionUse f : cc.learned.functions()) {
                    functions.add(f.function + " (" + FunctionCode.of(f.function).suricataName() + ")");
                }
                yield "functions " + list(functions);
            }
            case NEW_DATA_AREA -> {
                List<String> areas = new ArrayList<>();
                for (DataArea a : DataArea.values()) {
                    if (a != DataArea.NONE && cc.usesArea(a)) {
                        areas.add(Directory.areaName(a));
                    }
                }
                yield "data areas " + (areas.isEmpty() ? "none" : list(areas));
            }
            case NEW_ADDRESS -> {
                FunctionUse f = cc.learned.function(d.function);
                RangeSet r = f == null ? null : d.write ? f.writes : f.reads;
                yield "FC " + d.function + (d.write ? " writes " : " reads ") + (r == null || r.isEmpty() ? "nothing" : r.toString());
            }
            case VALUE_RANGE -> {
                Envelope e = d.envelope;
                ValueStats r = e.learned.read;
                yield range(e.readLo, e.readHi, e.readSigned) + " (learned " + (e.readSigned ? r.smin + ".." + r.smax + " as int16"
                        : r.umin + ".." + r.umax) + " in " + r.seen + " reads)";
            }
            case VALUE_SET -> "one of " + ints(d.envelope.readSet) + " (learned in " + d.envelope.learned.read.seen + " reads)";
            case VALUE_RATE -> {
                Envelope e = d.envelope;
                ValueStats r = e.learned.read;
                yield "steps up to " + decimal(e.stepLimit) + " or changes up to " + decimal(e.rateLimit) + " per second (learned"
                        + " max_step " + r.maxStep + ", max_rate " + ValueStats.formatRate(r.maxRate) + ")";
            }
            case PERIOD_EARLY, PERIOD_LATE -> {
                KindCheck k = d.learnedKind;
                StringJoiner bands = new StringJoiner(" or ");
                for (int i = 0; i < k.acceptedGaps.length; i += 2) {
                    bands.add(ms(k.acceptedGaps[i]) + "-" + ms(k.acceptedGaps[i + 1]) + " ms");
                }
                yield "a gap of " + bands + " (" + Timing.describe(k.learned, det.baseline().tolerances()) + ")";
            }
            case RESPONSE_TIME -> "an answer within " + ms(d.learnedKind.responseLimit) + " ms (slowest learned "
                    + BaselineWriter.millis(d.learnedKind.learned.responseMax) + " ms)";
            case CYCLE_POSITION, ORDER -> {
                List<String> after = new ArrayList<>();
                for (long p : d.learnedKind.predecessors) {
                    after.add(RequestKind.format(p));
                }
                yield "after " + String.join(" or ", after);
            }
            case UNKNOWN_REQUEST -> {
                List<String> kinds = new ArrayList<>();
                for (KindStats k : cc.learned.kinds()) {
                    kinds.add(RequestKind.format(k.kind));
                }
                yield "one of the channel's learned requests: " + list(kinds);
            }
            case COMMAND_VALUE -> {
                Envelope e = d.envelope;
                yield (e.writeMode == Envelope.SET ? "one of " + ints(e.writeSet) : range(e.writeLo, e.writeHi, e.writeSigned))
                        + " (learned from " + e.learned.written.seen + " commands)";
            }
            case COMMAND_MOVE -> "a move of at most " + decimal(d.envelope.moveLimit) + " from the point's value (learned max_move "
                    + d.envelope.learned.written.maxMove + ")";
        };
    }

    static String seen(Deviation d, BaselineDetector det) {
        return switch (d.check) {
            case NEW_CHANNEL -> "client " + det.channelKey(d.channel).clientText() + " using function " + d.function + " ("
                    + FunctionCode.of(d.function).suricataName() + ")";
            case NEW_FUNCTION -> "function " + d.function + " (" + FunctionCode.of(d.function).suricataName() + ")";
            case NEW_DATA_AREA -> Directory.areaName(d.tx.dataArea()) + " (function " + d.function + ")";
            case NEW_ADDRESS -> "FC " + d.function + (d.write ? " writes " : " reads ")
                    + (d.spanLo == d.spanHi ? Integer.toString(d.spanLo) : d.spanLo + "-" + d.spanHi);
            case VALUE_RANGE, VALUE_SET, COMMAND_VALUE -> value(d.value, d.envelope, d.check == Check.COMMAND_VALUE);
            case VALUE_RATE -> "a step of " + ValueStats.distance(d.value, d.previousValue) + " (" + d.previousValue + " -> "
                    + d.value + ") in " + ms(d.nanos) + " ms: "
                    + decimal(ValueStats.rate(ValueStats.distance(d.value, d.previousValue), d.nanos)) + " per second";
            case PERIOD_EARLY, PERIOD_LATE -> "a gap of " + ms(d.nanos) + " ms";
            case RESPONSE_TIME -> "an answer after " + ms(d.nanos) + " ms";
            case CYCLE_POSITION, ORDER -> d.previousKind < 0 ? "after a request out of place"
                    : "after " + RequestKind.format(d.previousKind);
            case UNKNOWN_REQUEST -> RequestKind.format(d.kind);
            case COMMAND_MOVE -> d.value + " while the point was " + d.previousValue + " (a move of "
                    + ValueStats.distance(d.value, d.previousValue) + ")";
        };
    }

    private static String value(int raw, Envelope e, boolean command) {
        boolean signed = command ? e.writeSigned : e.readSigned;
        return signed && (short) raw != raw ? raw + " (int16 " + (short) raw + ")" : Integer.toString(raw);
    }

    private static String range(int lo, int hi, boolean signed) {
        return lo + ".." + hi + (signed ? " as int16" : "");
    }

    private static String ints(int[] values) {
        StringJoiner j = new StringJoiner(", ");
        for (int v : values) {
            j.add(Integer.toString(v));
        }
        return j.toString();
    }

    private static String list(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + " and " + (items.size() - MAX_LISTED) + " more";
    }

    /** Nanoseconds as milliseconds with three decimals. */
    static String ms(long nanos) {
        return BaselineWriter.millis(nanos / 1_000);
    }

    private static String decimal(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
