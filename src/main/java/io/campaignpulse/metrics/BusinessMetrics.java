package io.campaignpulse.metrics;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.ExperimentReport;
import io.campaignpulse.kpi.Money;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.topology.PipelineCounters.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Business KPIs of the current hour and day as gauges: spend, revenue, the four counts, the
 * audience (impressions with a user, reach, acting and converting users) and new and repeat
 * customers, per
 * channel and currency, and per campaign when enabled (then only for the {@code campaignMax}
 * campaigns with the highest current-day spend, so the label set stays bounded). Ratios are left
 * to PromQL. "Current" is the newest window seen per key, in event time. Rows of a stage task
 * that moved to another instance are dropped, so instances never report the same key twice.
 */
final class BusinessMetrics {
    private static final long REFRESH_MS = 1_000;
    /**
     * At most this many channel/currency keys keep gauges (those with the highest current-day
     * spend; the others are forgotten until they change again), so a flood of bogus channel names
     * cannot grow the series or this map without bound.
     */
    static final int CHANNEL_MAX = 200;
    private static final List<String> WINDOWS = List.of("1h", "1d");

    private record Key(Scope scope, String id, String currency, String window) {
    }

    private record Row(int task, long start, Totals totals, AudienceCounts audience) {
    }

    private final boolean campaignLabels;
    private final int campaignMax;
    private final Map<Key, Row> rows = new ConcurrentHashMap<>();
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private volatile long lastRefresh;

    BusinessMetrics(MeterRegistry registry, boolean campaignLabels, int campaignMax) {
        this.registry = registry;
        this.campaignLabels = campaignLabels;
        this.campaignMax = campaignMax;
    }

    void window(Scope scope, int task, String id, String currency, String window, long start, Totals totals,
            AudienceCounts audience) {
        if (!WINDOWS.contains(window) || scope == Scope.CAMPAIGN && !campaignLabels) {
            return;
        }
        Key key = new Key(scope, id, currency, window);
        Row previous = rows.get(key);
        if (previous == null || previous.start() <= start) {
            rows.put(key, new Row(task, start, totals.copy(), audience));
        }
        long now = System.currentTimeMillis();
        // Gauge values are read live at scrape; the set of rows changes with a new key (and, for the
        // capped campaign rows, with spend ranks, re-evaluated at most every second). While more
        // channel keys arrive than the cap keeps, new keys are taken in at most once a second too, so
        // a flood of channel names costs one re-registration per second, not one per name.
        if (previous == null) {
            pendingKeys = true;
        }
        boolean due = now - lastRefresh >= REFRESH_MS;
        if (previous == null && (channelKeys < CHANNEL_MAX || due)
                || (pendingKeys || scope == Scope.CAMPAIGN) && due) {
            lastRefresh = now;
            pendingKeys = false;
            refresh();
        }
    }

    /** Channel/currency keys with gauges after the last refresh. */
    private volatile int channelKeys;
    /** A key arrived that the last refresh did not see. */
    private volatile boolean pendingKeys;

    void released(Scope scope, int task) {
        if (rows.entrySet().removeIf(e -> e.getKey().scope() == scope && e.getValue().task() == task)) {
            refresh();
        }
        if (scope == Scope.CAMPAIGN && experiments.entrySet().removeIf(e -> e.getValue().task() == task)) {
            refreshExperiments();
        }
    }

    private record Experiment(int task, ExperimentReport report) {
    }

    private final Map<String, Experiment> experiments = new ConcurrentHashMap<>();

    /**
     * The latest report of an experiment, as gauges of its variants' conversion rates and of its
     * tests' p-values; at most {@code campaignMax} experiments (the first seen), so the series stay
     * bounded.
     */
    void experiment(int task, ExperimentReport report) {
        if (!experiments.containsKey(report.campaignId()) && experiments.size() >= campaignMax) {
            return;
        }
        Experiment previous = experiments.put(report.campaignId(), new Experiment(task, report));
        // Values are read live at scrape; the rows change only with the variants.
        if (previous == null || !previous.report().variants().keySet().equals(report.variants().keySet())) {
            refreshExperiments();
        }
    }

    private synchronized void refreshExperiments() {
        MultiGauge rates = gauges.computeIfAbsent("campaign.pulse.experiment.conversion.rate", n -> MultiGauge
                .builder(n).description("Lifetime conversion rate (sales / clicks) of an experiment's variant")
                .register(registry));
        MultiGauge pValues = gauges.computeIfAbsent("campaign.pulse.experiment.p.value", n -> MultiGauge.builder(n)
                .description("Always-valid p-value of a variant against the control (null while too few trials: absent)")
                .register(registry));
        List<MultiGauge.Row<?>> rateRows = new ArrayList<>();
        List<MultiGauge.Row<?>> pRows = new ArrayList<>();
        for (Experiment x : experiments.values()) {
            String id = x.report().campaignId();
            for (String variant : x.report().variants().keySet()) {
                rateRows.add(MultiGauge.Row.of(Tags.of("campaign", id, "variant", variant), id, key -> {
                    Experiment e = experiments.get(key);
                    Totals t = e == null ? null : e.report().variants().get(variant);
                    Double r = t == null ? null : io.campaignpulse.kpi.Kpis.conversionRate(t);
                    return r == null ? Double.NaN : r;
                }));
            }
            for (ExperimentReport.Test test : x.report().tests()) {
                pRows.add(MultiGauge.Row.of(Tags.of("campaign", id, "variant", test.variant(), "metric",
                        test.metric()), id, key -> {
                            Experiment e = experiments.get(key);
                            if (e == null) {
                                return Double.NaN;
                            }
                            for (ExperimentReport.Test t : e.report().tests()) {
                                if (t.variant().equals(test.variant()) && t.metric().equals(test.metric())) {
                                    return t.result().pValue() == null ? Double.NaN : t.result().pValue();
                                }
                            }
                            return Double.NaN;
                        }));
            }
        }
        rates.register(rateRows, true);
        pValues.register(pRows, true);
    }

