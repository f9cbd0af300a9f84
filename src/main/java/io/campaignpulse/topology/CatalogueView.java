package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The decoded campaign catalogue, shared in memory by the global catalogue processor (which
 * writes it) and every stream task of one Kafka Streams client (which read it), so a lookup per
 * event is a map read instead of a store read and a decode. The global store stays the source of
 * truth: the map is loaded from it whenever the catalogue processor starts, and then follows
 * every change the processor makes to the store.
 */
final class CatalogueView {
    private final Map<String, Campaign> entries = new ConcurrentHashMap<>();

    /** The entry in force for a campaign, or null. */
    Campaign get(String campaignId) {
        return entries.get(campaignId);
    }

    void put(Campaign c) {
        entries.put(c.campaignId(), c);
    }

    void remove(String campaignId) {
        entries.remove(campaignId);
    }

    /** Replaces the content with the valid entries of the store (reserved reject keys skipped). */
    void load(KeyValueStore<String, byte[]> store) {
        entries.clear();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (!kv.key.startsWith(CatalogueRejects.PREFIX)) {
                    entries.put(kv.key, CampaignCodec.decode(kv.value));
                }
            }
        }
    }
}
