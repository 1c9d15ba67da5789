package io.statewall.asma.export;

import io.statewall.asma.store.CommittedEvent;
import java.util.List;

/** Every configured export, fed from the store's commits. */
public final class Exports implements AutoCloseable {
    private final List<Exporter> exporters;

    public Exports(List<Exporter> exporters) {
        this.exporters = List.copyOf(exporters);
    }

    public List<Exporter> exporters() {
        return exporters;
    }

    public void start() {
        exporters.forEach(Exporter::start);
    }

    /** The store's listener: offers each committed event to every export (never blocks). */
    public void accept(List<CommittedEvent> events) {
        for (Exporter x : exporters) {
            for (CommittedEvent e : events) {
                x.offer(e);
            }
        }
    }

    @Override
    public void close() {
        exporters.forEach(Exporter::close);
    }
}
