package io.statewall.link.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory queue and the on-disk spool: order, bounds, acknowledgements, restarts, damage. */
class SpoolTest {
    private static final int MAX_RECORD = 4096;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private record Rec(long seq, int kind, long time, String json) {}

    private static String json(long i) {
        return String.format("{\"event_type\":\"alert\",\"i\":%08d}", i);
    }

    /** Offers {@code n} records to {@code q} and moves them into {@code s}, as the spool thread does. */
    private static void produce(MemoryQueue q, Spool s, int n, long firstTime) {
        byte[] staging = new byte[64 * 1024];
        for (int i = 0; i < n; i++) {
            long seq = q.lastSeq() + 1;
            q.offer(1 + (i % 3), firstTime + i, json(seq));
            if (i % 100 == 99) {
                drain(q, s, staging);
            }
        }
        drain(q, s, staging);
    }

    private static void drain(MemoryQueue q, Spool s, byte[] staging) {
        int m;
        while ((m = q.drain(staging)) > 0) {
            s.append(staging, m);
        }
    }

    private static List<Rec> readAll(Spool s, long after) throws Exception {
        List<Rec> out = new ArrayList<>();
        try (Spool.Reader r = s.reader(after, MAX_RECORD + Spool.OVERHEAD + 64 * 1024)) {
            while (r.next((seq, kind, time, b, off, len) -> out.add(new Rec(seq, kind, time,
                    new String(b, off, len, StandardCharsets.UTF_8))), 1000, 1 << 20, 0) > 0) {
                // until nothing more is there
            }
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void recordsComeBackInOrderAcknowledgedSegmentsGoAndNumberingSurvivesARestart() throws Exception {
        Spool s = Spool.open(dir.resolve("spool"), 1 << 20, MAX_RECORD, log::add);
        MemoryQueue q = new MemoryQueue(1 << 20, MAX_RECORD, s.lastSeq());
        produce(q, s, 5000, 1_000);
        List<Rec> all = readAll(s, 0);
        assertThat(all).hasSize(5000);
        for (int i = 0; i < all.size(); i++) {
            Rec r = all.get(i);
            assertThat(r.seq()).isEqualTo(i + 1);
            assertThat(r.kind()).isEqualTo(1 + (i % 3));
            assertThat(r.time()).isEqualTo(1_000 + i);
            assertThat(r.json()).isEqualTo(json(i + 1));
        }
        assertThat(readAll(s, 4990)).extracting(Rec::seq).containsExactly(4991L, 4992L, 4993L, 4994L, 4995L, 4996L,
                4997L, 4998L, 4999L, 5000L);
        int before = segments().size();
        assertThat(before).isGreaterThan(4);
        long bytes = s.totalBytes();
        s.acknowledge(4000);
        assertThat(segments().size()).isLessThan(before);
        assertThat(s.totalBytes()).isLessThan(bytes);
        assertThat(readAll(s, 4000)).hasSize(1000);
        s.acknowledge(5000);
        assertThat(segments()).hasSize(1); // the newest stays: it says where numbering goes on
        s.close();

        Spool again = Spool.open(dir.resolve("spool"), 1 << 20, MAX_RECORD, log::add);
        assertThat(again.lastSeq()).isEqualTo(5000);
        MemoryQueue q2 = new MemoryQueue(1 << 20, MAX_RECORD, again.lastSeq());
        produce(q2, again, 10, 9_000);
        assertThat(readAll(again, 5000)).extracting(Rec::seq).containsExactly(5001L, 5002L, 5003L, 5004L, 5005L, 5006L,
                5007L, 5008L, 5009L, 5010L);
        again.close();
        assertThat(log).isEmpty();
    }

    @Test
    void aFullSpoolDropsTheNewestRecordsAndKeepsTheOldest() throws Exception {
        long max = 16 * 1024;
        Spool s = Spool.open(dir.resolve("spool"), max, MAX_RECORD, log::add);
        MemoryQueue q = new MemoryQueue(1 << 20, MAX_RECORD, 0);
        produce(q, s, 1000, 0);
        List<Rec> kept = readAll(s, 0);
        assertThat(s.totalBytes()).isLessThanOrEqualTo(max);
        assertThat(kept).isNotEmpty();
        assertThat(kept.size() + s.dropped()).isEqualTo(1000);
        // The oldest stay: what is kept is exactly seq 1..k.
        assertThat(kept.getLast().seq()).isEqualTo(kept.size());
        // Once acknowledged, there is room again.
        s.acknowledge(kept.getLast().seq());
        produce(q, s, 10, 0);
        assertThat(readAll(s, kept.getLast().seq())).extracting(Rec::seq).first().isEqualTo(1001L);
        s.close();
    }

    @Test
    void aTornTailIsCutOffAtStartAndNumberingGoesOnFromTheLastWholeRecord() throws Exception {
        Spool s = Spool.open(dir.resolve("spool"), 1 << 20, MAX_RECORD, log::add);
        produce(new MemoryQueue(1 << 20, MAX_RECORD, 0), s, 100, 0);
        s.close();
        Path last = segments().getLast();
        long whole = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 60, 0, 0, 0})); // a record cut short by a crash
        }
        Spool again = Spool.open(dir.resolve("spool"), 1 << 20, MAX_RECORD, log::add);
        assertThat(again.lastSeq()).isEqualTo(100);
        assertThat(Files.size(last)).isEqualTo(whole);
        assertThat(log).singleElement().asString().contains("damaged at byte " + whole).contains("7 bytes cut off");
        assertThat(readAll(again, 0)).hasSize(100);
        again.close();
    }

    @Test
    void aCorruptRecordInAnOldSegmentCostsTheRestOfThatSegmentOnly() throws Exception {
        Spool s = Spool.open(dir.resolve("spool"), 64 * 1024, MAX_RECORD, log::add);
        produce(new MemoryQueue(1 << 20, MAX_RECORD, 0), s, 1000, 0);
        s.close();
        List<Path> segs = segments();
        assertThat(segs.size()).isGreaterThan(3);
        Path victim = segs.get(1);
        long firstOfVictim = Long.parseLong(victim.getFileName().toString().substring(0, 20));
        long firstOfNext = Long.parseLong(segs.get(2).getFileName().toString().substring(0, 20));
        try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'X'}), 200); // inside the fifth record or so
        }
        Spool again = Spool.open(dir.resolve("spool"), 64 * 1024, MAX_RECORD, log::add);
        List<Long> seqs = readAll(again, 0).stream().map(Rec::seq).toList();
        assertThat(seqs).contains(firstOfVictim, firstOfNext, 1000L).doesNotContain(firstOfNext - 1);
        assertThat(seqs).isSorted();
        assertThat(log).singleElement().asString().contains(victim.getFileName().toString());
        again.close();
    }

    @Test
    void theMemoryQueueDropsTheNewestWhenFullAndRefusesWhatIsNotOneJsonLine() {
        MemoryQueue q = new MemoryQueue(1024, 256, 0);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            q.offer(1, 0, json(i));
        }
        long[] c = q.counts();
        assertThat(c[0]).isEqualTo(100);
        assertThat(c[1]).isGreaterThan(0);
        byte[] out = new byte[4096];
        int n = q.drain(out);
        for (int p = 0; p < n; p += MemoryQueue.ENTRY_HEADER + ((out[p] & 0xFF) << 24 | (out[p + 1] & 0xFF) << 16
                | (out[p + 2] & 0xFF) << 8 | (out[p + 3] & 0xFF))) {
            accepted++;
            long seq = java.nio.ByteBuffer.wrap(out, p + 4, 8).getLong();
            assertThat(seq).isEqualTo(accepted); // the oldest were kept, in order
        }
        assertThat(accepted + c[1]).isEqualTo(100);

        MemoryQueue v = new MemoryQueue(1 << 16, 256, 0);
        String[] bad = {"", "{", "[1,2]", "{\"a\":1}\n", "{\"a\":\r1}", "x".repeat(300)};
        for (String b : bad) {
            v.offer(1, 0, b);
        }
        byte[][] badBytes = {{'{', (byte) 0xC0, (byte) 0x80, '}'}, {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'},
                {'{', (byte) 0xE2, (byte) 0x82, '}'}, {'{', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '}'}};
        for (byte[] b : badBytes) {
            v.offer(1, 0, b, 0, b.length);
        }
        byte[] good = "{\"\u00e9\u20ac\ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);
        v.offer(1, 0, good, 0, good.length);
        long[] vc = v.counts();
        assertThat(vc[2]).as("invalid").isEqualTo(bad.length + badBytes.length);
        assertThat(vc[1]).as("dropped").isEqualTo(bad.length + badBytes.length);
        assertThat(v.lastSeq()).isEqualTo(bad.length + badBytes.length + 1L); // dropped records keep their seq: a gap
    }
}
