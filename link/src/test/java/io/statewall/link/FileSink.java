package io.statewall.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A durable {@link LinkSink} for tests that kill the ASMA: one file per NMA, one line per record
 * ({@code seq kind time json}), each batch appended and forced to disk before {@code store}
 * returns. At start the highest stored seq is read back; a line torn by the kill is cut off.
 */
final class FileSink implements LinkSink {
    private final Path dir;
    private final Map<String, FileChannel> files = new HashMap<>();
    private final Map<String, Long> highest = new HashMap<>();

    FileSink(Path dir) {
        this.dir = dir;
    }

    static Path file(Path dir, String nmaId) {
        return dir.resolve(nmaId + ".records");
    }

    @Override
    public synchronized long connected(String nmaId, String remoteAddress) throws IOException {
        if (!files.containsKey(nmaId)) {
            Path f = file(dir, nmaId);
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] all = Files.readAllBytes(f);
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') {
                end--; // a torn last line
            }
            ch.truncate(end);
            ch.position(end);
            long last = 0;
            if (end > 0) {
                int start = end - 1;
                while (start > 0 && all[start - 1] != '\n') {
                    start--;
                }
                String line = new String(all, start, end - 1 - start, StandardCharsets.UTF_8);
                last = Long.parseLong(line.substring(0, line.indexOf(' ')));
            }
            files.put(nmaId, ch);
            highest.put(nmaId, last);
        }
        return highest.get(nmaId);
    }

    @Override
    public synchronized void store(String nmaId, List<LinkRecord> batch) throws IOException {
        long last = highest.get(nmaId);
        StringBuilder s = new StringBuilder();
        for (LinkRecord r : batch) {
            if (r.seq() > last) {
                s.append(r.seq()).append(' ').append(r.kind()).append(' ').append(r.timeNanos()).append(' ')
                        .append(r.json()).append('\n');
                last = r.seq();
            }
        }
        FileChannel ch = files.get(nmaId);
        ByteBuffer b = ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(false);
        highest.put(nmaId, last);
    }

    @Override
    public void disconnected(String nmaId) {
        // the file stays open: records are appended where they left off
    }
}
