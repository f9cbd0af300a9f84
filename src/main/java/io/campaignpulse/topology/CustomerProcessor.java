package io.campaignpulse.topology;

import io.campaignpulse.kpi.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The customer stage (CONTRACT section 12), keyed by user: decides for every sale with a
 * {@code userId} whether it is the user's first sale ({@link CustomerState}) and passes the sale on
 * to the campaign stage with the customer changes it causes, each a {@link StageBatch#CUSTOMER}
 * entry for the campaign partition of the place it concerns: a new customer where the sale is;
 * a repeat customer where it is, when it is not a first sale; a first sale read earlier that stops
 * being one (no longer a new customer there, a repeat customer instead); and the customer revenue
 * that moves between acquisitions (lifetime records).
 *
 * <p>A duplicate (same event id and campaign as a sale of the user less than {@code dedup.window}
 * away) changes no customer; the campaign stage drops it. A sale more than the largest window plus
 * grace plus {@code dedup.window} behind the closing point is late for every window size and changes
 * no customer figure. The progress it vouches for to the campaign stage is its inputs' closing point
 * ({@link HeldProgress}).
 */
final class CustomerProcessor implements Processor<byte[], Out, byte[], Out> {
    static final int NEW = 1;
    static final int LOST = 2;
    static final int REPEAT = 4;
    /** How far the closing point moves (event time) between two sweeps of forgotten sales. */
    private static final long SWEEP_MS = 3_600_000L;

    private final TopologyConfig cfg;
    private final StageEvent event = new StageEvent(true);
    private ProcessorContext<byte[], Out> ctx;
    private CustomerState state;
    private ClosingGate gate;
    private HeldProgress held;
    private StageOutbox toCampaigns;
    private long lookbackMs;
    private long horizon = Long.MIN_VALUE;
    private long sweptAt = Long.MIN_VALUE;

    CustomerProcessor(TopologyConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void init(ProcessorContext<byte[], Out> context) {
        ctx = context;
        FlushedStore<CustomerState> store = context.getStateStore(StoreNames.CUSTOMER_STATE);
        state = store.content();
        gate = new ClosingGate(cfg.layout(), cfg.lag());
        held = new HeldProgress(HeldProgress.CUSTOMERS, context.taskId().partition());
        toCampaigns = new StageOutbox(cfg.internalPartitions(), 1024);
        lookbackMs = cfg.growth().customersLookback().toMillis();
        horizon = horizonOf(state.watermarks.closedUpTo());
        store.onCommit(context, this::commit);
        // Idle claims count only after an end check; the progress is asked again at this beat.
        context.schedule(CampaignProcessor.VIEW_PUBLISH, PunctuationType.WALL_CLOCK_TIME, t -> { });
    }

    private long horizonOf(long point) {
        return point == Long.MIN_VALUE ? Long.MIN_VALUE
                : point - cfg.plan().largestMs() - cfg.plan().graceMs() - cfg.dedupWindowMs();
    }

    @Override
    public void process(Record<byte[], Out> record) {
        StageBatch.Reader r = new StageBatch.Reader(((Out.Batch) record.value()).bytes());
        while (r.hasNext()) {
            int code = r.u8();
            if (code == StageBatch.EVENT) {
                event.read(r);
                onSale(event);
            } else if (code == StageBatch.WATERMARK || code == StageBatch.HELD) {
                if (HeldProgress.apply(code, r, state.watermarks, cfg.layout(), cfg.internalPartitions())
                        && code == StageBatch.WATERMARK) {
                    gate.progressed();
                }
            } else {
                throw new IllegalStateException("unexpected entry " + code + " in a customer stage batch");
            }
        }
    }

    private void onSale(StageEvent e) {
        e.writeTo(toCampaigns.batch(partitionOf(e.campaignId)));
        if (e.kind != EventKind.SALE.code() || !e.hasUser || e.time < horizon) {
            return;
        }
        CustomerState.User u = state.user(e.userHash);
        CustomerState.forget(u, horizon, lookbackMs);
        List<CustomerState.Sale> sales = u.sales;
        for (CustomerState.Sale s : sales) {
            if (s.eventId.equals(e.eventId) && s.place.campaignId().equals(e.campaignId)
                    && Math.abs(s.time - e.time) < cfg.dedupWindowMs()) {
                return; // a duplicate: the campaign stage drops it
            }
        }
        Map<CustomerState.Place, Long> before = u.credits();
        CustomerState.Place place = state.place(e.campaignId, e.channel, e.currency);
        CustomerState.Sale sale = new CustomerState.Sale(e.time, e.eventId, place, e.lateMask, e.revenueMicros, false);
        int at = 0;
        while (at < sales.size() && sales.get(at).before(sale)) {
            at++;
        }
        long previous = at > 0 ? sales.get(at - 1).time : u.forgottenTime;
        sale.first = previous == Long.MIN_VALUE || sale.time - previous >= lookbackMs;
        sales.add(at, sale);
        if (at + 1 < sales.size()) {
            CustomerState.Sale next = sales.get(at + 1);
            if (next.first && next.time - sale.time < lookbackMs) {
                next.first = false;
                change(next.place, next.time, next.lateMask, LOST | REPEAT, e.userHash, 0);
            }
        }
        change(place, sale.time, sale.lateMask, sale.first ? NEW : REPEAT, e.userHash, 0);
        Map<CustomerState.Place, Long> after = u.credits();
        Set<CustomerState.Place> places = new HashSet<>(before.keySet());
        places.addAll(after.keySet());
        for (CustomerState.Place p : places) {
            long delta = after.getOrDefault(p, 0L) - before.getOrDefault(p, 0L);
            if (delta != 0) {
                change(p, sale.time, 0, 0, e.userHash, delta);
            }
        }
    }

    /** Appends a customer change for the campaign partition of its place. */
    private void change(CustomerState.Place p, long time, int lateMask, int flags, long userHash, long revenueDelta) {
        toCampaigns.batch(partitionOf(p.campaignId())).entry(StageBatch.CUSTOMER).str(p.campaignId()).str(p.channel())
                .str(p.currency()).i64(time).u8(lateMask).u8(flags).i64(userHash).i64(revenueDelta);
    }

    private int partitionOf(String campaignId) {
        return StageOutbox.partitionOf(campaignId.getBytes(StandardCharsets.UTF_8), toCampaigns.partitions());
    }

    /** At every commit: the sales and changes, then the progress this task vouches for. */
    private void commit() {
        long point = state.watermarks.closingPoint(gate.claims());
        held.send(point, ctx.currentSystemTimeMs(), cfg.progressIntervalMs(), toCampaigns);
        toCampaigns.forwardAll(ctx, ctx.currentSystemTimeMs());
        if (state.watermarks.advancesTo(point)) {
            state.watermarks.closeUpTo(point);
            horizon = horizonOf(point);
            if (sweptAt == Long.MIN_VALUE || point - sweptAt >= SWEEP_MS) {
                sweptAt = point;
                state.forgetAll(horizon, lookbackMs);
            }
        }
    }
}
