package io.statewall.benchmarks.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.CaptureFiles;
import io.statewall.capture.CaptureReader;
import io.statewall.capture.Packet;
import io.statewall.capture.PacketDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two minutes of the unit in plant time, through the NMA: the recording spans two minutes of
 * timestamps however fast it was made, and holds the HMI's scans at their plant-time cycles
 * (boiler four reads every 500 ms, turbine four every 200 ms, safety one every 250 ms).
 */
class PlantDayTest {
    private static final double PLANT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void theRecordingIsInPlantTimeWithTheHmisScanCycles() throws Exception {
        Path pcap = dir.resolve("day.pcap");
        PlantDay.Result r = PlantDay.record(pcap, 11, PLANT_SECONDS, null);

        assertThat(r.pollFailures()).isZero();
        assertThat(r.blocked()).isZero();
        assertThat(r.commandsFailed()).as("%s", r.failedCommands()).isZero();
        assertThat(Files.readString(r.policy())).contains("Unit 3 thermal power unit");

        Map<String, Integer> hmiRequests = new HashMap<>();
        Map<Integer, Long> pendingSince = new HashMap<>();
        long slowestAnswer = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (CaptureReader reader = CaptureFiles.open(pcap)) {
            Packet p = new Packet();
            PacketDecoder decoder = new PacketDecoder();
            while (reader.next(p)) {
                first = Math.min(first, p.timestampNanos());
                last = Math.max(last, p.timestampNanos());
                decoder.decode(p);
                if (p.dstPort() == 502 && p.payloadLength() > 0 && ip(p.srcAddrLo()).equals("127.30.1.10")) {
                    hmiRequests.merge(ip(p.dstAddrLo()), 1, Integer::sum);
                }
                if (p.dstPort() == 502 && p.payloadLength() > 0) {
                    pendingSince.put(p.srcPort(), p.timestampNanos());
                } else if (p.srcPort() == 502 && p.payloadLength() > 0 && pendingSince.containsKey(p.dstPort())) {
                    slowestAnswer = Math.max(slowestAnswer, p.timestampNanos() - pendingSince.remove(p.dstPort()));
                }
            }
        }
        assertThat((last - first) / 1e9).as("seconds of timestamps").isBetween(PLANT_SECONDS - 1, PLANT_SECONDS + 1);
        assertThat(slowestAnswer).as("every answer is stamped within its request's moment, never at a later one")
                .isLessThanOrEqualTo(PlantTimeClock.MAX_MOMENT_NANOS);
        // Scans at 0, cycle, 2 cycles ... up to and including the last tick.
        assertThat(hmiRequests).containsEntry("127.30.2.20", 4 * (240 + 1))
                .containsEntry("127.30.2.30", 4 * (600 + 1))
                .containsEntry("127.30.2.40", 480 + 1);
    }

    /** The IPv4 address in the low word the decoder fills. */
    private static String ip(long lo) {
        int a = (int) lo;
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
