package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.Reason;
import io.campaignpulse.kpi.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The attribution stage (CONTRACT section 11), keyed by click id: remembers every click that
 * carries a {@code clickId} for {@code attribution.lookback}, and credits each lead or sale that
 * names no campaign to the latest remembered click with its click id at or before it and less
 * than the lookback before it. The credited conversion takes the click's campaign, its channel
 * (unless it carries one) and its variant (unless it carries one), is priced by that campaign, and
 * travels on to the campaign stage (a sale with a user through the customer stage); one that no
 * click explains is organic.
 *
 * <p>The decision depends on the input alone. A conversion waits until every clicks partition has
 * delivered an event at or past its time, or is idle (an idle claim counts as {@link ClosingGate}
 * says). Only a click its partition delivered before it passed the conversion's time can be
 * credited, so a click read later, however fast or slow the partitions are, never changes an
 * answer. While conversions wait, the progress this stage vouches for ({@link HeldProgress}) is
 * held back to the oldest of them, so the windows they belong to stay open.
 */
final class AttributionProcessor implements Processor<byte[], Out, byte[], Out> {
    static final int GIVEN_CHANNEL = 1;
    static final int GIVEN_COST = 2;
    static final int GIVEN_CURRENCY = 4;
    static final String ORGANIC = "organic";
    /** How far the closing point moves (event time) between two sweeps of expired clicks. */
    private static final long SWEEP_MS = 3_600_000L;

    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private final CatalogueView catalogue;
    private ProcessorContext<byte[], Out> ctx;
    private AttributionState state;
    private ClosingGate gate;
    private HeldProgress held;
    private StageOutbox toCampaigns;
    private StageOutbox toCustomers;
    private int[] clickSources;
    private long lookbackMs;
    private long sweptAt = Long.MIN_VALUE;

    AttributionProcessor(TopologyConfig cfg, PipelineCounters counters, CatalogueView catalogue) {
        this.cfg = cfg;
        this.counters = counters;
        this.catalogue = catalogue;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        FlushedStore<AttributionState> store = context.getStateStore(StoreNames.ATTRIBUTION_STATE);
        state = store.content();
        InputLayout layout = cfg.layout();
        gate = new ClosingGate(layout, cfg.lag());
        held = new HeldProgress(HeldProgress.ATTRIBUTION, context.taskId().partition());
        toCampaigns = new StageOutbox(Out.Batch.NEXT, cfg.internalPartitions(), 1024);
        toCustomers = new StageOutbox(Out.Batch.CUSTOMERS, cfg.internalPartitions(), 256);
        int clicks = EventKind.CLICK.code();
        clickSources = java.util.stream.IntStream.range(0, layout.sourceCount())
                .filter(s -> layout.topicOfSource(s) == clicks).toArray();
        lookbackMs = cfg.growth().attributionLookback().toMillis();
        store.onCommit(context, this::commit);
        context.schedule(CampaignProcessor.VIEW_PUBLISH, PunctuationType.WALL_CLOCK_TIME,
                t -> resolve(ctx.currentSystemTimeMs()));
    }

    @Override
    public void process(Record<byte[], Out> record) {
        StageBatch.Reader r = new StageBatch.Reader(((Out.Batch) record.value()).bytes());
        while (r.hasNext()) {
            int code = r.u8();
            if (code == StageBatch.CLICK) {
                String clickId = r.str();
                state.addClick(clickId, AttributionState.readClick(r));
            } else if (code == StageBatch.CONVERSION) {
                state.addPending(AttributionState.readConversion(r));
            } else if (code == StageBatch.WATERMARK) {
                if (HeldProgress.apply(code, r, state.watermarks, cfg.layout(), cfg.internalPartitions())) {
                    gate.progressed();
                }
            } else {
                throw new IllegalStateException("unexpected entry " + code + " in an attribution stage batch");
            }
        }
        resolve(ctx.currentSystemTimeMs());
    }

    /** Credits every waiting conversion whose time every clicks partition has passed (or is idle). */
    private void resolve(long now) {
        if (state.pending.isEmpty()) {
            return;
        }
        long ready = state.watermarks.progressOf(clickSources, gate.claims());
        while (!state.pending.isEmpty() && state.pending.firstKey().time() <= ready) {
            Map.Entry<AttributionState.PendingKey, AttributionState.Pending> first = state.pending.firstEntry();
            state.removePending(first.getKey());
            credit(first.getValue(), now);
        }
    }

