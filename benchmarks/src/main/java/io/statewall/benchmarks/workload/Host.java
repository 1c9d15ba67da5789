package io.statewall.benchmarks.workload;

/**
 * One station on the control network as it appears on the wire.
 *
 * @param ipv4 address, big-endian in an int (10.10.2.101 is {@code 0x0A0A0265})
 * @param mac  48-bit MAC address in the low bits
 * @param ttl  initial IPv4 TTL of the station's stack (64 for Linux, 128 for Windows, 255 or 60
 *             for several embedded stacks), so that passive fingerprinting sees a mixed plant
 */
record Host(int ipv4, long mac, int ttl) {
    static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
