package io.campaignpulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Lint-clean meter names, as {@code promtool check metrics} wants them. */
class MetricsTest {
    @Test
    void shouldRenameGaugesEndingInCountAndLeaveOutAbbreviatedUnits() {
        assertThat(Metrics.abbreviatedUnit("kafka.consumer.io.time.ns.total")).isTrue();
        assertThat(Metrics.abbreviatedUnit("kafka.app.info.start.time.ms")).isTrue();
        assertThat(Metrics.abbreviatedUnit("kafka.consumer.fetch.manager.records.lead.min")).as("min is minimum")
                .isFalse();
        assertThat(Metrics.lintClean("kafka.producer.connection.count", Meter.Type.GAUGE))
                .isEqualTo("kafka.producer.connection.count.current");
        assertThat(Metrics.lintClean("campaign.pulse.events.read", Meter.Type.COUNTER))
                .isEqualTo("campaign.pulse.events.read");
        assertThat(Metrics.lintClean("requests.count", Meter.Type.COUNTER)).isEqualTo("requests.count");
    }

    @Test
    void shouldRenameInTheScrapeAndFillInMissingHelp() {
        PrometheusMeterRegistry r = Metrics.registry();
        Gauge.builder("kafka.admin.client.connection.count", () -> 2).register(r);
        Gauge.builder("kafka.producer.txn.commit.time.ns.total", () -> 5).register(r);
        String scrape = r.scrape();
        assertThat(scrape).doesNotContain("txn_commit_time");
        assertThat(scrape).contains("kafka_admin_client_connection_count_current 2.0")
                .contains("# HELP kafka_admin_client_connection_count_current Kafka client or JVM metric")
                .doesNotContain("kafka_admin_client_connection_count ");
    }
}
