package io.statewall.link.client;

/** Takes records read from the spool (the bytes are only valid during the call). */
interface RecordSink {
    void add(long seq, int kind, long timeNanos, byte[] json, int off, int len);
}
