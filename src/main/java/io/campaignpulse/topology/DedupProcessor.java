package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by event identity (input topic and {@code eventId}), so every copy of an event
 * meets here wherever its producer put it: drops an event whose id was accepted on the same topic
 * with an event time less than {@code dedup.window} away, copies late events to the late topic,
 * and sums the rest into partials. Every {@code emit.interval} it forwards the partials, keyed by
 * campaign, then its closing point (the minimum of the input partitions' progress) to every
 * campaign partition.
 *
 * <p>Ids are forgotten once every input partition is more than {@code dedup.window} past them
 * ({@link SeenIds}), so the state is bounded by the window, whatever the processing speed.
 */
final class DedupProcessor implements Processor<byte[], Out, byte[], Out> {
    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private ProcessorContext<byte[], Out> ctx;
    private SeenIds seen;
    private WatermarkTable watermarks;
    private CatalogueView catalogue;
    private Partials partials;
    private long sentPoint;
    private boolean sentOnce;

    DedupProcessor(TopologyConfig cfg, PipelineCounters counters) {
        this.cfg = cfg;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        seen = new SeenIds(context.getStateStore(StoreNames.DEDUP_SEEN), context.getStateStore(StoreNames.DEDUP_EXPIRY),
                cfg.dedupWindowMs());
        watermarks = new WatermarkTable(context.getStateStore(StoreNames.DEDUP_PROGRESS), cfg.layout().sourceCount());
        catalogue = new CatalogueView(context.getStateStore(StoreNames.CATALOGUE));
        partials = new Partials(context.getStateStore(StoreNames.DEDUP_PARTIALS), catalogue);
        context.schedule(cfg.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], Out> record) {
        if (record.value() instanceof Out.Watermark m) {
            watermarks.update(m);
            return;
        }
        Out.Event e = (Out.Event) record.value();
        String topic = cfg.layout().topics().get(e.kind());
        Bytes id = Bytes.wrap(record.key());
        if (seen.isDuplicateElseRemember(id, e.time())) {
            counters.duplicate(topic);
            return;
        }
        counters.accepted(topic);
        long now = ctx.currentSystemTimeMs();
        counters.eventTimeLag(now - e.time());
        WindowPlan plan = cfg.plan();
        if (e.single()) {
            Totals one = new Totals();
            one.addEvent(EventKind.ofOrdinal(e.kind()), e.spendMicros(), e.revenueMicros());
            Campaign c = catalogue.get(e.campaignId());
            ctx.forward(new Record<>(e.campaignId().getBytes(StandardCharsets.UTF_8), new Out.Delta(e.campaignId(),
                    e.channel(), e.currency(), c == null ? null : c.pricingModel().name(),
                    c == null ? null : c.channel(), plan.bucketStart(e.time()), e.lateMask(), one, e.raw()), now));
            return;
        }
        if (e.lateMask() != 0) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add("late.windows", plan.names(e.lateMask()).getBytes(StandardCharsets.UTF_8));
            ctx.forward(new Record<>(e.raw().key(), (Out) new Out.Emit(cfg.topics().late(), e.raw().value()), now,
                    headers));
            plan.forEachSize(e.lateMask(), i -> counters.late(plan.sizes().get(i).name()));
        }
        partials.add(e, plan.bucketStart(e.time()));
    }

    private void punctuate(long now) {
        partials.drain(d -> ctx.forward(new Record<>(d.campaignId().getBytes(StandardCharsets.UTF_8), d, now)));
        long point = watermarks.closingPoint();
        seen.expire(point);
        if (!sentOnce || point != sentPoint) {
            sentOnce = true;
            sentPoint = point;
            ctx.forward(new Record<>(IngestProcessor.WATERMARK_KEY,
                    new Out.Watermark(ctx.taskId().partition(), point, false), now));
        }
    }
}
