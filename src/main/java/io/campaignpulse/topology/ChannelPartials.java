package io.campaignpulse.topology;

import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign task's increments for the channel stage since the last commit, summed per
 * (smallest-window bucket, sizes the events missed, channel, currency), so the per-event work is
 * one map update. At the commit they are expanded into one increment per channel window and
 * lifetime record and written into the batch of the channel's partition. Never persisted: they
 * are written in the same commit that covers the events.
 */
final class ChannelPartials {
    private record Key(long bucket, int lateMask, String channel, String currency) {
    }

    private record Target(int sizeIndex, long start, String channel, String currency) {
    }

    private final Map<Key, Totals> partials = new HashMap<>();

    void add(long bucket, int lateMask, String channel, String currency, EventKind kind, long spend, long revenue) {
        partials.computeIfAbsent(new Key(bucket, lateMask, channel, currency), k -> new Totals())
                .addEvent(kind, spend, revenue);
    }

    /** Writes every increment into the batch of its channel's partition and forgets them. */
    void drainInto(WindowPlan plan, StageOutbox outbox) {
        Map<Target, Totals> out = new LinkedHashMap<>();
        for (Map.Entry<Key, Totals> e : partials.entrySet()) {
            Key k = e.getKey();
            out.computeIfAbsent(new Target(StageBatch.TOTAL_SIZE, 0L, k.channel(), k.currency()), t -> new Totals())
                    .add(e.getValue());
            for (int i = 0; i < plan.count(); i++) {
                if ((k.lateMask() & (1 << i)) == 0) {
                    out.computeIfAbsent(new Target(i, plan.start(i, k.bucket()), k.channel(), k.currency()),
                            t -> new Totals()).add(e.getValue());
                }
            }
        }
        partials.clear();
        for (Map.Entry<Target, Totals> e : out.entrySet()) {
            Target t = e.getKey();
            Totals s = e.getValue();
            outbox.batch(StageOutbox.partitionOf(t.channel() + "/" + t.currency(), outbox.partitions()))
                    .entry(StageBatch.CHANNEL_DELTA)
                    .u8(t.sizeIndex()).i64(t.start()).str(t.channel()).str(t.currency()).var(s.impressions)
                    .var(s.clicks).var(s.leads).var(s.sales).var(s.spendMicros).var(s.revenueMicros);
        }
    }
}
