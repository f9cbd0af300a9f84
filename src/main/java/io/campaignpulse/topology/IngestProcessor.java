package io.campaignpulse.topology;

import io.campaignpulse.events.AdEvent;
import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.EventParser;
import io.campaignpulse.events.InvalidRecordException;
import io.campaignpulse.events.Reason;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, one task per input partition number: parses and validates each event (invalid ones to
 * the dead-letter topic), prices it from the catalogue, decides lateness against its own input
 * partition's progress, and forwards it keyed by its identity (topic and {@code eventId}) to the
 * de-duplication stage. Each source partition's progress goes to every downstream partition
 * whenever it changes (at most every {@code emit.interval}), after the events it covers.
 *
 * <p>A partition that resumes after being idle may deliver events for windows that closed while
 * it was silent; until its own progress passes the point where that is impossible, its events
 * are marked to travel one by one with their original bytes, so the campaign stage can copy them
 * to the late topic. Task 0 also dead-letters invalid campaign entries ({@link CatalogueRejects}).
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], Out> {
    private final TopologyConfig cfg;
    private final EventParser parser;
    private final PipelineCounters counters;

    private ProcessorContext<byte[], Out> ctx;
    private KeyValueStore<String, byte[]> stateStore;
    private CatalogueRejects rejects;
    private CatalogueView catalogue;
    private final Map<Integer, SourceState> sources = new HashMap<>();

    IngestProcessor(TopologyConfig cfg, PipelineCounters counters) {
        this.cfg = cfg;
        this.counters = counters;
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
        long nextOffset = -1;
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
        catalogue = new CatalogueView(context.getStateStore(StoreNames.CATALOGUE));
        if (context.taskId().partition() == 0) {
            rejects = new CatalogueRejects(context, cfg, counters);
        }
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
        src.nextOffset = meta.offset() + 1;
        if (src.idle) {
            src.idle = false;
            src.resumedAt = now;
            persist(src);
            sendWatermark(src, now);
        }
        EventKind kind = EventKind.ofOrdinal(topicIndex);
        counters.read(meta.topic());
        try {
            accept(record, meta, src, kind, now);
        } catch (InvalidRecordException e) {
            counters.invalid(meta.topic(), e.reason());
            ctx.forward(DeadLetters.of(record.key(), record.value(), record.headers(), meta.topic(),
                    meta.partition(), meta.offset(), e.reason(), e.getMessage(), cfg.topics().dlq(), now));
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

        int mask = cfg.plan().lateMask(t, src.max);
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
        boolean single = src.resumedAt >= 0;
        boolean withRaw = single || mask != 0;
        Out.Raw raw = withRaw ? new Out.Raw(record.key(), record.value(), meta.topic(), meta.partition(),
                meta.offset()) : null;
        Out.Event event = new Out.Event(kind.ordinal(), ev.campaignId, channel, currency, t, spend, revenue, mask,
                single, raw);
        ctx.forward(new Record<>(identity(kind, ev.eventId), (Out) event, now,
                withRaw ? new RecordHeaders(record.headers().toArray()) : new RecordHeaders()));
    }

    /** The de-duplication key: the input topic's index and the event id. */
    private static byte[] identity(EventKind kind, String eventId) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[id.length + 1];
        key[0] = (byte) kind.ordinal();
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }

    private void punctuate(long now) {
        if (rejects != null) {
            rejects.send(now);
        }
        for (SourceState s : sources.values()) {
            if (!s.idle && now - s.lastRecordWall >= cfg.watermarkIdleMs() && cfg.lag().atEnd(s.topic, s.partition, s.nextOffset)) {
                s.idle = true;
                persist(s);
            }
            if (s.sentIdle == null || s.sentIdle != s.idle || s.sentMax != s.max) {
                sendWatermark(s, now);
            }
        }
    }

    private void sendWatermark(SourceState s, long now) {
        s.sentMax = s.max;
        s.sentIdle = s.idle;
        ctx.forward(new Record<>(WATERMARK_KEY, new Out.Watermark(s.source, s.max, s.idle), now));
    }

    static final byte[] WATERMARK_KEY = "~watermark".getBytes(StandardCharsets.UTF_8);
}
