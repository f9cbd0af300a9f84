package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.CampaignParser;
import io.campaignpulse.events.InvalidRecordException;
import io.campaignpulse.events.Reason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global campaign catalogue: the latest valid entry per campaign wins, a tombstone
 * deletes, and an invalid entry leaves the catalogue as it was. A global processor cannot write
 * to topics, so an invalid entry is kept in the same store under a reserved key (see
 * {@link CatalogueRejects}), from where ingest task 0 dead-letters it.
 */
final class CatalogueProcessor implements Processor<byte[], byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueProcessor.class);

    private final CampaignParser parser;
    private final CatalogueView view;
    private ProcessorContext<Void, Void> ctx;
    private KeyValueStore<String, byte[]> store;
    private int rejectsHeld;

    CatalogueProcessor(CampaignParser parser, CatalogueView view) {
        this.parser = parser;
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        ctx = context;
        store = context.getStateStore(StoreNames.CATALOGUE);
        view.load(store);
        try (KeyValueIterator<String, byte[]> it = CatalogueRejects.scan(store)) {
            while (it.hasNext()) {
                it.next();
                rejectsHeld++;
            }
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (record.value() == null) {
                if (key == null) {
                    throw new InvalidRecordException(Reason.MISSING_FIELD, "a tombstone (null value) needs the "
                            + "campaign id as its record key");
                }
                if (!key.startsWith(CatalogueRejects.PREFIX)) {
                    store.delete(key);
                    view.remove(key);
                }
                return;
            }
            Campaign c = parser.parse(key, record.value());
            store.put(c.campaignId(), CampaignCodec.encode(c));
            view.put(c);
        } catch (InvalidRecordException e) {
            reject(record, e);
        }
    }

    private void reject(Record<byte[], byte[]> record, InvalidRecordException e) {
        RecordMetadata meta = ctx.recordMetadata().orElseThrow();
        LOG.warn("Invalid campaign entry at {}-{}@{}: {} ({})", meta.topic(), meta.partition(), meta.offset(),
                e.getMessage(), e.reason());
        store.put(CatalogueRejects.key(meta.partition(), meta.offset()), CatalogueRejects.encode(record.key(),
                record.value(), e.reason(), e.getMessage()));
        if (++rejectsHeld > CatalogueRejects.MAX_HELD) {
            // Long dead-lettered by now (task 0 sends within one emit interval): forget the oldest.
            try (KeyValueIterator<String, byte[]> it = CatalogueRejects.scan(store)) {
                store.delete(it.next().key);
                rejectsHeld--;
            }
        }
    }
}
