package io.campaignpulse.topology;

import io.campaignpulse.config.Settings;
import io.campaignpulse.events.CampaignParser;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The campaign-pulse topology, a pure function of the settings and the input layout.
 *
 * <p>Inputs: {@code topic.impressions}, {@code topic.clicks}, {@code topic.leads},
 * {@code topic.sales} (key ignored, value a JSON event); {@code topic.campaigns} (key campaign id,
 * value a JSON campaign entry or null), read into a global catalogue before events are processed.
 *
 * <p>Outputs (key, value): {@code <kpi.campaign>.<w>} and {@code <kpi.campaign>.<w>.final}
 * ({@code campaignId@windowStart}, KPI JSON); {@code <kpi.campaign>.total} ({@code campaignId},
 * KPI JSON); {@code <kpi.channel>.<w>} ({@code channel/currency@windowStart}, KPI JSON);
 * {@code topic.dlq} and {@code topic.late} (original key, original bytes, reason headers);
 * {@code topic.alerts} ({@code campaignId}, alert JSON: budget 80%/100% and CPA over target).
 *
 * <p>Stages: ingest (per input partition) -> {@value StoreNames#BY_EVENT} repartition (by topic
 * and event id) -> de-duplication and partial sums -> {@value StoreNames#BY_CAMPAIGN} repartition
 * -> campaign windows -> {@value StoreNames#BY_CHANNEL} repartition -> channel windows. Each stage
 * forwards its upstream partitions' event-time progress (watermarks) to every partition of the
 * next, so windows close on the input alone, whatever the processing speed.
 */
public final class CampaignPulseTopology {
    private CampaignPulseTopology() {
    }

    public static Topology build(Settings settings, InputLayout layout, InputLag lag) {
        return build(settings, layout, lag, PipelineCounters.NONE);
    }

    public static Topology build(Settings settings, InputLayout layout, InputLag lag, PipelineCounters counters) {
        TopologyConfig cfg = TopologyConfig.of(settings, layout, lag);
        OutSerde serde = cfg.serde();
        StreamsBuilder builder = new StreamsBuilder();

        CampaignParser campaignParser = new CampaignParser(settings.eventMaxBytes(), settings.currencyDefault());
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CATALOGUE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                settings.topics().campaigns(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("catalogue-source"),
                () -> new CatalogueProcessor(campaignParser));

        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.INGEST_PARTITIONS), Serdes.String()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.CATALOGUE_REJECTS_SENT), Serdes.String()));
        // Not cached: every id is written once, so a cache saves nothing, and millions of ids would crowd
        // the aggregates and partials out of the thread's shared record cache.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEDUP_SEEN),
                Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEDUP_EXPIRY),
                Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.DEDUP_PROGRESS), Serdes.String()));
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(StoreNames.DEDUP_PARTIALS), Serdes.Bytes()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.CAMPAIGN_WATERMARKS), Serdes.String()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.CAMPAIGN_AGGREGATES), Serdes.Bytes()));
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(StoreNames.CAMPAIGN_DIRTY), Serdes.Bytes()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.ALERTS_SENT), Serdes.String()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.CHANNEL_WATERMARKS), Serdes.String()));
        builder.addStateStore(store(Stores.persistentKeyValueStore(StoreNames.CHANNEL_AGGREGATES), Serdes.Bytes()));
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(StoreNames.CHANNEL_DIRTY), Serdes.Bytes()));

        KStream<byte[], byte[]> events = builder.stream(settings.topics().events(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withTimestampExtractor(new RecordTimestamp())
                        .withName("events-source"));
        KStream<byte[], Out> ingested = events.process(() -> new IngestProcessor(cfg, counters), Named.as("ingest"),
                StoreNames.INGEST_PARTITIONS, StoreNames.CATALOGUE_REJECTS_SENT);

        KStream<byte[], Out> accepted = route(ingested, "ingest", serde, counters)
                .repartition(repartitioned(StoreNames.BY_EVENT, cfg))
                .process(() -> new DedupProcessor(cfg, counters), Named.as("dedup"), StoreNames.DEDUP_SEEN,
                        StoreNames.DEDUP_EXPIRY, StoreNames.DEDUP_PROGRESS, StoreNames.DEDUP_PARTIALS);

        KStream<byte[], Out> campaigns = route(accepted, "dedup", serde, counters)
                .repartition(repartitioned(StoreNames.BY_CAMPAIGN, cfg))
                .process(() -> new CampaignWindowProcessor(cfg, counters), Named.as("campaign-windows"),
                        StoreNames.CAMPAIGN_WATERMARKS, StoreNames.CAMPAIGN_AGGREGATES, StoreNames.CAMPAIGN_DIRTY,
                        StoreNames.ALERTS_SENT);

        KStream<byte[], Out> channels = route(campaigns, "campaign-windows", serde, counters)
                .repartition(repartitioned(StoreNames.BY_CHANNEL, cfg))
                .process(() -> new ChannelWindowProcessor(cfg, counters), Named.as("channel-windows"),
                        StoreNames.CHANNEL_WATERMARKS, StoreNames.CHANNEL_AGGREGATES, StoreNames.CHANNEL_DIRTY);
        route(channels, "channel-windows", serde, counters);
        return builder.build();
    }

    private static <K> StoreBuilder<?> store(KeyValueBytesStoreSupplier supplier, Serde<K> keySerde) {
        return Stores.keyValueStoreBuilder(supplier, keySerde, Serdes.ByteArray()).withCachingEnabled();
    }

    private static Repartitioned<byte[], Out> repartitioned(String name, TopologyConfig cfg) {
        return Repartitioned.<byte[], Out>as(name).withKeySerde(Serdes.ByteArray()).withValueSerde(cfg.serde())
                .withNumberOfPartitions(cfg.internalPartitions()).withStreamPartitioner(new MulticastPartitioner());
    }

    /** Sends {@link Out.Emit} records to their output topics and returns the internal ones. */
    private static KStream<byte[], Out> route(KStream<byte[], Out> stream, String stage, OutSerde serde,
            PipelineCounters counters) {
        Map<String, KStream<byte[], Out>> branches = stream.split(Named.as(stage + "-"))
                .branch((k, v) -> v instanceof Out.Emit, Branched.as("emit"))
                .defaultBranch(Branched.as("internal"));
        branches.get(stage + "-emit").peek((k, v) -> counters.written(((Out.Emit) v).topic()),
                Named.as(stage + "-count")).to((k, v, rc) -> ((Out.Emit) v).topic(),
                Produced.with(Serdes.ByteArray(), serde).withName(stage + "-output"));
        return branches.get(stage + "-internal");
    }
}
