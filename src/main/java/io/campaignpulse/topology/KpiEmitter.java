package io.campaignpulse.topology;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.KpiRecord;
import io.campaignpulse.query.ViewStore;
import io.campaignpulse.serde.KpiJson;
import io.campaignpulse.events.Timestamps;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns aggregates into KPI records on their output topics, with the contract's keys, and records
 * each in the task's query view; renders the whole view anew from restored state.
 */
final class KpiEmitter {
    private final TopologyConfig cfg;
    private final ProcessorContext<byte[], Out> ctx;
    private final PipelineCounters counters;
    private final ViewStore view;

    KpiEmitter(TopologyConfig cfg, ProcessorContext<byte[], Out> ctx, PipelineCounters counters, ViewStore view) {
        this.cfg = cfg;
        this.ctx = ctx;
        this.counters = counters;
        this.view = view;
    }

    /** A campaign window record, running or final. */
    void campaignWindow(WindowKey k, Aggregate a, boolean isFinal, long now) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        counters.window(PipelineCounters.Scope.CAMPAIGN, ctx.taskId().partition(), k.id(), a.currency, size.name(),
                k.start(), a.totals, a.audienceCounts());
        byte[] json = campaignWindowJson(k, a, isFinal);
        String topic = isFinal ? cfg.topics().campaignFinal(size) : cfg.topics().campaignWindow(size);
        emit(topic, k.id() + "@" + Timestamps.format(k.start()), json, now);
        view.window(size.name(), k.id(), k.start(), json, isFinal);
    }

    private byte[] campaignWindowJson(WindowKey k, Aggregate a, boolean isFinal) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        return KpiJson.write(new KpiRecord(k.id(), a.campaignChannel(), a.currency, a.pricingModel, size.name(),
                k.start(), k.start() + size.millis(), a.totals, a.audienceCounts(), isFinal, Math.max(0, a.revision),
                a.lateEvents));
    }

    /** A campaign's lifetime record. */
    void campaignTotal(String campaignId, Aggregate a, long now) {
        byte[] json = campaignTotalJson(campaignId, a);
        emit(cfg.topics().campaignTotal(), campaignId, json, now);
        view.total(campaignId, json);
    }

    private static byte[] campaignTotalJson(String campaignId, Aggregate a) {
        return KpiJson.write(new KpiRecord(campaignId, a.campaignChannel(), a.currency, a.pricingModel, "total", null,
                null, a.totals, a.audienceCounts(), false));
    }

    /** A channel window record, running or final; the key id is {@code channel/currency}. */
    void channelWindow(WindowKey k, Aggregate a, boolean isFinal, long now) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        int slash = k.id().lastIndexOf('/');
        counters.window(PipelineCounters.Scope.CHANNEL, ctx.taskId().partition(), k.id().substring(0, slash),
                k.id().substring(slash + 1), size.name(), k.start(), a.totals, a.audienceCounts());
        byte[] json = channelWindowJson(k, a, isFinal);
        String topic = isFinal ? cfg.topics().channelFinal(size) : cfg.topics().channelWindow(size);
        emit(topic, k.id() + "@" + Timestamps.format(k.start()), json, now);
        view.window(size.name(), k.id(), k.start(), json, isFinal);
    }

    private byte[] channelWindowJson(WindowKey k, Aggregate a, boolean isFinal) {
        var size = cfg.plan().sizes().get(k.sizeIndex());
        int slash = k.id().lastIndexOf('/');
        AudienceCounts audience = a.audienceCounts();
        return KpiJson.write(new KpiRecord(null, k.id().substring(0, slash), k.id().substring(slash + 1), null,
                size.name(), k.start(), k.start() + size.millis(), a.totals, audience, isFinal,
                Math.max(0, a.revision), a.lateEvents));
    }

    /** A channel's lifetime record; the key id is {@code channel/currency}. */
    void channelTotal(String id, Aggregate a, long now) {
        byte[] json = channelTotalJson(id, a);
        emit(cfg.topics().channelTotal(), id, json, now);
        view.total(id, json);
    }

    private static byte[] channelTotalJson(String id, Aggregate a) {
        int slash = id.lastIndexOf('/');
        return KpiJson.write(new KpiRecord(null, id.substring(0, slash), id.substring(slash + 1), null, "total", null,
                null, a.totals, a.audienceCounts(), false));
    }

    /** A window that left the state: it leaves the view too. */
    void windowGone(WindowKey k) {
        view.windowGone(cfg.plan().sizes().get(k.sizeIndex()).name(), k.id(), k.start());
    }

    /**
     * Renders the view from restored state, as the topics hold it: a closed window's final record,
     * an open window's running record, every lifetime record.
     */
    void rebuildView(WindowTable windows, boolean campaigns) {
        windows.forEachLive(a -> {
            WindowKey k = a.key;
            if (k.isTotal()) {
                view.total(k.id(), campaigns ? campaignTotalJson(k.id(), a) : channelTotalJson(k.id(), a));
            } else {
                view.window(cfg.plan().sizes().get(k.sizeIndex()).name(), k.id(), k.start(),
                        campaigns ? campaignWindowJson(k, a, a.closed) : channelWindowJson(k, a, a.closed), a.closed);
            }
        });
    }

    private void emit(String topic, String key, byte[] json, long now) {
        ctx.forward(new Record<>(key.getBytes(StandardCharsets.UTF_8), new Out.Emit(topic, json), now));
    }
}
