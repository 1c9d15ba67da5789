package io.statewall.engine.baseline;

import io.statewall.engine.image.LongIntMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What one channel did in one state: its transactions, per function the addresses it used
 * (the allowlist), and per kind of request its timing and place in the scan cycle.
 */
final class ChannelBaseline {
    final int channel;
    long transactions;
    private final FunctionUse[] functions = new FunctionUse[256];
    private final LongIntMap kindIndex = new LongIntMap(16);
    private final List<KindStats> kinds = new ArrayList<>();

    // The learner's scratch, never written: the kind of the channel's last request, and its epoch.
    long previousKind;
    int previousEpoch;

    ChannelBaseline(int channel) {
        this.channel = channel;
    }

    /** The function's use, or null. */
    FunctionUse function(int code) {
        return functions[code & 0xFF];
    }

    FunctionUse internFunction(int code) {
        FunctionUse f = functions[code & 0xFF];
        if (f == null) {
            f = new FunctionUse(code & 0xFF);
            functions[code & 0xFF] = f;
        }
        return f;
    }

    /** The kind's statistics, or null. */
    KindStats kind(long kind) {
        int i = kindIndex.get(kind);
        return i < 0 ? null : kinds.get(i);
    }

    KindStats internKind(long kind) {
        int i = kindIndex.get(kind);
        if (i >= 0) {
            return kinds.get(i);
        }
        KindStats k = new KindStats(kind);
        kindIndex.put(kind, kinds.size());
        kinds.add(k);
        return k;
    }

    /** Every function used, by code. */
    List<FunctionUse> functions() {
        List<FunctionUse> out = new ArrayList<>();
        for (FunctionUse f : functions) {
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every kind of request, ordered as {@link RequestKind#ORDER} sorts them. */
    List<KindStats> kinds() {
        List<KindStats> out = new ArrayList<>(kinds);
        out.sort((a, b) -> RequestKind.ORDER.compare(a.kind, b.kind));
        return out;
    }
}
