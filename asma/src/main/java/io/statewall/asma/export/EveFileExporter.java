package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends events as EVE JSON lines to a file, each with its NMA in Suricata's {@code host}
 * field, so a SIEM's file reader takes the whole plant's events from one place. The file is
 * opened again when it was moved away (log rotation by renaming).
 */
public final class EveFileExporter extends Exporter {
    private final Path file;
    private BufferedWriter out;
    private Object fileKey;

    public EveFileExporter(String name, ExportFilter filter, Path file, int capacity) {
        super(name, filter, capacity, 1024, 500, 30_000, 20);
        this.file = file;
    }

    @Override
    protected void send(List<CommittedEvent> batch) throws IOException {
        try {
            reopenIfRotated();
            for (CommittedEvent e : batch) {
                out.write(withHost(e));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            close(out);
            out = null;
            throw e;
        }
    }

    private void reopenIfRotated() throws IOException {
        Object key = Files.exists(file) ? Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
        if (out != null && key != null && key.equals(fileKey)) {
            return;
        }
        close(out);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    private static void close(BufferedWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // reopening anyway
            }
        }
    }

    @Override
    protected void release() {
        close(out);
    }
}
