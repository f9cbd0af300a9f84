package io.campaignpulse.topology;

import io.campaignpulse.events.AdEvent;
import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.EventParser;
import io.campaignpulse.events.InvalidRecordException;
import io.campaignpulse.events.Reason;
import io.campaignpulse.kpi.EventKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;

/**
 * Stage 1, one task per input partition number: parses and validates each event (invalid ones to
 * the dead-letter topic), prices it from the catalogue, decides lateness against its own input
 * partition's progress, and appends it to the batch for its campaign's partition of the campaign
 * stage. At every commit it forwards the batches, each followed by the progress (watermark) of
 * every source partition that changed, so a watermark always comes after the events it covers.
 *
 * <p>A partition that resumes after being idle may deliver events for windows that closed while
 * it was silent; until its own progress passes the point where that is impossible, its events
 * travel with their original bytes ({@code single}), so the campaign stage can copy them to the
 * late topic. Task 0 also dead-letters invalid campaign entries ({@link CatalogueRejects}).
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], Out> {
    /** A batch is forwarded early once it reaches this size; the rest waits for the commit. */
    private static final int BATCH_BYTES = 512 * 1024;
    /** Commit metadata key whose change makes Kafka Streams commit every input partition's position. */
    static final String IDLE_CLAIM_METADATA = "campaign-pulse.idle-claim";

    private final TopologyConfig cfg;
    private final EventParser parser;
    private final PipelineCounters counters;

    private ProcessorContext<byte[], Out> ctx;
    private CatalogueRejects rejects;
    private final CatalogueView catalogue;
    private IngestState state;
    private final List<Tracked> tracked = new ArrayList<>();
    private Tracked[] bySource;
    private StageOutbox outbox;
    private StageOutbox toAttribution;
    private StageOutbox toCustomers;
    private long derivedSentAt = Long.MIN_VALUE;

    IngestProcessor(TopologyConfig cfg, PipelineCounters counters, CatalogueView catalogue) {
        this.cfg = cfg;
        this.catalogue = catalogue;
        this.counters = counters;
        this.parser = new EventParser(cfg.eventMaxBytes());
    }

    /** A source partition with what this task knows of it beyond its persisted state. */
    private static final class Tracked {
        final IngestState.Source state;
        final String topic;
        final int partition;
        long lastRecordWall;
        long nextOffset = -1;
        long sentMax = Long.MIN_VALUE;
        Boolean sentIdle;
        /** What the attribution and customer stages were last told. */
        long derivedMax = Long.MIN_VALUE;
        Boolean derivedIdle;

        Tracked(IngestState.Source state, String topic, int partition) {
            this.state = state;
            this.topic = topic;
            this.partition = partition;
        }
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        this.ctx = context;
        FlushedStore<IngestState> store = context.getStateStore(StoreNames.INGEST_STATE);
        state = store.content();
        rejects = context.taskId().partition() == 0 ? new CatalogueRejects(context, cfg, counters) : null;
        long now = context.currentSystemTimeMs();
        InputLayout layout = cfg.layout();
        tracked.clear();
        bySource = new Tracked[layout.sourceCount()];
        for (int[] tp : layout.sourcesOfTask(context.taskId().partition())) {
            int source = layout.source(tp[0], tp[1]);
            Tracked t = new Tracked(state.source(source), layout.topics().get(tp[0]), tp[1]);
            t.lastRecordWall = now;
            tracked.add(t);
            bySource[source] = t;
        }
        outbox = new StageOutbox(cfg.internalPartitions(), 4096);
        toAttribution = new StageOutbox(Out.Batch.ATTRIBUTION, cfg.internalPartitions(), 1024);
        toCustomers = new StageOutbox(Out.Batch.CUSTOMERS, cfg.internalPartitions(), 512);
        store.onCommit(context, this::commit);
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = ctx.recordMetadata().orElseThrow();
        int topicIndex = cfg.layout().topicIndex(meta.topic());
        Tracked src = bySource[cfg.layout().source(topicIndex, meta.partition())];
        long now = ctx.currentSystemTimeMs();
        src.lastRecordWall = now;
        src.nextOffset = meta.offset() + 1;
        if (src.state.idle) {
            src.state.idle = false;
            src.state.resumedAt = now;
            src.state.dirty = true;
            appendWatermark(src); // downstream must stop counting it as idle before its next event
            appendDerivedWatermark(src);
        }
        counters.read(meta.topic());
        try {
            accept(record, meta, src, EventKind.ofCode(topicIndex), now);
        } catch (InvalidRecordException e) {
            counters.invalid(meta.topic(), e.reason());
            ctx.forward(DeadLetters.of(record.key(), record.value(), record.headers(), meta.topic(),
                    meta.partition(), meta.offset(), e.reason(), e.getMessage(), cfg.topics().dlq(), now));
        }
    }

    private void accept(Record<byte[], byte[]> record, RecordMetadata meta, Tracked src, EventKind kind, long now)
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
        if (ev.campaignId == null) {
            toAttribution(record, meta, src.state, ev, kind, t);
            return;
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

        IngestState.Source s = src.state;
        long before = s.max;
        int mask = advance(s, t);
        boolean single = s.resumedAt >= 0;
        boolean withRaw = single || mask != 0;
        byte[] campaignBytes = ev.campaignId.getBytes(StandardCharsets.UTF_8);
        if (kind == EventKind.CLICK && ev.clickId != null) {
            int a = StageOutbox.partitionOf(ev.clickId, toAttribution.partitions());
            AttributionState.writeClick(toAttribution.batch(a), ev.clickId, t, before, campaignBytes, channel, ev.variant);
            flushIfFull(toAttribution, a);
        }
        StageOutbox to = outbox;
        int p;
        long userHash = ev.userId == null ? 0L : Audience.userHash(ev.userId);
        if (kind == EventKind.SALE && ev.userId != null) {
            to = toCustomers; // first sales are decided there (CONTRACT section 12)
            p = StageOutbox.partitionOfUser(userHash, to.partitions());
        } else {
            p = StageOutbox.partitionOf(campaignBytes, outbox.partitions());
        }
        StageEvent.write(to.batch(p), kind.code(), single, false, mask, t, spend, revenue, campaignBytes, ev.eventId,
                channel, currency, ev.userId != null, userHash, ev.variant, withRaw ? record.key() : null,
                withRaw ? record.value() : null, meta.partition(), meta.offset(), withRaw ? record.headers() : null);
        flushIfFull(to, p);
    }

    /** Moves a source's progress to an event at {@code t}; returns the sizes the event is late for. */
    private int advance(IngestState.Source s, long t) {
        int mask = cfg.plan().lateMask(t, s.max);
        if (t > s.max) {
            s.max = t;
            s.dirty = true;
        }
        if (s.resumedAt >= 0 && s.max >= s.resumedAt + cfg.resumeHorizonMs()) {
            s.resumedAt = -1;
            s.dirty = true;
        }
        return mask;
    }

    private void flushIfFull(StageOutbox to, int partition) {
        if (to.batch(partition).size() >= BATCH_BYTES) {
            to.forward(ctx, partition, ctx.currentSystemTimeMs());
        }
    }

    /**
     * A lead or sale that names no campaign goes to the attribution stage of its click id, with its
     * original bytes (it may yet prove invalid there: a currency its campaign does not bill in).
     * Its campaign, price, channel and currency are decided there; what it carried itself is flagged.
     */
    private void toAttribution(Record<byte[], byte[]> record, RecordMetadata meta, IngestState.Source s, AdEvent ev,
            EventKind kind, long t) {
        int mask = advance(s, t);
        boolean single = s.resumedAt >= 0;
        int flags = (ev.channel != null ? AttributionProcessor.GIVEN_CHANNEL : 0)
                | (ev.costMicros >= 0 ? AttributionProcessor.GIVEN_COST : 0)
                | (ev.currency != null ? AttributionProcessor.GIVEN_CURRENCY : 0);
        int a = StageOutbox.partitionOf(ev.clickId, toAttribution.partitions());
        StageBatch.Writer w = toAttribution.batch(a).entry(StageBatch.CONVERSION).str(ev.clickId).u8(flags);
        StageEvent.write(w, kind.code(), single, false, mask, t, Math.max(0L, ev.costMicros),
                Math.max(0L, ev.revenueMicros), new byte[0], ev.eventId, ev.channel != null ? ev.channel : "",
                ev.currency != null ? ev.currency : "", ev.userId != null,
                ev.userId == null ? 0L : Audience.userHash(ev.userId), ev.variant, record.key(),
                record.value(), meta.partition(), meta.offset(), record.headers());
        flushIfFull(toAttribution, a);
    }

    private void punctuate(long now) {
        if (rejects != null) {
            rejects.send(now);
        }
        boolean claimed = false;
        for (Tracked t : tracked) {
            IngestState.Source s = t.state;
            if (!s.idle && now - t.lastRecordWall >= cfg.watermarkIdleMs()
                    && cfg.lag().atEnd(t.topic, t.partition, t.nextOffset)) {
                s.idle = true;
                s.dirty = true;
                claimed = true;
            }
        }
        if (claimed) {
            commitPositions(now);
        }
    }

    /**
     * Makes the next commit write the consumer position of every input partition of this task, also
     * of partitions with nothing processed since their last commit (one past only transaction markers
     * or aborted records, say): an idle claim counts only while the application's committed offset is
     * at the partition's end ({@link EndCheck}). Kafka Streams commits every input partition when a
     * processor's commit metadata changed (as its own emit-on-window-close aggregations do).
     */
    private void commitPositions(long now) {
        if (ctx instanceof InternalProcessorContext<?, ?> internal) {
            internal.addProcessorMetadataKeyValue(IDLE_CLAIM_METADATA, now);
        }
    }

    /**
     * At every commit: each changed progress after the events, then every non-empty batch. The
     * attribution and customer stages hear of progress at most every {@code progress.interval}
     * (their events go at every commit): progress they learn later only holds windows a little
     * longer, and sparing them a record per partition and commit is most of their cost.
     */
    private void commit() {
        long now = ctx.currentSystemTimeMs();
        boolean derived = derivedSentAt == Long.MIN_VALUE || now - derivedSentAt >= cfg.progressIntervalMs();
        for (Tracked t : tracked) {
            if (t.sentIdle == null || t.sentIdle != t.state.idle || t.sentMax != t.state.max) {
                appendWatermark(t);
            }
            if (derived && (t.derivedIdle == null || t.derivedIdle != t.state.idle || t.derivedMax != t.state.max)) {
                appendDerivedWatermark(t);
            }
        }
        if (derived) {
            derivedSentAt = now;
        }
        outbox.forwardAll(ctx, now);
        toAttribution.forwardAll(ctx, now);
        toCustomers.forwardAll(ctx, now);
    }

    /** A source's progress, to every partition of the campaign stage. */
    private void appendWatermark(Tracked t) {
        t.sentMax = t.state.max;
        t.sentIdle = t.state.idle;
        appendProgress(outbox, t.state);
    }

    /** A source's progress, to every partition of the attribution and customer stages. */
    private void appendDerivedWatermark(Tracked t) {
        t.derivedMax = t.state.max;
        t.derivedIdle = t.state.idle;
        appendProgress(toAttribution, t.state);
        appendProgress(toCustomers, t.state);
    }

    private static void appendProgress(StageOutbox to, IngestState.Source s) {
        to.toEvery(w -> w.entry(StageBatch.WATERMARK).i32(s.index).i64(s.max).u8(s.idle ? 1 : 0));
    }
}
