package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.CampaignParser;
import io.campaignpulse.events.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global campaign catalogue: the latest valid entry per campaign wins, a tombstone
 * deletes, and an invalid entry leaves the catalogue as it was.
 */
final class CatalogueProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueProcessor.class);

    private final CampaignParser parser;
    private KeyValueStore<String, byte[]> store;

    CatalogueProcessor(CampaignParser parser) {
        this.parser = parser;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.CATALOGUE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null && record.value() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            Campaign c = parser.parse(record.key(), record.value());
            store.put(c.campaignId(), CampaignCodec.encode(c));
        } catch (InvalidRecordException e) {
            LOG.warn("Ignoring invalid campaign entry for key '{}': {} ({})", record.key(), e.getMessage(),
                    e.reason());
        }
    }
}
