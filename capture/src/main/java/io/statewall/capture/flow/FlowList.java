package io.statewall.capture.flow;

/**
 * An intrusive doubly linked list of flows in the order they were last touched: the head is
 * the least recently seen. Idle expiry and eviction only ever look at heads, so both are O(1)
 * per flow they end, with no scan of the table.
 */
final class FlowList {
    Flow head, tail;

    void append(Flow f) {
        f.lruList = this;
        f.lruPrev = tail;
        f.lruNext = null;
        if (tail == null) {
            head = f;
        } else {
            tail.lruNext = f;
        }
        tail = f;
    }

    void remove(Flow f) {
        Flow prev = f.lruPrev;
        Flow next = f.lruNext;
        if (prev == null) {
            head = next;
        } else {
            prev.lruNext = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.lruPrev = prev;
        }
        f.lruPrev = f.lruNext = null;
        f.lruList = null;
    }

    /** Marks {@code f} as the most recently seen; nothing to do when it already is. */
    void touch(Flow f) {
        if (f.lruNext != null) {
            remove(f);
            append(f);
        }
    }
}
