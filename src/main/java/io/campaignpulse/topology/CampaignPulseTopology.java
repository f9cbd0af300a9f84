package io.campaignpulse.topology;

import io.campaignpulse.config.Settings;
import io.campaignpulse.events.CampaignParser;
import io.campaignpulse.query.ViewStore;
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
 * {@code <kpi.channel>.<w>.final} ({@code channel/currency@windowStart}) and
 * {@code <kpi.channel>.total} ({@code channel/currency}), KPI JSON.
 *
 * <p>Stages: ingest (per input partition: parse, validate, price, lateness) ->
 * {@value StoreNames#BY_CAMPAIGN} repartition (batches of compact events, by campaign) ->
 * campaigns; beside it, clicks with a click id and conversions without a campaign go by click id
 * to attribution ({@link AttributionProcessor}), and sales with a user go by user to customers
 * ({@link CustomerProcessor}), both of which pass their events on to the campaign stage with the
 * progress they vouch for ({@link HeldProgress}). Then campaigns (de-duplication, windows, totals, finals) -> {@value StoreNames#BY_CHANNEL}
 * repartition (channel increments) -> channels. Each stage forwards its upstream partitions'
 * event-time progress (watermarks) to every partition of the next, so windows close on the
 * input alone, whatever the processing speed. Per-event work touches plain memory; state is
 * persisted once per changed key per commit ({@link FlushedStore}).
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
        CatalogueView catalogue = new CatalogueView();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CATALOGUE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                settings.topics().campaigns(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("catalogue-source"),
                () -> new CatalogueProcessor(campaignParser, catalogue));

        int sizes = cfg.plan().count();
        int sources = layout.sourceCount();
        int tasks = cfg.internalPartitions();
        builder.addStateStore(FlushedStore.builder(StoreNames.INGEST_STATE, IngestState::new));
        // The two small key-value stores of tasks that also hold a FlushedStore are in memory (restored
        // from their changelogs), not RocksDB: under exactly-once a persistent store found without a
        // checkpoint after a crash makes Kafka Streams declare the task corrupted and revive it in the
        // middle of its restoration. (Suspected, not confirmed, in the open bug README names under
        // Guarantees.)
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(StoreNames.CATALOGUE_REJECTS_SENT), Serdes.String()));
        builder.addStateStore(FlushedStore.builder(StoreNames.ATTRIBUTION_STATE, () -> new AttributionState(sources)));
        builder.addStateStore(FlushedStore.builder(StoreNames.CUSTOMER_STATE, () -> new CustomerState(sources + tasks)));
        // The campaign stage's sources: the input partitions, then every attribution and customer task.
        builder.addStateStore(FlushedStore.builder(StoreNames.CAMPAIGN_STATE,
                () -> new CampaignState(sources + 2 * tasks, sizes, cfg.dedupWindowMs(), cfg.reachLgK(), cfg.retainMs())));
        // Not cached: alerts are raised during the commit's flush, after cached stores may have flushed.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ALERTS_SENT),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(FlushedStore.builder(StoreNames.CHANNEL_STATE, () -> new ChannelState(tasks, sizes, cfg.reachLgK(),
                cfg.retainMs())));
        builder.addStateStore(ViewStore.builder(StoreNames.CAMPAIGN_VIEW));
        builder.addStateStore(ViewStore.builder(StoreNames.CHANNEL_VIEW));
        builder.addStateStore(FlushedStore.builder(StoreNames.RECOMMEND_STATE, () -> new RecommendState(tasks)));

        KStream<byte[], byte[]> events = builder.stream(settings.topics().events(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withTimestampExtractor(new RecordTimestamp())
                        .withName("events-source"));
        KStream<byte[], Out> ingested = events.process(() -> new IngestProcessor(cfg, counters, catalogue), Named.as("ingest"),
                StoreNames.INGEST_STATE, StoreNames.CATALOGUE_REJECTS_SENT);

        Map<Integer, KStream<byte[], Out>> fromIngest = route(ingested, "ingest", serde, counters, Out.Batch.ATTRIBUTION,
                Out.Batch.CUSTOMERS);

        KStream<byte[], Out> attributed = fromIngest.get(Out.Batch.ATTRIBUTION)
                .repartition(repartitioned(StoreNames.BY_CLICK, cfg))
                .process(() -> new AttributionProcessor(cfg, counters, catalogue), Named.as("attribution"),
                        StoreNames.ATTRIBUTION_STATE);
        Map<Integer, KStream<byte[], Out>> fromAttribution = route(attributed, "attribution", serde, counters,
                Out.Batch.CUSTOMERS);

        KStream<byte[], Out> customers = fromIngest.get(Out.Batch.CUSTOMERS)
                .repartition(repartitioned(StoreNames.BY_USER, cfg))
                .merge(fromAttribution.get(Out.Batch.CUSTOMERS).repartition(repartitioned(StoreNames.ATTRIBUTED_BY_USER,
                        cfg)), Named.as("customers-merge"))
                .process(() -> new CustomerProcessor(cfg), Named.as("customers"), StoreNames.CUSTOMER_STATE);
        Map<Integer, KStream<byte[], Out>> fromCustomers = route(customers, "customers", serde, counters);

        KStream<byte[], Out> campaigns = fromIngest.get(Out.Batch.NEXT)
                .repartition(repartitioned(StoreNames.BY_CAMPAIGN, cfg))
                .merge(fromAttribution.get(Out.Batch.NEXT).repartition(repartitioned(StoreNames.ATTRIBUTED_BY_CAMPAIGN,
                        cfg)), Named.as("campaigns-merge-attributed"))
                .merge(fromCustomers.get(Out.Batch.NEXT).repartition(repartitioned(StoreNames.CUSTOMERS_BY_CAMPAIGN, cfg)),
                        Named.as("campaigns-merge-customers"))
                .process(() -> new CampaignProcessor(cfg, counters, catalogue), Named.as("campaigns"),
                        StoreNames.CAMPAIGN_STATE, StoreNames.ALERTS_SENT, StoreNames.CAMPAIGN_VIEW);

        KStream<byte[], Out> channels = route(campaigns, "campaigns", serde, counters).get(Out.Batch.NEXT)
                .repartition(repartitioned(StoreNames.BY_CHANNEL, cfg))
                .process(() -> new ChannelProcessor(cfg, counters), Named.as("channels"), StoreNames.CHANNEL_STATE,
                        StoreNames.CHANNEL_VIEW);
        KStream<byte[], Out> recommendations = route(channels, "channels", serde, counters).get(Out.Batch.NEXT)
                .repartition(repartitioned(StoreNames.BY_CURRENCY, cfg))
                .process(() -> new RecommendProcessor(cfg), Named.as("recommendations"), StoreNames.RECOMMEND_STATE);
        route(recommendations, "recommendations", serde, counters);
        return builder.build();
    }

    private static <K> StoreBuilder<?> store(KeyValueBytesStoreSupplier supplier, Serde<K> keySerde) {
        return Stores.keyValueStoreBuilder(supplier, keySerde, Serdes.ByteArray()).withCachingEnabled();
    }

    private static Repartitioned<byte[], Out> repartitioned(String name, TopologyConfig cfg) {
        return Repartitioned.<byte[], Out>as(name).withKeySerde(Serdes.ByteArray()).withValueSerde(cfg.serde())
                .withNumberOfPartitions(cfg.internalPartitions()).withStreamPartitioner(OutSerde.PARTITIONER);
    }

    /**
     * Sends {@link Out.Emit} records to their output topics and returns the internal ones by the
     * next stage they are for ({@link Out.Batch#stage}): {@link Out.Batch#NEXT} and each of
     * {@code others}.
     */
    private static Map<Integer, KStream<byte[], Out>> route(KStream<byte[], Out> stream, String stage, OutSerde serde,
            PipelineCounters counters, int... others) {
        Map<String, KStream<byte[], Out>> branches = stream.split(Named.as(stage + "-"))
                .branch((k, v) -> v instanceof Out.Emit, Branched.as("emit"))
                .defaultBranch(Branched.as("internal"));
        branches.get(stage + "-emit").peek((k, v) -> counters.written(((Out.Emit) v).topic()),
                Named.as(stage + "-count")).to((k, v, rc) -> ((Out.Emit) v).topic(),
                Produced.with(Serdes.ByteArray(), serde).withName(stage + "-output"));
        KStream<byte[], Out> internal = branches.get(stage + "-internal");
        if (others.length == 0) {
            return Map.of(Out.Batch.NEXT, internal);
        }
        var split = internal.split(Named.as(stage + "-to-"));
        for (int other : others) {
            split = split.branch((k, v) -> ((Out.Batch) v).stage() == other, Branched.as(Integer.toString(other)));
        }
        Map<String, KStream<byte[], Out>> byName = split.defaultBranch(Branched.as(Integer.toString(Out.Batch.NEXT)));
        Map<Integer, KStream<byte[], Out>> out = new java.util.HashMap<>();
        byName.forEach((name, s) -> out.put(Integer.parseInt(name.substring((stage + "-to-").length())), s));
        return out;
    }
}
