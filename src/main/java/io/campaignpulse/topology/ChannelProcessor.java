package io.campaignpulse.topology;

import io.campaignpulse.kpi.Totals;
import org.apache.datasketches.hll.HllSketch;
import io.campaignpulse.query.ViewStore;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 3, keyed by channel and currency: sums the increments of every campaign task into channel
 * windows and lifetime totals, in plain memory ({@link ChannelState}). A window closes once every
 * campaign task has closed past it, which happens only after that task forwarded all its
 * increments for it; its final record is written then, once. At every commit it writes a running
 * record for each window and total that changed, and persists what changed.
 */
final class ChannelProcessor implements Processor<byte[], Out, byte[], Out> {
    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private ProcessorContext<byte[], Out> ctx;
    private ChannelState state;
    private KpiEmitter emitter;
    private ViewStore view;
    private StageOutbox outbox;
    private int recommendSize = -1;
    /** The last recommend.window boundary reported to the recommendation stage (see {@link #commit}). */
    private long sentEpoch;
    private boolean sentOnce;

    ChannelProcessor(TopologyConfig cfg, PipelineCounters counters) {
        this.cfg = cfg;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        FlushedStore<ChannelState> store = context.getStateStore(StoreNames.CHANNEL_STATE);
        state = store.content();
        view = context.getStateStore(StoreNames.CHANNEL_VIEW);
        emitter = new KpiEmitter(cfg, context, counters, view);
        outbox = new StageOutbox(cfg.internalPartitions(), 256);
        recommendSize = cfg.growth().recommendWindow() == null ? -1
                : cfg.plan().sizes().indexOf(cfg.growth().recommendWindow());
        sentOnce = false;
        store.onCommit(context, this::commit);
        view.rebuild(() -> emitter.rebuildView(state.windows, false));
        context.schedule(CampaignProcessor.VIEW_PUBLISH, PunctuationType.WALL_CLOCK_TIME, t -> view.publish());
    }

