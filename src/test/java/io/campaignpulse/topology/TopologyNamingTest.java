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
        // Four stages (one full-volume hop, one for channel increments, one for the closed windows of
        // recommend.window by currency) plus the global catalogue.
        assertThat(d.subtopologies()).hasSize(4);
        assertThat(d.globalStores()).hasSize(1);
    }
}
