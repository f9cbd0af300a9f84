package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums of accepted events per (smallest-window bucket, lateness mask, campaign, event channel,
 * currency), held between two emissions. Only the six sums are stored, and only they change per
 * event; the store is changelogged, so a crash between emissions loses nothing.
 */
final class Partials {
    private final KeyValueStore<Bytes, byte[]> store;
    private final CatalogueView catalogue;

    Partials(KeyValueStore<Bytes, byte[]> store, CatalogueView catalogue) {
        this.store = store;
        this.catalogue = catalogue;
    }

    void add(Out.Event e, long bucketStart) {
        Bytes key = PartialKey.encode(bucketStart, e.lateMask(), e.campaignId(), e.channel(), e.currency());
        byte[] previous = store.get(key);
        Totals sums = previous == null ? new Totals() : Codec.readTotals(new BinReader(previous));
        sums.addEvent(EventKind.ofOrdinal(e.kind()), e.spendMicros(), e.revenueMicros());
        BinWriter w = new BinWriter(48);
        Codec.writeTotals(w, sums);
        store.put(key, w.toByteArray());
    }

    /** Hands every partial over as a delta and forgets it. */
    void drain(Consumer<Out.Delta> sink) {
        List<KeyValue<Bytes, byte[]>> pending = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(pending::add);
        }
        for (KeyValue<Bytes, byte[]> kv : pending) {
            PartialKey k = PartialKey.decode(kv.key);
            // Descriptive fields come from the entry in force now; spend was priced per event already.
            Campaign c = catalogue.get(k.campaignId());
            sink.accept(new Out.Delta(k.campaignId(), k.eventChannel(), k.currency(),
                    c == null ? null : c.pricingModel().name(), c == null ? null : c.channel(), k.bucketStart(),
                    k.lateMask(), Codec.readTotals(new BinReader(kv.value)), null));
            store.delete(kv.key);
        }
    }
}
