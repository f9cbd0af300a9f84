package io.campaignpulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.topology.PipelineCounters.Scope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Totals spend(long units, long clicks) {
        return new Totals(0, clicks, 0, 0, units * 1_000_000L, 0);
    }

    private static Totals withNewCustomers(Totals t, long newCustomers) {
        t.newCustomers = newCustomers;
        return t;
    }

    private List<String> campaignsWithGauges() {
        return registry.find("campaign.pulse.campaign.spend").gauges().stream().map(g -> g.getId().getTag("campaign"))
                .distinct().sorted().toList();
    }

    private double gauge(String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void shouldExportChannelKpisOfTheNewestHourAndDayOnlyAndLiveValues() {
        PipelineMetrics m = new PipelineMetrics(registry);
        m.window(Scope.CHANNEL, 0, "search", "NOK", "1h", 3_600_000L, spend(5, 2), AudienceCounts.NONE);
        m.window(Scope.CHANNEL, 0, "search", "NOK", "1h", 7_200_000L, withNewCustomers(spend(7, 3), 2), new AudienceCounts(40, 25, 3, 1, 4));
        m.window(Scope.CHANNEL, 0, "search", "NOK", "1h", 3_600_000L, spend(99, 9), AudienceCounts.NONE); // an older hour: ignored
        m.window(Scope.CHANNEL, 0, "search", "NOK", "1m", 7_200_000L, spend(1, 1), AudienceCounts.NONE); // not exported
        assertThat(gauge("campaign.pulse.channel.spend", "channel", "search", "window", "1h")).isEqualTo(7.0);
        assertThat(gauge("campaign.pulse.channel.clicks", "channel", "search", "window", "1h")).isEqualTo(3.0);
        assertThat(gauge("campaign.pulse.channel.reach", "channel", "search", "window", "1h")).isEqualTo(25.0);
        assertThat(gauge("campaign.pulse.channel.user.impressions", "channel", "search", "window", "1h")).isEqualTo(40.0);
        assertThat(gauge("campaign.pulse.channel.act.users", "channel", "search", "window", "1h")).isEqualTo(3.0);
        assertThat(gauge("campaign.pulse.channel.convert.users", "channel", "search", "window", "1h")).isEqualTo(1.0);
        assertThat(gauge("campaign.pulse.channel.new.customers", "channel", "search", "window", "1h")).isEqualTo(2.0);
        assertThat(gauge("campaign.pulse.channel.repeat.customers", "channel", "search", "window", "1h")).isEqualTo(4.0);
        assertThat(registry.find("campaign.pulse.channel.spend").tags("window", "1m").gauges()).isEmpty();
        assertThat(campaignsWithGauges()).as("per-campaign labels are off by default").isEmpty();

        m.released(Scope.CHANNEL, 1);
        assertThat(gauge("campaign.pulse.channel.spend", "channel", "search", "window", "1h")).isEqualTo(7.0);
        m.released(Scope.CHANNEL, 0);
        assertThat(registry.find("campaign.pulse.channel.spend").gauges()).as("the task moved away").isEmpty();
    }

    @Test
    void shouldKeepTheChannelSeriesBoundedWhateverChannelNamesArrive() {
        PipelineMetrics m = new PipelineMetrics(registry);
        m.window(Scope.CHANNEL, 0, "search", "NOK", "1d", 0L, spend(1_000, 1), AudienceCounts.NONE);
        for (int i = 0; i < 10_000; i++) {
            m.window(Scope.CHANNEL, 0, "bogus-" + i, "NOK", "1d", 0L, spend(1, 1), AudienceCounts.NONE);
            m.window(Scope.CHANNEL, 0, "bogus-" + i, "NOK", "1h", 0L, spend(1, 1), AudienceCounts.NONE);
        }
        long series = registry.find("campaign.pulse.channel.spend").gauges().size();
        System.out.println("channel spend series after 10,000 bogus channels: " + series);
        assertThat(series).isLessThanOrEqualTo(2L * BusinessMetrics.CHANNEL_MAX);
        assertThat(gauge("campaign.pulse.channel.spend", "channel", "search", "window", "1d"))
                .as("the biggest spender stays").isEqualTo(1_000.0);
        assertThat(registry.getMeters().size()).as("every meter of the registry").isLessThan(30 * BusinessMetrics.CHANNEL_MAX);
    }

    @Test
    void shouldCapCampaignLabelsToTheTopSpendersOfTheDay() {
        PipelineMetrics m = new PipelineMetrics(registry, true, 2);
        m.window(Scope.CAMPAIGN, 0, "a", "NOK", "1d", 0L, spend(10, 1), AudienceCounts.NONE);
        m.window(Scope.CAMPAIGN, 0, "b", "NOK", "1d", 0L, spend(30, 1), AudienceCounts.NONE);
        m.window(Scope.CAMPAIGN, 0, "c", "NOK", "1d", 0L, spend(20, 1), AudienceCounts.NONE);
        m.window(Scope.CAMPAIGN, 0, "c", "NOK", "1h", 0L, spend(20, 1), AudienceCounts.NONE);
        assertThat(campaignsWithGauges()).containsExactly("b", "c");
        assertThat(gauge("campaign.pulse.campaign.spend", "campaign", "c", "window", "1h")).isEqualTo(20.0);
    }

    @Test
    void shouldStartEveryCounterAtZeroForKnownLabels() {
        new PipelineMetrics(registry).preregister(List.of("ads.clicks"), "ads.campaigns", List.of("1m", "1h"));
        assertThat(registry.find("campaign.pulse.events.read").tag("topic", "ads.clicks").counter().count()).isZero();
        assertThat(registry.find("campaign.pulse.events.late").counters()).hasSize(2);
        assertThat(registry.find("campaign.pulse.records.invalid").tag("topic", "ads.campaigns").counters())
                .hasSize(10);
    }
}
