package io.campaignpulse.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyNamingTest {
    @Test
    void shouldNameEveryNodeStoreAndRepartitionTopicExplicitly() {
        Settings s = SettingsLoader.load(Map.of(), Map.of(), List.of());
        TopologyDescription d = CampaignPulseTopology.build(s, InputLayout.uniform(s.topics().events(), 6),
                InputLag.ALWAYS_AT_END).describe();
        String text = d.toString();
        assertThat(text).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM-SOURCE", "-0000");
        assertThat(text).contains("events-by-campaign-repartition", "increments-by-channel-repartition",
                "finals-by-currency-repartition", StoreNames.CATALOGUE, StoreNames.INGEST_STATE,
                StoreNames.CAMPAIGN_STATE, StoreNames.CHANNEL_STATE, StoreNames.ALERTS_SENT, StoreNames.RECOMMEND_STATE);
        assertThat(text).contains("clicks-by-click-id-repartition", "sales-by-user-repartition",
                "attributed-by-campaign-repartition", "attributed-by-user-repartition",
                "customers-by-campaign-repartition", StoreNames.ATTRIBUTION_STATE, StoreNames.CUSTOMER_STATE);
        // Six stages (ingest; attribution by click id; customers by user; campaigns; channel increments;
        // the closed windows of recommend.window by currency) plus the global catalogue.
        assertThat(d.subtopologies()).hasSize(6);
        assertThat(d.globalStores()).hasSize(1);
    }
}
