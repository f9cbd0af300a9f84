package io.campaignpulse.topology;

import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign task's increments for the channel stage since the last commit, summed per
 * (smallest-window bucket, sizes the events missed, channel, currency), so the per-event work is
 * one map update (and one sketch update for an event with a user). At the commit the sums are
 * expanded into one increment per channel window and lifetime record, and the users of each
 * bucket travel once, as sketches the channel stage unions into every window the bucket lies in;
 * all of it written into the batch of the channel's partition. Never persisted: they are written
 * in the same commit that covers the events.
 */
final class ChannelPartials {
    /** {@code customers}: customer changes, which never join a window their sale missed. */
    private record Key(long bucket, int lateMask, String channel, String currency, boolean customers) {
    }

    /** A channel window (size 255: the lifetime record); {@code late}: the increment's events missed it. */
    private record Target(int sizeIndex, long start, String channel, String currency, boolean late) {
    }

    private static final class Partial {
        final Totals totals = new Totals();
        Audience audience;
    }

    private final int lgK;
    private final boolean lateRevisions;
    private final Map<Key, Partial> partials = new HashMap<>();

    /** @param lateRevisions whether late events also travel, as late increments of the windows they missed */
    ChannelPartials(int lgK, boolean lateRevisions) {
        this.lgK = lgK;
        this.lateRevisions = lateRevisions;
    }

    void add(long bucket, int lateMask, String channel, String currency, EventKind kind, long spend, long revenue,
            boolean hasUser, long userHash) {
        Partial p = partials.computeIfAbsent(new Key(bucket, lateMask, channel, currency, false), k -> new Partial());
        p.totals.addEvent(kind, spend, revenue);
        if (hasUser) {
            if (p.audience == null) {
                p.audience = new Audience(lgK, false);
            }
            p.audience.add(kind, userHash);
        }
    }

    /** A customer change (CONTRACT section 12) of the channel; {@code lateMask}: the sizes it must not change. */
    void addCustomers(long bucket, int lateMask, String channel, String currency, long newDelta, long revenueDelta,
            boolean repeat, long userHash) {
        Partial p = partials.computeIfAbsent(new Key(bucket, lateMask, channel, currency, true), k -> new Partial());
        p.totals.addCustomers(newDelta, revenueDelta);
        if (repeat) {
            if (p.audience == null) {
                p.audience = new Audience(lgK, false);
            }
            p.audience.addRepeat(userHash);
        }
    }

    /** Writes every increment into the batch of its channel's partition and forgets them. */
    void drainInto(WindowPlan plan, StageOutbox outbox) {
        Map<Target, Totals> out = new LinkedHashMap<>();
        for (Map.Entry<Key, Partial> e : partials.entrySet()) {
            Key k = e.getKey();
            Totals sums = e.getValue().totals;
            out.computeIfAbsent(new Target(StageBatch.TOTAL_SIZE, 0L, k.channel(), k.currency(), false),
                    t -> new Totals()).add(sums);
            for (int i = 0; i < plan.count(); i++) {
                boolean late = (k.lateMask() & (1 << i)) != 0;
                if (!late || lateRevisions && !k.customers()) {
                    out.computeIfAbsent(new Target(i, plan.start(i, k.bucket()), k.channel(), k.currency(), late),
                            t -> new Totals()).add(sums);
                }
            }
        }
        for (Map.Entry<Target, Totals> e : out.entrySet()) {
            Target t = e.getKey();
            Totals s = e.getValue();
            outbox.batch(partition(t.channel(), t.currency(), outbox))
                    .entry(t.late() ? StageBatch.CHANNEL_LATE_DELTA : StageBatch.CHANNEL_DELTA)
                    .u8(t.sizeIndex()).i64(t.start()).str(t.channel()).str(t.currency()).var(s.impressions)
                    .var(s.clicks).var(s.leads).var(s.sales).var(s.spendMicros).var(s.revenueMicros).i64(s.newCustomers)
                    .i64(s.customerRevenueMicros);
        }
        for (Map.Entry<Key, Partial> e : partials.entrySet()) {
            Audience a = e.getValue().audience;
            if (a == null) {
                continue;
            }
            Key k = e.getKey();
            StageBatch.Writer w = outbox.batch(partition(k.channel(), k.currency(), outbox))
                    .entry(StageBatch.CHANNEL_USERS)
                    .i64(k.bucket()).u8(k.lateMask()).str(k.channel()).str(k.currency()).var(a.userImpressions);
            for (byte[] sketch : a.sketches(true)) {
                w.bytes32(sketch);
            }
        }
        partials.clear();
    }

    private static int partition(String channel, String currency, StageOutbox outbox) {
        return StageOutbox.partitionOf(channel + "/" + currency, outbox.partitions());
    }
}
