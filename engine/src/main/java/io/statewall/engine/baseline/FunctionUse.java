package io.statewall.engine.baseline;

/**
 * One function code on one channel in one state: how often it was used and the addresses its
 * requests read and wrote (MB-AP §4.3 tables; FC 23 does both, FC 24's FIFO pointer counts as
 * read). Functions that address nothing keep empty sets.
 */
final class FunctionUse {
    final int function;
    long seen;
    final RangeSet reads = new RangeSet();
    final RangeSet writes = new RangeSet();

    FunctionUse(int function) {
        this.function = function;
    }
}