    /** The click a conversion at {@code time} is credited to, or null (organic). */
    AttributionState.Click clickOf(String clickId, long time) {
        List<AttributionState.Click> candidates = new ArrayList<>();
        for (AttributionState.Click c : state.clicks(clickId)) {
            if (c.time() <= time && time - c.time() < lookbackMs && c.progressBefore() < time) {
                candidates.add(c);
            }
        }
        // The latest; among clicks at the same time, an order of their content alone.
        return candidates.stream().max(Comparator.comparingLong(AttributionState.Click::time)
                .thenComparing(AttributionState.Click::campaignId).thenComparing(AttributionState.Click::channel)
                .thenComparing(c -> c.variant() == null ? "" : c.variant())).orElse(null);
    }

    private void credit(AttributionState.Pending p, long now) {
        StageEvent e = p.event;
        AttributionState.Click click = clickOf(p.clickId, e.time);
        boolean costGiven = (p.flags & GIVEN_COST) != 0;
        boolean currencyGiven = (p.flags & GIVEN_CURRENCY) != 0;
        if (click == null) {
            e.organic = true;
            e.campaignId = "";
            e.channel = ORGANIC;
            if (!currencyGiven) {
                e.currency = cfg.defaultCurrency();
            }
            if (!costGiven) {
                e.spendMicros = 0;
            }
        } else {
            Campaign c = catalogue.get(click.campaignId());
            String currency = c != null ? c.currency() : cfg.defaultCurrency();
            if (currencyGiven && !e.currency.equals(currency)) {
                String topic = cfg.layout().topics().get(e.kind);
                counters.invalid(topic, Reason.CURRENCY_MISMATCH);
                ctx.forward(DeadLetters.of(e.rawKey, e.rawValue, e.rawHeaders, topic, e.rawPartition, e.rawOffset,
                        Reason.CURRENCY_MISMATCH, "field 'currency' is '" + e.currency + "' but campaign '"
                                + click.campaignId() + "' (credited by clickId '" + p.clickId + "') is billed in "
                                + currency, cfg.topics().dlq(), now));
                return;
            }
            e.campaignId = click.campaignId();
            if ((p.flags & GIVEN_CHANNEL) == 0) {
                e.channel = click.channel();
            }
            if (e.variant == null) {
                e.variant = click.variant();
            }
            e.currency = currency;
            if (!costGiven) {
                e.spendMicros = c != null ? c.priceOf(EventKind.ofCode(e.kind)) : 0L;
            }
        }
        if (!e.single && e.lateMask == 0) {
            e.rawKey = null; // as ingest: the original bytes travel only when a late copy may be due
            e.rawValue = null;
            e.rawHeaders = null;
        }
        if (e.kind == EventKind.SALE.code() && e.hasUser) {
            e.writeTo(toCustomers.batch(StageOutbox.partitionOfUser(e.userHash, toCustomers.partitions())));
        } else {
            e.writeTo(toCampaigns.batch(StageOutbox.partitionOf(e.campaignId.getBytes(StandardCharsets.UTF_8),
                    toCampaigns.partitions())));
        }
    }

    /** At every commit: the credited conversions, then the progress this task vouches for. */
    private void commit() {
        long now = ctx.currentSystemTimeMs();
        resolve(now);
        long point = state.watermarks.closingPoint(gate.claims());
        if (!state.pending.isEmpty()) {
            point = Math.min(point, state.pending.firstKey().time());
        }
        held.send(point, now, cfg.progressIntervalMs(), toCampaigns, toCustomers);
        toCampaigns.forwardAll(ctx, now);
        toCustomers.forwardAll(ctx, now);
        if (point != Long.MIN_VALUE && (sweptAt == Long.MIN_VALUE || point - sweptAt >= SWEEP_MS)) {
            sweptAt = point;
            // A conversion older than this is late for every window size; its click may be forgotten.
            state.expireClicks(point - lookbackMs - cfg.plan().graceMs() - cfg.plan().largestMs());
        }
    }
}
