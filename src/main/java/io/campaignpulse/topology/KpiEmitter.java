package io.campaignpulse.topology;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.KpiRecord;
import io.campaignpulse.serde.KpiJson;
import io.campaignpulse.events.Timestamps;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns aggregates into KPI records on their output topics, with the contract's keys. */
final class KpiEmitter {
    private final TopologyConfig cfg;
    private final ProcessorContext<byte[], Out> ctx;
    private final PipelineCounters counters;

    KpiEmitter(TopologyConfig cfg, ProcessorContext<byte[], Out> ctx, PipelineCounters counters) {
        this.cfg = cfg;
        this.ctx = ctx;
        this.counters = counters;
    }

    /** A campaign window record, running or final. */
    void campaignWindow(WindowKey k, Aggregate a, boolean isFinal, long now) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        AudienceCounts audience = a.audienceCounts();
        KpiRecord r = new KpiRecord(k.id(), a.campaignChannel(), a.currency, a.pricingModel, size.name(), k.start(),
                k.start() + size.millis(), a.totals, audience, isFinal, Math.max(0, a.revision), a.lateEvents);
        String topic = isFinal ? cfg.topics().campaignFinal(size) : cfg.topics().campaignWindow(size);
        counters.window(PipelineCounters.Scope.CAMPAIGN, ctx.taskId().partition(), k.id(), a.currency, size.name(),
                k.start(), a.totals, audience);
        emit(topic, k.id() + "@" + Timestamps.format(k.start()), r, now);
    }

    /** A campaign's lifetime record. */
    void campaignTotal(String campaignId, Aggregate a, long now) {
        KpiRecord r = new KpiRecord(campaignId, a.campaignChannel(), a.currency, a.pricingModel, "total", null, null,
                a.totals, a.audienceCounts(), false);
        emit(cfg.topics().campaignTotal(), campaignId, r, now);
    }

    /** A channel window record, running or final; the key id is {@code channel/currency}. */
    void channelWindow(WindowKey k, Aggregate a, boolean isFinal, long now) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        int slash = k.id().lastIndexOf('/');
        AudienceCounts audience = a.audienceCounts();
        counters.window(PipelineCounters.Scope.CHANNEL, ctx.taskId().partition(), k.id().substring(0, slash),
                k.id().substring(slash + 1), size.name(), k.start(), a.totals, audience);
        KpiRecord r = new KpiRecord(null, k.id().substring(0, slash), k.id().substring(slash + 1), null, size.name(),
                k.start(), k.start() + size.millis(), a.totals, audience, isFinal, Math.max(0, a.revision),
                a.lateEvents);
        String topic = isFinal ? cfg.topics().channelFinal(size) : cfg.topics().channelWindow(size);
        emit(topic, k.id() + "@" + Timestamps.format(k.start()), r, now);
    }

    /** A channel's lifetime record; the key id is {@code channel/currency}. */
    void channelTotal(String id, Aggregate a, long now) {
        int slash = id.lastIndexOf('/');
        KpiRecord r = new KpiRecord(null, id.substring(0, slash), id.substring(slash + 1), null, "total", null, null,
                a.totals, a.audienceCounts(), false);
        emit(cfg.topics().channelTotal(), id, r, now);
    }

    private void emit(String topic, String key, KpiRecord r, long now) {
        ctx.forward(new Record<>(key.getBytes(StandardCharsets.UTF_8), new Out.Emit(topic, KpiJson.write(r)), now));
    }
}
