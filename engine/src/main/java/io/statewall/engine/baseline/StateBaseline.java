package io.statewall.engine.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything learned in one operating state: the channels seen (by {@link Directory} id) and
 * the points whose values or commands were seen, and what a deviation in this state does.
 */
final class StateBaseline {
    final String name;
    /** True when a deviation in this state blocks the message inline ({@code action: block}). */
    boolean block;
    private ChannelBaseline[] channels = new ChannelBaseline[16];
    private PointBaseline[] points = new PointBaseline[64];

    StateBaseline(String name) {
        this.name = name;
    }

    /** The channel's baseline, or null. */
    ChannelBaseline channel(int id) {
        return id >= 0 && id < channels.length ? channels[id] : null;
    }

    ChannelBaseline internChannel(int id) {
        if (id >= channels.length) {
            channels = Arrays.copyOf(channels, Math.max(id + 1, channels.length * 2));
        }
        ChannelBaseline c = channels[id];
        if (c == null) {
            c = new ChannelBaseline(id);
            channels[id] = c;
        }
        return c;
    }

    PointBaseline point(int id) {
        return id >= 0 && id < points.length ? points[id] : null;
    }

    PointBaseline internPoint(int id) {
        if (id >= points.length) {
            points = Arrays.copyOf(points, Math.max(id + 1, points.length * 2));
        }
        PointBaseline p = points[id];
        if (p == null) {
            p = new PointBaseline(id);
            points[id] = p;
        }
        return p;
    }

    /** The channels learned, in id order. */
    List<ChannelBaseline> channels() {
        List<ChannelBaseline> out = new ArrayList<>();
        for (ChannelBaseline c : channels) {
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The points learned, in id order. */
    List<PointBaseline> points() {
        List<PointBaseline> out = new ArrayList<>();
        for (PointBaseline p : points) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
