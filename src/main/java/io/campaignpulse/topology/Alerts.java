package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.Alert;
import io.campaignpulse.kpi.Kpis;
import io.campaignpulse.query.ViewStore;
import io.campaignpulse.serde.AlertJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Budget and CPA alerts of the campaign stage, each at most once per campaign, UTC day and kind
 * (remembered, with its JSON for the query API, in a changelogged store until the day is well closed). Budget alerts follow the
 * {@code 1d} window's spend as it changes; CPA alerts are checked on each closed {@code 1h}
 * window. Without those window sizes the corresponding alerts are off.
 */
final class Alerts {
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;

    private final TopologyConfig cfg;
    private final ProcessorContext<byte[], Out> ctx;
    private final KeyValueStore<String, byte[]> sent;
    private final CatalogueView catalogue;
    private final ViewStore view;
    private final int daySize;
    private final int hourSize;

    Alerts(TopologyConfig cfg, ProcessorContext<byte[], Out> ctx, CatalogueView catalogue, ViewStore view) {
        this.view = view;
        this.cfg = cfg;
        this.ctx = ctx;
        this.sent = ctx.getStateStore(StoreNames.ALERTS_SENT);
        this.catalogue = catalogue;
        this.daySize = sizeIndex(cfg.plan(), DAY_MS);
        this.hourSize = sizeIndex(cfg.plan(), HOUR_MS);
    }

    private static int sizeIndex(WindowPlan plan, long millis) {
        for (int i = 0; i < plan.count(); i++) {
            if (plan.sizes().get(i).millis() == millis) {
                return i;
            }
        }
        return -1;
    }

    /** After a campaign window changed: checks the day's spend against the daily budget. */
    void onWindowChanged(WindowKey k, Aggregate a, long now) {
        if (k.sizeIndex() != daySize) {
            return;
        }
        Campaign c = catalogue.get(k.id());
        if (c == null || c.dailyBudgetMicros() <= 0) {
            return;
        }
        long spend = a.totals.spendMicros;
        long budget = c.dailyBudgetMicros();
        if (spend >= budget - budget / 5) { // spend >= 80% of budget, exactly: b - floor(b/5) = ceil(4b/5)
            raise(new Alert(k.id(), Alert.Kind.BUDGET_80, day(k.start()), a.currency, k.start(), k.start() + DAY_MS,
                    spend, a.totals.sales, budget, -1, -1, now), now);
        }
        if (spend >= budget) {
            raise(new Alert(k.id(), Alert.Kind.BUDGET_100, day(k.start()), a.currency, k.start(), k.start() + DAY_MS,
                    spend, a.totals.sales, budget, -1, -1, now), now);
        }
    }

    /** When a campaign window closed: checks a 1h window's CPA against the target CPA. */
    void onWindowClosed(WindowKey k, Aggregate a, long now) {
        if (k.sizeIndex() != hourSize || a.totals.sales < cfg.alertsMinSales()) {
            return;
        }
        Campaign c = catalogue.get(k.id());
        if (c == null || c.targetCpaMicros() < 0) {
            return;
        }
        long spend = a.totals.spendMicros;
        long sales = a.totals.sales;
        boolean over;
        try {
            over = spend > Math.multiplyExact(c.targetCpaMicros(), sales);
        } catch (ArithmeticException e) {
            over = false; // target x sales beyond any possible spend
        }
        if (over) {
            raise(new Alert(k.id(), Alert.Kind.CPA_OVER_TARGET, day(k.start()), a.currency, k.start(),
                    k.start() + HOUR_MS, spend, sales, -1, Kpis.cpa(a.totals),
                    c.targetCpaMicros(), now), now);
        }
    }

    private void raise(Alert alert, long now) {
        String key = alert.day() + "|" + alert.campaignId() + "|" + alert.kind();
        if (sent.get(key) != null) {
            return;
        }
        byte[] json = AlertJson.write(alert);
        sent.put(key, json);
        ctx.forward(new Record<>(alert.campaignId().getBytes(StandardCharsets.UTF_8),
                new Out.Emit(cfg.topics().alerts(), json), now));
        view.alert(key, json);
    }

    /** Records every remembered alert in the view (those of releases that kept only a mark are skipped). */
    void rebuildView() {
        try (KeyValueIterator<String, byte[]> it = sent.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value.length > 1) {
                    view.alert(kv.key, kv.value);
                }
            }
        }
    }

    /** Forgets alerts of days that closed more than a day before {@code closedUpTo}. */
    void expire(long closedUpTo) {
        long before = Math.floorDiv(closedUpTo - cfg.plan().graceMs(), DAY_MS) * DAY_MS - DAY_MS;
        if (closedUpTo == Long.MIN_VALUE || before <= 0) {
            return;
        }
        String upTo = day(before);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = sent.range(null, upTo)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.compareTo(upTo) < 0) {
                    old.add(kv.key);
                }
            }
        }
        for (String key : old) {
            sent.delete(key);
            view.alertGone(key);
        }
    }

    private static String day(long ms) {
        return Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
