package io.campaignpulse.topology;

import io.campaignpulse.events.AdEvent;
import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.EventParser;
import io.campaignpulse.events.InvalidRecordException;
import io.campaignpulse.events.Reason;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, one task per input partition number: parses and validates each event (invalid ones to
 * the dead-letter topic), prices it from the catalogue, decides lateness against its own input
 * partition's progress, and sums it into a small partial per (bucket, lateness, campaign,
 * channel). Every {@code emit.interval} it forwards the partials, keyed by campaign, then each
 * source partition's progress to every downstream partition.
 *
 * <p>A partition that resumes after being idle may deliver events for windows that closed while
 * it was silent; until its own progress passes the point where that is impossible, its events
 * travel one by one with their original bytes, so the campaign stage can copy them to the late
 * topic.
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], Out> {
    private final TopologyConfig cfg;
    private final EventParser parser;

    private ProcessorContext<byte[], Out> ctx;
    private KeyValueStore<String, byte[]> stateStore;
    private KeyValueStore<Bytes, byte[]> partials;
    private CatalogueView catalogue;
    private final Map<Integer, SourceState> sources = new HashMap<>();

    IngestProcessor(TopologyConfig cfg) {
        this.cfg = cfg;
        this.parser = new EventParser(cfg.eventMaxBytes());
    }

    /** One source partition's progress. {@code resumedAt} is the wall time it left idleness, or -1. */
    private static final class SourceState {
        final int source;
        final String topic;
        final int partition;
        long max = Long.MIN_VALUE;
        boolean idle;
        long resumedAt = -1;
        long lastRecordWall;
        long sentMax = Long.MIN_VALUE;
        Boolean sentIdle;

        SourceState(int source, String topic, int partition) {
            this.source = source;
            this.topic = topic;
            this.partition = partition;
        }
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        this.ctx = context;
        stateStore = context.getStateStore(StoreNames.INGEST_PARTITIONS);
        partials = context.getStateStore(StoreNames.INGEST_PARTIALS);
        catalogue = new CatalogueView(context.getStateStore(StoreNames.CATALOGUE));
        long now = context.currentSystemTimeMs();
        InputLayout layout = cfg.layout();
        for (int[] tp : layout.sourcesOfTask(context.taskId().partition())) {
            int source = layout.source(tp[0], tp[1]);
            SourceState s = new SourceState(source, layout.topics().get(tp[0]), tp[1]);
            byte[] b = stateStore.get(key(source));
            if (b != null) {
                BinReader r = new BinReader(b);
                s.max = r.readLong();
                s.idle = r.readByte() == 1;
                s.resumedAt = r.readLong();
            }
            s.lastRecordWall = now;
            sources.put(source, s);
        }
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    private static String key(int source) {
        return "s" + source;
    }

    private void persist(SourceState s) {
        stateStore.put(key(s.source), new BinWriter(17).writeLong(s.max).writeByte(s.idle ? 1 : 0)
                .writeLong(s.resumedAt).toByteArray());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = ctx.recordMetadata().orElseThrow();
        int topicIndex = cfg.layout().topicIndex(meta.topic());
        SourceState src = sources.get(cfg.layout().source(topicIndex, meta.partition()));
        long now = ctx.currentSystemTimeMs();
        src.lastRecordWall = now;
        if (src.idle) {
            src.idle = false;
            src.resumedAt = now;
            persist(src);
            sendWatermark(src, now);
        }
        EventKind kind = EventKind.ofOrdinal(topicIndex);
        try {
            accept(record, meta, src, kind, now);
        } catch (InvalidRecordException e) {
            deadLetter(record, meta, e.reason(), e.getMessage(), now);
        }
    }

    private void accept(Record<byte[], byte[]> record, RecordMetadata meta, SourceState src, EventKind kind, long now)
            throws InvalidRecordException {
        AdEvent ev = parser.parse(record.value(), kind);
        long t = ev.timestampMs >= 0 ? ev.timestampMs : record.timestamp();
        if (t < 0) {
            throw new InvalidRecordException(Reason.INVALID_FIELD,
                    "field 'timestamp' is absent and the Kafka record has no timestamp");
        }
        if (t > now + cfg.maxFutureSkewMs()) {
            throw new InvalidRecordException(Reason.FUTURE_TIMESTAMP, "field 'timestamp' is more than max.future.skew ("
                    + Duration.ofMillis(cfg.maxFutureSkewMs()) + ") ahead of the wall clock");
        }
        Campaign campaign = catalogue.get(ev.campaignId);
        String currency = campaign != null ? campaign.currency() : cfg.defaultCurrency();
        if (ev.currency != null && !ev.currency.equals(currency)) {
            throw new InvalidRecordException(Reason.CURRENCY_MISMATCH, "field 'currency' is '" + ev.currency
                    + "' but campaign '" + ev.campaignId + "' is billed in " + currency);
        }
        long spend = ev.costMicros >= 0 ? ev.costMicros : campaign != null ? campaign.priceOf(kind) : 0L;
        long revenue = Math.max(0L, ev.revenueMicros);
        String channel = ev.channel != null ? ev.channel : campaign != null && campaign.channel() != null
                ? campaign.channel() : "unknown";

        WindowPlan plan = cfg.plan();
        int mask = plan.lateMask(t, src.max);
        boolean changed = false;
        if (t > src.max) {
            src.max = t;
            changed = true;
        }
        if (src.resumedAt >= 0 && src.max >= src.resumedAt + cfg.resumeHorizonMs()) {
            src.resumedAt = -1;
            changed = true;
        }
        if (changed) {
            persist(src);
        }
        if (src.resumedAt >= 0) {
            Totals one = new Totals();
            one.addEvent(kind, spend, revenue);
            Out.Raw raw = new Out.Raw(record.key(), record.value(), meta.topic(), meta.partition(), meta.offset());
            ctx.forward(new Record<>(ev.campaignId.getBytes(StandardCharsets.UTF_8), new Out.Delta(ev.campaignId,
                    channel, currency, campaign == null ? null : campaign.pricingModel().name(),
                    campaign == null ? null : campaign.channel(), plan.bucketStart(t), mask, one, raw), now));
            return;
        }
        if (mask != 0) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add("late.windows", plan.names(mask).getBytes(StandardCharsets.UTF_8));
            ctx.forward(new Record<>(record.key(), (Out) new Out.Emit(cfg.topics().late(), record.value()), now,
                    headers));
        }
        addToPartial(PartialKey.encode(plan.bucketStart(t), mask, ev.campaignId, channel, currency), kind, spend,
                revenue);
    }

    /** Adds one event to its partial: only the six sums are stored, and only they change per event. */
    private void addToPartial(Bytes key, EventKind kind, long spend, long revenue) {
        byte[] previous = partials.get(key);
        Totals sums = previous == null ? new Totals() : Codec.readTotals(new BinReader(previous));
        sums.addEvent(kind, spend, revenue);
        BinWriter w = new BinWriter(48);
        Codec.writeTotals(w, sums);
        partials.put(key, w.toByteArray());
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata meta, Reason reason, String message,
            long now) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("error.reason", reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add("error.message", message.getBytes(StandardCharsets.UTF_8));
        headers.add("source.topic", meta.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("source.partition", Integer.toString(meta.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("source.offset", Long.toString(meta.offset()).getBytes(StandardCharsets.UTF_8));
        ctx.forward(new Record<>(record.key(), (Out) new Out.Emit(cfg.topics().dlq(), record.value()), now, headers));
    }

    private void punctuate(long now) {
        flushPartials(now);
        for (SourceState s : sources.values()) {
            if (!s.idle && now - s.lastRecordWall >= cfg.watermarkIdleMs() && cfg.lag().atEnd(s.topic, s.partition)) {
                s.idle = true;
                persist(s);
            }
            if (s.sentIdle == null || s.sentIdle != s.idle || s.sentMax != s.max) {
                sendWatermark(s, now);
            }
        }
    }

    private void flushPartials(long now) {
        List<KeyValue<Bytes, byte[]>> pending = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = partials.all()) {
            it.forEachRemaining(pending::add);
        }
        for (KeyValue<Bytes, byte[]> kv : pending) {
            PartialKey k = PartialKey.decode(kv.key);
            // Descriptive fields come from the entry in force now; spend was priced per event already.
            Campaign c = catalogue.get(k.campaignId());
            Out.Delta d = new Out.Delta(k.campaignId(), k.eventChannel(), k.currency(),
                    c == null ? null : c.pricingModel().name(), c == null ? null : c.channel(), k.bucketStart(),
                    k.lateMask(), Codec.readTotals(new BinReader(kv.value)), null);
            ctx.forward(new Record<>(k.campaignId().getBytes(StandardCharsets.UTF_8), d, now));
            partials.delete(kv.key);
        }
    }

    private void sendWatermark(SourceState s, long now) {
        s.sentMax = s.max;
        s.sentIdle = s.idle;
        ctx.forward(new Record<>(WATERMARK_KEY, new Out.Watermark(s.source, s.max, s.idle), now));
    }

    static final byte[] WATERMARK_KEY = "~watermark".getBytes(StandardCharsets.UTF_8);
}
