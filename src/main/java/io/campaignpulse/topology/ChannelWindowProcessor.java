package io.campaignpulse.topology;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 4, keyed by channel and currency: sums the increments of every campaign task into channel
 * windows, emits running records for changed windows every {@code emit.interval}, and drops a
 * window once every campaign task has closed past it.
 */
final class ChannelWindowProcessor implements Processor<byte[], Out, byte[], Out> {
    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private ProcessorContext<byte[], Out> ctx;
    private AggregateTable aggregates;
    private WatermarkTable watermarks;
    private KpiEmitter emitter;

    ChannelWindowProcessor(TopologyConfig cfg, PipelineCounters counters) {
        this.cfg = cfg;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        aggregates = new AggregateTable(context.getStateStore(StoreNames.CHANNEL_AGGREGATES),
                context.getStateStore(StoreNames.CHANNEL_DIRTY));
        watermarks = new WatermarkTable(context.getStateStore(StoreNames.CHANNEL_WATERMARKS),
                cfg.internalPartitions());
        emitter = new KpiEmitter(cfg, context, counters);
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], Out> record) {
        long now = ctx.currentSystemTimeMs();
        if (record.value() instanceof Out.ChannelDelta c) {
            WindowKey key = new WindowKey(c.sizeIndex(), c.windowStart(), c.channel() + "/" + c.currency());
            aggregates.update(key.encode(), a -> a.totals.add(c.totals()));
        } else if (record.value() instanceof Out.Watermark m && watermarks.update(m)) {
            evict(watermarks.closingPoint(), now);
        }
    }

    private void evict(long point, long now) {
        if (!watermarks.advancesTo(point)) {
            return;
        }
        aggregates.removeClosed(cfg.plan(), point, (k, a, dirty) -> {
            if (dirty) {
                emitter.channelWindow(k, a, now);
            }
        });
        watermarks.closeUpTo(point);
    }

    private void punctuate(long now) {
        aggregates.drainChanged((k, a) -> emitter.channelWindow(k, a, now));
    }

    @Override
    public void close() {
        counters.released(PipelineCounters.Scope.CHANNEL, ctx.taskId().partition());
    }
}
