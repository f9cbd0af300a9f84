package io.campaignpulse.topology;

import io.campaignpulse.config.Settings;
import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.ExperimentReport;
import io.campaignpulse.serde.ExperimentJson;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.query.ViewStore;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, keyed by campaign, so every copy of an event meets here: drops an event whose id was
 * accepted for the same campaign on the same topic with an event time less than
 * {@code dedup.window} away, copies late events to the late topic, and adds the rest to every
 * window size and the lifetime total, all in plain memory ({@link CampaignState}). Windows close
 * once every input partition has passed them (or is idle), each final record emitted once.
 *
 * <p>At every commit it writes a running record for each aggregate that changed, forwards the
 * channel increments and its closing point to the channel stage, and persists what changed.
 */
final class CampaignProcessor implements Processor<byte[], Out, byte[], Out> {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignProcessor.class);
    private static final long DAY_MS = 86_400_000L;
    static final Duration VIEW_PUBLISH = Duration.ofSeconds(1);

    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private final StageEvent event = new StageEvent();
    private ProcessorContext<byte[], Out> ctx;
    private CampaignState state;
    private KpiEmitter emitter;
    private ViewStore view;
    private Alerts alerts;
    private final CatalogueView catalogue;
    private ChannelPartials channels;
    private StageOutbox outbox;
    private List<String> topics;
    private long sentClosed;
    private boolean sentOnce;
    private long alertsExpiredDay = Long.MIN_VALUE;
    private ClosingGate gate;
    private CampaignCursors cursors;

    CampaignProcessor(TopologyConfig cfg, PipelineCounters counters, CatalogueView catalogue) {
        this.cfg = cfg;
        this.catalogue = catalogue;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        FlushedStore<CampaignState> store = context.getStateStore(StoreNames.CAMPAIGN_STATE);
        state = store.content();
        view = context.getStateStore(StoreNames.CAMPAIGN_VIEW);
        emitter = new KpiEmitter(cfg, context, counters, view);
        alerts = new Alerts(cfg, context, catalogue, view);
        channels = new ChannelPartials(cfg.reachLgK(), cfg.lateRevisions());
        outbox = new StageOutbox(cfg.internalPartitions(), 1024);
        topics = cfg.layout().topics();
        sentOnce = false;
        cursors = new CampaignCursors(state.windows, cfg.plan(), cfg.reachLgK());
        gate = new ClosingGate(cfg.layout(), cfg.lag());
        store.onCommit(context, this::commit);
        view.rebuild(() -> {
            emitter.rebuildView(state.windows, true);
            for (String id : state.experiments.campaigns()) {
                ExperimentReport report = report(id);
                if (report != null) {
                    view.experiment(id, ExperimentJson.write(report));
                }
            }
            alerts.rebuildView();
        });
        // Publishes the last commit's records when no further input arrives (see ViewStore), and closes
        // what idle claims allow once an end check newer than the latest progress has come in.
        context.schedule(VIEW_PUBLISH, PunctuationType.WALL_CLOCK_TIME, t -> {
            view.publish();
            close(gate.point(state.watermarks), ctx.currentSystemTimeMs());
        });
    }

    @Override
    public void process(Record<byte[], Out> record) {
        view.publish(); // the previous commit has completed
        StageBatch.Reader r = new StageBatch.Reader(((Out.Batch) record.value()).bytes());
        long now = ctx.currentSystemTimeMs();
        while (r.hasNext()) {
            int code = r.u8();
            if (code == StageBatch.EVENT) {
                event.read(r);
                onEvent(event, now);
            } else if (code == StageBatch.WATERMARK || code == StageBatch.HELD) {
                if (HeldProgress.apply(code, r, state.watermarks, cfg.layout(), cfg.internalPartitions())) {
                    if (code == StageBatch.WATERMARK) {
                        gate.progressed();
                    } else {
                        gate.recheck();
                    }
                    close(gate.point(state.watermarks), now);
                }
            } else if (code == StageBatch.CUSTOMER) {
                onCustomer(r);
            } else {
                throw new IllegalStateException("unexpected entry " + code + " in a campaign stage batch");
            }
        }
    }

    private void onEvent(StageEvent e, long now) {
        String topic = topics.get(e.kind);
        if (state.ids.isDuplicateElseRemember(e.digest1, e.digest2, e.time)) {
            counters.duplicate(topic);
            return;
        }
        counters.accepted(topic);
        counters.eventTimeLag(now - e.time);
        WindowPlan plan = cfg.plan();
        // Sizes whose window this task already closed, beyond those ingest found late.
        int closedMask = plan.lateMask(e.time, state.watermarks.closedUpTo()) & ~e.lateMask;
        int mask = e.lateMask | closedMask;
        if (mask != 0) {
            if (e.hasRaw) {
                RecordHeaders headers = new RecordHeaders(e.rawHeaders.toArray());
                headers.add("late.windows", plan.names(mask).getBytes(StandardCharsets.UTF_8));
                ctx.forward(new Record<>(e.rawKey, (Out) new Out.Emit(cfg.topics().late(), e.rawValue), now, headers));
                plan.forEachSize(mask, i -> counters.late(plan.sizes().get(i).name()));
            } else {
                // Ingest sends an event's bytes whenever its window may have closed; reaching here means
                // instance clocks differ by more than the margin. The event stays in the lifetime total.
                plan.forEachSize(closedMask, i -> counters.late(plan.sizes().get(i).name()));
                LOG.error("an event of campaign '{}' at {} arrived for windows already closed ({}); excluded from them",
                        e.campaignId, e.time, plan.names(closedMask));
            }
        }
        EventKind kind = EventKind.ofCode(e.kind);
        if (e.organic) { // a conversion no click explains: channel records of 'organic' only
            counters.organic(topic);
            channels.add(plan.bucketStart(e.time), mask, e.channel, e.currency, kind, e.spendMicros, e.revenueMicros,
                    e.hasUser, e.userHash);
            return;
        }
        if (e.variant != null) {
            state.experiments.add(e.campaignId, e.variant, e.currency, kind, e.spendMicros, e.revenueMicros);
        }
        WindowTable windows = state.windows;
        CampaignCursors.Cursor c = cursors.cursor(e.campaignId);
        windows.touch(c.total);
        c.total.addEvent(kind, e.spendMicros, e.revenueMicros, e.currency, e.channel);
        int lgK = cfg.reachLgK();
        if (e.hasUser) {
            c.total.addUser(kind, e.userHash, lgK);
        }
        for (int i = 0; i < plan.count(); i++) {
            if ((mask & (1 << i)) != 0) {
                if (cfg.lateRevisions()) {
                    addLate(i, e, kind, lgK);
                }
            } else {
                Aggregate a = cursors.window(c, i, plan.start(i, e.time), e.campaignId);
                a.addEvent(kind, e.spendMicros, e.revenueMicros, e.currency, e.channel);
                if (e.hasUser) {
                    a.addUser(kind, e.userHash, lgK);
                }
            }
        }
        channels.add(plan.bucketStart(e.time), mask, e.channel, e.currency, kind, e.spendMicros, e.revenueMicros,
                e.hasUser, e.userHash);
    }

    /**
     * A customer change from the customer stage (CONTRACT section 12): a new customer (or one no
     * longer new) and a repeat customer in each window of its sale that is open and that the sale
     * did not miss, and in the lifetime record, which also takes the customer revenue change. An
     * organic place changes only its channel records.
     */
    private void onCustomer(StageBatch.Reader r) {
        String campaignId = r.str();
        String channel = r.str();
        String currency = r.str();
        long time = r.i64();
        int lateMask = r.u8();
        int flags = r.u8();
        long userHash = r.i64();
        long revenueDelta = r.i64();
        WindowPlan plan = cfg.plan();
        int mask = lateMask | plan.lateMask(time, state.watermarks.closedUpTo());
        long newDelta = (flags & CustomerProcessor.NEW) != 0 ? 1 : (flags & CustomerProcessor.LOST) != 0 ? -1 : 0;
        boolean repeat = (flags & CustomerProcessor.REPEAT) != 0;
        if (!campaignId.isEmpty()) {
            cursors.addCustomers(campaignId, time, mask, flags != 0, newDelta, revenueDelta, repeat, userHash);
        }
        channels.addCustomers(plan.bucketStart(time), mask, channel, currency, newDelta, revenueDelta, repeat, userHash);
    }

    /**
     * With late revisions on, a late event joins the window it missed while that window is retained
     * (created when no event reached it before), and counts as one of its late events; a closed
     * window then owes a revision, written at the commit.
     */
    private void addLate(int size, StageEvent e, EventKind kind, int lgK) {
        WindowPlan plan = cfg.plan();
        Aggregate a = state.windows.lateTarget(plan, new WindowKey(size, plan.start(size, e.time), e.campaignId),
                state.watermarks.closedUpTo());
        if (a == null) {
            return; // past retention: only on the late topic
        }
        a.addEvent(kind, e.spendMicros, e.revenueMicros, e.currency, e.channel);
        if (e.hasUser) {
            a.addUser(kind, e.userHash, lgK);
        }
        a.lateAdded(1);
    }

    private void close(long point, long now) {
        if (!state.watermarks.advancesTo(point)) {
            return;
        }
        state.windows.removeClosed(cfg.plan(), point, (k, a, dirty) -> {
            cursors.closed(k, a); // let the closed window go
            describe(k.id(), a);
            a.revision = 0;
            if (dirty) {
                running(k, a, now);
            }
            emitter.campaignWindow(k, a, true, now);
            counters.finalDelay(now - cfg.plan().sizes().get(k.sizeIndex()).millis() - k.start());
            alerts.onWindowClosed(k, a, now);
        }, emitter::windowGone);
        state.watermarks.closeUpTo(point);
        state.ids.expire(point);
        long day = Math.floorDiv(point, DAY_MS);
        if (day != alertsExpiredDay) {
            alertsExpiredDay = day;
            alerts.expire(point);
        }
    }

    /** The running record of a changed window, and the budget alerts its new spend may raise. */
    private void running(WindowKey k, Aggregate a, long now) {
        emitter.campaignWindow(k, a, false, now);
        alerts.onWindowChanged(k, a, now);
    }

    /** Takes the record's descriptive fields from the entry in force now. */
    private void describe(String campaignId, Aggregate a) {
        Campaign c = catalogue.get(campaignId);
        a.pricingModel = c == null ? null : c.pricingModel().name();
        a.entryChannel = c == null ? null : c.channel();
    }

    /** At every commit: running records of what changed, then the channel stage's batches. */
    private void commit() {
        view.publish(); // the previous commit has completed
        long now = ctx.currentSystemTimeMs();
        state.windows.forEachChanged(a -> {
            WindowKey k = a.key;
            if (a.closed) {
                if (a.nextRevision()) { // late events reached the closed window
                    describe(k.id(), a);
                    running(k, a, now);
                    emitter.campaignWindow(k, a, true, now);
                }
                return; // else it closed in this commit and its final is written
            }
            describe(k.id(), a);
            if (k.isTotal()) {
                emitter.campaignTotal(k.id(), a, now);
            } else {
                running(k, a, now);
            }
        });
        experiments(now);
        channels.drainInto(cfg.plan(), outbox);
        long closed = state.watermarks.closedUpTo();
        if (!sentOnce || closed != sentClosed) {
            sentOnce = true;
            sentClosed = closed;
            int task = ctx.taskId().partition();
            outbox.toEvery(w -> w.entry(StageBatch.CLOSED).i32(task).i64(closed));
        }
        outbox.forwardAll(ctx, now);
        view.seal(); // what this commit's transaction holds
    }

    /** The experiment record of every campaign whose arms changed and that has two or more variants. */
    private void experiments(long now) {
        for (String id : state.experiments.changed()) {
            ExperimentReport report = report(id);
            if (report != null) {
                counters.experiment(ctx.taskId().partition(), report);
                byte[] json = ExperimentJson.write(report);
                ctx.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8),
                        (Out) new Out.Emit(cfg.topics().experiment(), json), now));
                view.experiment(id, json);
            }
        }
    }

    /** A campaign's experiment report from its arms; null with fewer than two variants. */
    private ExperimentReport report(String id) {
        Settings.Growth g = cfg.growth();
        Experiments.Arms arms = state.experiments.get(id);
        Campaign c = catalogue.get(id);
        return ExperimentReport.of(id, arms.currency, c == null ? null : c.controlVariant(), arms.variants,
                g.experimentsAlpha(), g.experimentsTau(), g.experimentsMinTrials());
    }

    @Override
    public void close() {
        counters.released(PipelineCounters.Scope.CAMPAIGN, ctx.taskId().partition());
    }
}
