package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3, keyed by channel and currency: sums the increments of every campaign task into channel
 * windows, emits running records for changed windows every {@code emit.interval}, and drops a
 * window once every campaign task has closed past it.
 */
final class ChannelWindowProcessor implements Processor<byte[], Out, byte[], Out> {
    private final TopologyConfig cfg;
    private ProcessorContext<byte[], Out> ctx;
    private KeyValueStore<Bytes, byte[]> aggregates;
    private DirtyKeys dirty;
    private WatermarkTable watermarks;
    private KpiEmitter emitter;

    ChannelWindowProcessor(TopologyConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        aggregates = context.getStateStore(StoreNames.CHANNEL_AGGREGATES);
        dirty = new DirtyKeys(context.getStateStore(StoreNames.CHANNEL_DIRTY));
        watermarks = new WatermarkTable(context.getStateStore(StoreNames.CHANNEL_WATERMARKS),
                cfg.internalPartitions());
        emitter = new KpiEmitter(cfg, context);
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], Out> record) {
        long now = ctx.currentSystemTimeMs();
        if (record.value() instanceof Out.ChannelDelta c) {
            Bytes key = new WindowKey(c.sizeIndex(), c.windowStart(), c.channel() + "/" + c.currency()).encode();
            byte[] b = aggregates.get(key);
            Aggregate a = b == null ? new Aggregate() : Aggregate.decode(b);
            a.totals.add(c.totals());
            aggregates.put(key, a.encode());
            dirty.mark(key);
        } else if (record.value() instanceof Out.Watermark m && watermarks.update(m)) {
            evict(watermarks.closingPoint(), now);
        }
    }

    private void evict(long point, long now) {
        long closed = watermarks.closedUpTo();
        if (point == Long.MIN_VALUE || (closed != Long.MIN_VALUE && point <= closed)) {
            return;
        }
        WindowPlan plan = cfg.plan();
        for (int i = 0; i < plan.count(); i++) {
            long lastStart = point - plan.graceMs() - plan.sizes().get(i).millis();
            List<Bytes> gone = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = aggregates.range(WindowKey.first(i),
                    WindowKey.lastStartingAtOrBefore(i, lastStart))) {
                it.forEachRemaining(kv -> {
                    gone.add(kv.key);
                    if (dirty.remove(kv.key)) {
                        emitter.channelWindow(WindowKey.decode(kv.key), Aggregate.decode(kv.value), now);
                    }
                });
            }
            gone.forEach(aggregates::delete);
        }
        watermarks.closeUpTo(point);
    }

    private void punctuate(long now) {
        for (Bytes key : dirty.drain()) {
            byte[] b = aggregates.get(key);
            if (b != null) {
                emitter.channelWindow(WindowKey.decode(key), Aggregate.decode(b), now);
            }
        }
    }
}