    /** Re-registers the gauge rows: every channel key, and the top campaigns by current-day spend. */
    synchronized void refresh() {
        List<Map.Entry<Key, Row>> channel = new ArrayList<>();
        Map<String, Long> daySpend = new java.util.HashMap<>();
        List<Map.Entry<Key, Row>> campaign = new ArrayList<>();
        for (Map.Entry<Key, Row> e : rows.entrySet()) {
            if (e.getKey().scope() == Scope.CHANNEL) {
                channel.add(e);
            } else {
                campaign.add(e);
                if (e.getKey().window().equals("1d")) {
                    daySpend.merge(e.getKey().id(), e.getValue().totals().spendMicros, Math::max);
                }
            }
        }
        List<String> top = daySpend.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(campaignMax)
                .map(Map.Entry::getKey).toList();
        campaign.removeIf(e -> !top.contains(e.getKey().id()));
        Map<String, Long> channelSpend = new java.util.HashMap<>();
        for (Map.Entry<Key, Row> e : channel) {
            channelSpend.merge(e.getKey().id() + "/" + e.getKey().currency(),
                    e.getKey().window().equals("1d") ? e.getValue().totals().spendMicros : 0L, Math::max);
        }
        if (channelSpend.size() > CHANNEL_MAX) {
            java.util.Set<String> kept = new java.util.HashSet<>(channelSpend.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(CHANNEL_MAX).map(Map.Entry::getKey).toList());
            channel.removeIf(e -> {
                boolean drop = !kept.contains(e.getKey().id() + "/" + e.getKey().currency());
                if (drop) {
                    rows.remove(e.getKey());
                }
                return drop;
            });
        }
        channelKeys = (int) channel.stream().map(e -> e.getKey().id() + "/" + e.getKey().currency()).distinct()
                .count();
        register("channel", "channel", channel);
        if (campaignLabels) {
            register("campaign", "campaign", campaign);
        }
    }

    private void register(String scope, String idTag, List<Map.Entry<Key, Row>> entries) {
        field(scope, "spend", "Spend in the current window, in currency units", idTag, entries,
                r -> r.totals().spendMicros / (double) Money.MICROS);
        field(scope, "revenue", "Revenue in the current window, in currency units", idTag, entries,
                r -> r.totals().revenueMicros / (double) Money.MICROS);
        field(scope, "impressions", "Impressions in the current window", idTag, entries, r -> r.totals().impressions);
        field(scope, "clicks", "Clicks in the current window", idTag, entries, r -> r.totals().clicks);
        field(scope, "leads", "Leads in the current window", idTag, entries, r -> r.totals().leads);
        field(scope, "sales", "Sales in the current window", idTag, entries, r -> r.totals().sales);
        field(scope, "user.impressions", "Impressions that carry a userId in the current window", idTag, entries,
                r -> r.audience().userImpressions());
        field(scope, "reach", "Distinct users reached (HyperLogLog estimate) in the current window", idTag, entries,
                r -> r.audience().reach());
        field(scope, "act.users", "Distinct users who clicked or left a lead (estimate) in the current window", idTag,
                entries, r -> r.audience().actUsers());
        field(scope, "convert.users", "Distinct users who bought (estimate) in the current window", idTag, entries,
                r -> r.audience().convertUsers());
        field(scope, "new.customers", "Users whose first sale is in the current window", idTag, entries,
                r -> r.totals().newCustomers);
        field(scope, "repeat.customers", "Distinct users with a sale that is not their first (estimate) in the "
                + "current window", idTag, entries, r -> r.audience().repeatCustomers());
    }

    private void field(String scope, String field, String description, String idTag,
            List<Map.Entry<Key, Row>> entries, ToDoubleFunction<Row> value) {
        String name = "campaign.pulse." + scope + "." + field;
        MultiGauge g = gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(description)
                .register(registry));
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        for (Map.Entry<Key, Row> e : entries) {
            Key k = e.getKey();
            out.add(MultiGauge.Row.of(Tags.of(idTag, k.id(), "currency", k.currency(), "window", k.window()), k,
                    key -> {
                        Row r = rows.get(key);
                        return r == null ? Double.NaN : value.applyAsDouble(r);
                    }));
        }
        g.register(out, true);
    }
}
