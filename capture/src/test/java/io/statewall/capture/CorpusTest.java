package io.statewall.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture of the shared third-party corpus opens and reads to its end, and agrees with
 * tshark's oracle on the frames tshark lists: the frame exists (our count reaches tshark's
 * highest frame number), its time, and its addresses and ports where we decoded a transport
 * header. Skipped where the corpus is absent.
 */
class CorpusTest {

    /** Columns of oracle-tshark/*.tsv that this test reads. */
    private static final int FRAME_NUMBER = 0;
    private static final int TIME_EPOCH = 1;
    private static final int IP_SRC = 2;
    private static final int IPV6_SRC = 3;
    private static final int TCP_SRCPORT = 4;
    private static final int UDP_SRCPORT = 5;
    private static final int IP_DST = 6;
    private static final int IPV6_DST = 7;
    private static final int TCP_DSTPORT = 8;
    private static final int UDP_DSTPORT = 9;

    @TestFactory
    Stream<DynamicTest> everyCorpusCapture() throws IOException {
        String shared = System.getProperty("statewall.shared", "../shared");
        Path corpus = Path.of(shared, "corpus");
        Path index = corpus.resolve("INDEX.tsv");
        if (!Files.isRegularFile(index)) {
            // One visible skipped test, rather than an aborted container surefire would not count.
            return Stream.of(DynamicTest.dynamicTest("corpus", () ->
                    Assumptions.assumeTrue(false, "shared corpus " + corpus + " absent: skipped")));
        }
        List<String> paths = Files.readAllLines(index).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1)[0]).toList();
        assertThat(paths).isNotEmpty();
        return paths.stream().map(path -> DynamicTest.dynamicTest(path, () -> check(corpus, path)));
    }

    private static void check(Path corpus, String path) throws Exception {
        Path oracleFile = corpus.resolve("oracle-tshark").resolve(path + ".tsv");
        Map<Long, String[]> oracle = new HashMap<>();
        long maxFrame = 0;
        if (Files.isRegularFile(oracleFile)) {
            List<String> lines = Files.readAllLines(oracleFile);
            for (String line : lines.subList(1, lines.size())) {
                String[] row = line.split("\t", -1);
                long frame = Long.parseLong(row[FRAME_NUMBER]);
                oracle.put(frame, row);
                maxFrame = Math.max(maxFrame, frame);
            }
        }
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        int compared = 0;
        try (CaptureReader reader = CaptureFiles.open(corpus.resolve(path))) {
            while (reader.next(p)) {
                decoder.decode(p);
                String[] row = oracle.get(p.frameNumber());
                if (row != null) {
                    compare(p, row);
                    compared++;
                }
            }
            assertThat(reader.truncated()).as("truncated").isFalse();
            assertThat(reader.packetsRead()).as("packets vs tshark's highest ICS frame").isGreaterThanOrEqualTo(maxFrame);
        }
        assertThat(compared).isEqualTo(oracle.size());
    }

    private static void compare(Packet p, String[] row) throws Exception {
        String frame = "frame " + p.frameNumber();
        long tsharkNanos = new BigDecimal(row[TIME_EPOCH]).movePointRight(9).longValueExact();
        assertThat(p.timestampNanos()).as(frame + " time").isEqualTo(tsharkNanos);
        if (p.issue() != DecodeIssue.NONE) {
            return;   // a fragment tshark reassembled, a tunnel, an ICMP quote: not ours to compare
        }
        String src = p.ipVersion() == 4 ? row[IP_SRC] : row[IPV6_SRC];
        String dst = p.ipVersion() == 4 ? row[IP_DST] : row[IPV6_DST];
        String srcPort = p.protocol() == Packet.PROTO_TCP ? row[TCP_SRCPORT] : row[UDP_SRCPORT];
        String dstPort = p.protocol() == Packet.PROTO_TCP ? row[TCP_DSTPORT] : row[UDP_DSTPORT];
        // tshark lists every header of a kind in the frame, outermost first: ours is the outermost.
        assertThat(InetAddress.ofLiteral(first(src))).as(frame + " source")
                .isEqualTo(PacketDecoderTest.address(p.ipVersion(), p.srcAddrHi(), p.srcAddrLo()));
        assertThat(InetAddress.ofLiteral(first(dst))).as(frame + " destination")
                .isEqualTo(PacketDecoderTest.address(p.ipVersion(), p.dstAddrHi(), p.dstAddrLo()));
        assertThat(Integer.parseInt(first(srcPort))).as(frame + " source port").isEqualTo(p.srcPort());
        assertThat(Integer.parseInt(first(dstPort))).as(frame + " destination port").isEqualTo(p.dstPort());
    }

    private static String first(String field) {
        int comma = field.indexOf(',');
        return comma < 0 ? field : field.substring(0, comma);
    }
}
