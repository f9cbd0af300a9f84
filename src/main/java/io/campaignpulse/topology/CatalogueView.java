package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's view of the global campaign catalogue. The store stays the source of truth (it holds
 * the latest valid entry), so every lookup reads it; decoded entries are reused while their
 * bytes are unchanged, which saves decoding the same entry for every event.
 */
final class CatalogueView {
    private static final int MAX_CACHED = 100_000;

    private record Decoded(byte[] bytes, Campaign campaign) {
    }

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Decoded> decoded = new HashMap<>();

    CatalogueView(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The entry in force for a campaign, or null. */
    Campaign get(String campaignId) {
        byte[] bytes = store.get(campaignId);
        if (bytes == null) {
            return null;
        }
        Decoded d = decoded.get(campaignId);
        if (d != null && Arrays.equals(d.bytes(), bytes)) {
            return d.campaign();
        }
        if (decoded.size() >= MAX_CACHED) {
            decoded.clear();
        }
        Campaign c = CampaignCodec.decode(bytes);
        decoded.put(campaignId, new Decoded(bytes, c));
        return c;
    }
}
