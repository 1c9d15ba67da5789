package io.statewall.asma.ingest;

import io.statewall.asma.plant.PlantSupervisor;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's link sink, followed by the plant supervisor: once a batch is committed, its
 * heartbeats and process summaries go to the supervisor (events reach it through the store's
 * listener, with their ids); an NMA that connects is told the plant state, one that disconnects
 * is no longer watched for disagreement.
 */
public final class PlantLinkSink implements LinkSink {
    private final LinkSink store;
    private final java.util.function.Supplier<PlantSupervisor> plant;

    /** @param plant the supervisor (null while the ASMA is starting: nothing is followed yet) */
    public PlantLinkSink(LinkSink store, java.util.function.Supplier<PlantSupervisor> plant) {
        this.store = store;
        this.plant = plant;
    }

    @Override
    public long connected(String nmaId, String remoteAddress) throws Exception {
        long seq = store.connected(nmaId, remoteAddress);
        PlantSupervisor p = plant.get();
        if (p != null) {
            p.connected(nmaId);
        }
        return seq;
    }

    @Override
    public void store(String nmaId, List<LinkRecord> batch) throws Exception {
        store.store(nmaId, batch);
        List<io.statewall.asma.store.IngestRecord> status = new ArrayList<>();
        for (LinkRecord r : batch) {
            switch (r.kind()) {
                case HEARTBEAT -> status.add(new io.statewall.asma.store.IngestRecord(r.seq(),
                        io.statewall.asma.store.IngestRecord.Kind.HEARTBEAT, r.timeNanos(), r.json()));
                case PROCESS -> status.add(new io.statewall.asma.store.IngestRecord(r.seq(),
                        io.statewall.asma.store.IngestRecord.Kind.PROCESS, r.timeNanos(), r.json()));
                case EVENT -> {
                    // through the store's listener
                }
            }
        }
        PlantSupervisor p = plant.get();
        if (!status.isEmpty() && p != null) {
            p.committed(nmaId, status);
        }
    }

    @Override
    public void disconnected(String nmaId) {
        store.disconnected(nmaId);
        PlantSupervisor p = plant.get();
        if (p != null) {
            p.disconnected(nmaId);
        }
    }
}
