package io.campaignpulse.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3, keyed by campaign: rolls partials up into every window size and the lifetime total,
 * emits running records for changed aggregates every {@code emit.interval}, and closes windows
 * once every input partition has passed them (or is idle), emitting each final record once.
 * Forwards per-channel increments to stage 3 and its own closing point after them.
 */
final class CampaignWindowProcessor implements Processor<byte[], Out, byte[], Out> {
    static final int TOTAL = 127;
    private static final Logger LOG = LoggerFactory.getLogger(CampaignWindowProcessor.class);

    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private ProcessorContext<byte[], Out> ctx;
    private AggregateTable aggregates;
    private WatermarkTable watermarks;
    private KpiEmitter emitter;
    private Alerts alerts;
    private long sentClosed = Long.MIN_VALUE;
    private boolean sentOnce;

    CampaignWindowProcessor(TopologyConfig cfg, PipelineCounters counters) {
        this.cfg = cfg;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        aggregates = new AggregateTable(context.getStateStore(StoreNames.CAMPAIGN_AGGREGATES),
                context.getStateStore(StoreNames.CAMPAIGN_DIRTY));
        watermarks = new WatermarkTable(context.getStateStore(StoreNames.CAMPAIGN_WATERMARKS),
                cfg.internalPartitions());
        emitter = new KpiEmitter(cfg, context, counters);
        alerts = new Alerts(cfg, context, new CatalogueView(context.getStateStore(StoreNames.CATALOGUE)));
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], Out> record) {
        long now = ctx.currentSystemTimeMs();
        if (record.value() instanceof Out.Delta d) {
            onDelta(d, now);
        } else if (record.value() instanceof Out.Watermark m) {
            if (watermarks.update(m)) {
                close(watermarks.closingPoint(), now);
            }
        }
    }

    private void onDelta(Out.Delta d, long now) {
        WindowPlan plan = cfg.plan();
        long closed = watermarks.closedUpTo();
        int mask = d.lateMask();
        int closedMask = 0;
        for (int i = 0; i < plan.count(); i++) {
            if ((mask & (1 << i)) == 0 && closed != Long.MIN_VALUE && plan.end(i, d.bucketStart()) + plan.graceMs()
                    <= closed) {
                closedMask |= 1 << i;
            }
        }
        mask |= closedMask;
        plan.forEachSize(d.raw() != null ? mask : closedMask, i -> counters.late(plan.sizes().get(i).name()));
        if (d.raw() != null) {
            if (mask != 0) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("late.windows", plan.names(mask).getBytes(StandardCharsets.UTF_8));
                ctx.forward(new Record<>(d.raw().key(), (Out) new Out.Emit(cfg.topics().late(), d.raw().value()), now,
                        headers));
            }
        } else if (closedMask != 0) {
            // Ingest sends events one by one whenever their window may have closed; reaching here means
            // instance clocks differ by more than the margin. The events stay in the lifetime total.
            LOG.error("{} events of campaign '{}' at {} arrived for windows already closed ({}); excluded from them",
                    d.totals().events(), d.campaignId(), d.bucketStart(), plan.names(closedMask));
        }
        aggregates.update(new WindowKey(TOTAL, 0L, d.campaignId()).encode(), a -> a.add(d));
        for (int i = 0; i < plan.count(); i++) {
            if ((mask & (1 << i)) == 0) {
                long start = plan.start(i, d.bucketStart());
                WindowKey key = new WindowKey(i, start, d.campaignId());
                alerts.onWindowChanged(key, aggregates.update(key.encode(), a -> a.add(d)), now);
                String channelKey = d.eventChannel() + "/" + d.currency();
                ctx.forward(new Record<>(channelKey.getBytes(StandardCharsets.UTF_8),
                        new Out.ChannelDelta(i, start, d.eventChannel(), d.currency(), d.totals()), now));
            }
        }
    }

    private void close(long point, long now) {
        if (!watermarks.advancesTo(point)) {
            return;
        }
        aggregates.removeClosed(cfg.plan(), point, (k, a, dirty) -> {
            if (dirty) {
                emitter.campaignWindow(k, a, false, now);
            }
            emitter.campaignWindow(k, a, true, now);
            counters.finalDelay(now - cfg.plan().sizes().get(k.sizeIndex()).millis() - k.start());
            alerts.onWindowClosed(k, a, now);
        });
        watermarks.closeUpTo(point);
        alerts.expire(point);
    }

    private void punctuate(long now) {
        aggregates.drainChanged((k, a) -> {
            if (k.sizeIndex() == TOTAL) {
                emitter.campaignTotal(k.id(), a, now);
            } else {
                emitter.campaignWindow(k, a, false, now);
            }
        });
        long closed = watermarks.closedUpTo();
        if (!sentOnce || closed != sentClosed) {
            sentOnce = true;
            sentClosed = closed;
            ctx.forward(new Record<>(IngestProcessor.WATERMARK_KEY,
                    new Out.Watermark(ctx.taskId().partition(), closed, false), now));
        }
    }

    @Override
    public void close() {
        counters.released(PipelineCounters.Scope.CAMPAIGN, ctx.taskId().partition());
    }
}