    @Override
    public void process(Record<byte[], Out> record) {
        view.publish(); // the previous commit has completed
        StageBatch.Reader r = new StageBatch.Reader(((Out.Batch) record.value()).bytes());
        long now = ctx.currentSystemTimeMs();
        while (r.hasNext()) {
            int code = r.u8();
            if (code == StageBatch.CHANNEL_DELTA) {
                int size = r.u8();
                long start = r.i64();
                String id = r.str() + "/" + r.str();
                Totals t = new Totals(r.var(), r.var(), r.var(), r.var(), r.var(), r.var());
                if (r.withCustomers()) {
                    t.addCustomers(r.i64(), r.i64());
                }
                WindowKey key = size == StageBatch.TOTAL_SIZE ? WindowKey.total(id) : new WindowKey(size, start, id);
                state.windows.update(key).totals.add(t);
            } else if (code == StageBatch.CHANNEL_LATE_DELTA) {
                int size = r.u8();
                long start = r.i64();
                String id = r.str() + "/" + r.str();
                Totals t = new Totals(r.var(), r.var(), r.var(), r.var(), r.var(), r.var());
                if (r.withCustomers()) {
                    t.addCustomers(r.i64(), r.i64());
                }
                addLate(new WindowKey(size, start, id), t);
            } else if (code == StageBatch.CHANNEL_USERS) {
                long bucket = r.i64();
                int lateMask = r.u8();
                String id = r.str() + "/" + r.str();
                long userImpressions = r.var();
                byte[][] bytes = new byte[r.withCustomers() ? Audience.SETS : Audience.SETS_WITHOUT_REPEAT][];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = r.bytes32();
                }
                HllSketch[] sketches = Audience.heapify(bytes);
                int lgK = cfg.reachLgK();
                state.windows.update(WindowKey.total(id)).audience(lgK).mergeIncrement(userImpressions, sketches);
                WindowPlan plan = cfg.plan();
                for (int i = 0; i < plan.count(); i++) {
                    WindowKey key = new WindowKey(i, plan.start(i, bucket), id);
                    if ((lateMask & (1 << i)) == 0) {
                        state.windows.update(key).audience(lgK).mergeIncrement(userImpressions, sketches);
                    } else if (cfg.lateRevisions()) {
                        // late users join the window only where their late increment did (it came first)
                        Aggregate a = state.windows.get(key);
                        if (a != null && a.lateEvents > 0) {
                            state.windows.touch(a);
                            a.audience(lgK).mergeIncrement(userImpressions, sketches);
                        }
                    }
                }
            } else if (code == StageBatch.CLOSED) {
                int task = r.i32();
                long closed = r.i64();
                if (state.closing.update(task, closed, false)) {
                    close(state.closing.closingPoint(), now);
                }
            } else {
                throw new IllegalStateException("unexpected entry " + code + " in a channel stage batch");
            }
        }
    }

    /**
     * Late events' increment of a channel window they missed: added while the window is retained
     * (created when nothing reached it before), counted as late; a closed window then owes a revision.
     */
    private void addLate(WindowKey key, Totals t) {
        Aggregate a = state.windows.lateTarget(cfg.plan(), key, state.closing.closedUpTo());
        if (a == null) {
            return; // past retention (the events are on the late topic)
        }
        a.totals.add(t);
        a.lateAdded(t.events());
    }

    private void close(long point, long now) {
        if (!state.closing.advancesTo(point)) {
            return;
        }
        state.windows.removeClosed(cfg.plan(), point, (k, a, dirty) -> {
            a.revision = 0;
            if (dirty) {
                emitter.channelWindow(k, a, false, now);
            }
            emitter.channelWindow(k, a, true, now);
            if (k.sizeIndex() == recommendSize) {
                forRecommendation(k, a);
            }
        }, emitter::windowGone);
        state.closing.closeUpTo(point);
    }

    /** A closed window of {@code recommend.window}: its sums go to the currency's recommendation task. */
    private void forRecommendation(WindowKey k, Aggregate a) {
        int slash = k.id().lastIndexOf('/');
        String currency = k.id().substring(slash + 1);
        outbox.batch(StageOutbox.partitionOf(currency, outbox.partitions())).entry(StageBatch.CHANNEL_FINAL)
                .i64(k.start()).str(k.id().substring(0, slash)).str(currency).var(a.totals.spendMicros)
                .var(a.totals.revenueMicros).var(a.totals.sales);
    }

    private void commit() {
        view.publish(); // the previous commit has completed
        long now = ctx.currentSystemTimeMs();
        if (recommendSize >= 0) {
            // The recommendation stage only acts when a recommend.window window closes, so this task's
            // closing point goes there only when it passes the next such window's end plus grace.
            long closed = state.closing.closedUpTo();
            long size = cfg.plan().sizes().get(recommendSize).millis();
            long epoch = closed == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(closed - cfg.plan().graceMs(), size);
            if (!sentOnce || epoch != sentEpoch) {
                sentOnce = true;
                sentEpoch = epoch;
                int task = ctx.taskId().partition();
                outbox.toEvery(w -> w.entry(StageBatch.CLOSED).i32(task).i64(closed));
            }
            outbox.forwardAll(ctx, now);
        }
        state.windows.forEachChanged(a -> {
            if (a.closed) {
                if (a.nextRevision()) { // late events reached the closed window
                    emitter.channelWindow(a.key, a, false, now);
                    emitter.channelWindow(a.key, a, true, now);
                }
                return;
            }
            if (a.key.isTotal()) {
                emitter.channelTotal(a.key.id(), a, now);
            } else {
                emitter.channelWindow(a.key, a, false, now);
            }
        });
        view.seal(); // what this commit's transaction holds
    }

    @Override
    public void close() {
        counters.released(PipelineCounters.Scope.CHANNEL, ctx.taskId().partition());
    }
}
