package io.statewall.benchmarks.baseline;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureFormatException;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.Packet;
import io.statewall.capture.PacketDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each attack's first deviating message, as the recording has it (the clock its alerts are
 * stamped with): an attacker's first request on one of its connections, or, for a compromised
 * controller, its first answer after the spoof began (the first that carries the lie). Time to
 * detect counts from there.
 */
final class FirstMessages {
    private FirstMessages() {
    }

    /** Attack id to the epoch microseconds of its first deviating message; attacks not found are absent. */
    static Map<String, Long> find(Path capture, List<Attack> attacks) throws IOException {
        Map<String, Long> first = new HashMap<>();
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            Packet p = new Packet();
            PacketDecoder decoder = new PacketDecoder();
            while (reader.next(p)) {
                decoder.decode(p);
                if (p.protocol() != Packet.PROTO_TCP || p.payloadLength() == 0 || p.ipVersion() != 4) {
                    continue;
                }
                long at = p.timestampNanos() / 1_000;
                String source = ipv4(p.srcAddrLo()) + ":" + p.srcPort();
                for (Attack a : attacks) {
                    if (!a.ran() || first.containsKey(a.id())) {
                        continue;
                    }
                    if (a.reporting() ? answersFrom(a.targetAddresses(), p) && at >= a.startMicros()
                            : a.connections().contains(source)) {
                        first.put(a.id(), at);
                    }
                }
            }
        } catch (CaptureFormatException e) {
            throw new IOException(capture + ": " + e.getMessage(), e);
        }
        return first;
    }

    private static boolean answersFrom(Set<String> controllers, Packet p) {
        return p.srcPort() == 502 && controllers.contains(ipv4(p.srcAddrLo()));
    }

    /** The dotted form of an IPv4 address kept in the low 32 bits. */
    static String ipv4(long lo) {
        int a = (int) lo;
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
