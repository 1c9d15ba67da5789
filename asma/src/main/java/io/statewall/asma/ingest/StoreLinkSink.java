package io.statewall.asma.ingest;

import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import io.statewall.link.LinkRecord;
import io.statewall.link.LinkSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The link's sink, filled by the store: {@code connected} answers the highest sequence number
 * stored, {@code store} returns only once the batch is committed (the link acknowledges it to
 * the NMA after that, so an acknowledged record is on disk), and the NMAs connected now are kept
 * for the API and /metrics.
 */
public final class StoreLinkSink implements LinkSink {
    private final Store store;
    private final Set<String> connected = ConcurrentHashMap.newKeySet();

    public StoreLinkSink(Store store) {
        this.store = store;
    }

    @Override
    public long connected(String nmaId, String remoteAddress) {
        long seq = store.connected(nmaId, remoteAddress);
        connected.add(nmaId);
        return seq;
    }

    @Override
    public void store(String nmaId, List<LinkRecord> batch) {
        List<IngestRecord> records = new ArrayList<>(batch.size());
        for (LinkRecord r : batch) {
            records.add(new IngestRecord(r.seq(), kind(r.kind()), r.timeNanos(), r.json()));
        }
        Store.join(store.ingest(nmaId, records));
    }

    @Override
    public void disconnected(String nmaId) {
        connected.remove(nmaId);
    }

    /** The NMAs whose connection is up now. */
    public Set<String> connectedNow() {
        return Set.copyOf(connected);
    }

    private static IngestRecord.Kind kind(LinkRecord.Kind k) {
        return switch (k) {
            case EVENT -> IngestRecord.Kind.EVENT;
            case HEARTBEAT -> IngestRecord.Kind.HEARTBEAT;
            case PROCESS -> IngestRecord.Kind.PROCESS;
        };
    }
}
