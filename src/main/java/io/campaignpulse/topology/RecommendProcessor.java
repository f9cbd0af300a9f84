package io.campaignpulse.topology;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import io.campaignpulse.kpi.Recommendation;
import io.campaignpulse.serde.RecommendationJson;
import io.campaignpulse.events.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 4, keyed by currency: collects the channels' sums of each closed {@code recommend.window}
 * window from every channel task, and once every channel task has closed past the window (so
 * every channel of the currency is in), writes its budget-shift recommendation (CONTRACT section
 * 14), once. Late events never reach it: a recommendation already made stays.
 */
final class RecommendProcessor implements Processor<byte[], Out, byte[], Out> {
    private final TopologyConfig cfg;
    private ProcessorContext<byte[], Out> ctx;
    private RecommendState state;

    RecommendProcessor(TopologyConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        FlushedStore<RecommendState> store = context.getStateStore(StoreNames.RECOMMEND_STATE);
        state = store.content();
    }

    @Override
    public void process(Record<byte[], Out> record) {
        StageBatch.Reader r = new StageBatch.Reader(((Out.Batch) record.value()).bytes());
        while (r.hasNext()) {
            int code = r.u8();
            if (code == StageBatch.CHANNEL_FINAL) {
                long start = r.i64();
                String channel = r.str();
                String currency = r.str();
                state.add(new RecommendState.Window(start, currency),
                        new Recommendation.Channel(channel, r.var(), r.var(), r.var()));
            } else if (code == StageBatch.CLOSED) {
                int task = r.i32();
                long closed = r.i64();
                if (state.closing.update(task, closed, false)) {
                    close(state.closing.closingPoint());
                }
            } else {
                throw new IllegalStateException("unexpected entry " + code + " in a recommendation stage batch");
            }
        }
    }

    private void close(long point) {
        if (!state.closing.advancesTo(point)) {
            return;
        }
        Settings.Growth g = cfg.growth();
        WindowSize size = g.recommendWindow();
        long now = ctx.currentSystemTimeMs();
        Iterator<Map.Entry<RecommendState.Window, Map<String, Recommendation.Channel>>> it =
                state.pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<RecommendState.Window, Map<String, Recommendation.Channel>> e = it.next();
            RecommendState.Window w = e.getKey();
            if (w.start() + size.millis() + cfg.plan().graceMs() > point) {
                break; // sorted by start
            }
            Recommendation rec = Recommendation.of(w.currency(), e.getValue(), g.recommendMinSales(),
                    g.recommendStep());
            if (rec != null) {
                String key = w.currency() + "@" + Timestamps.format(w.start());
                ctx.forward(new Record<>(key.getBytes(StandardCharsets.UTF_8), (Out) new Out.Emit(
                        cfg.topics().recommendations(), RecommendationJson.write(rec, size.name(), w.start(),
                                w.start() + size.millis())), now));
            }
            it.remove();
            state.remove(w);
        }
        state.closing.closeUpTo(point);
    }
}
