package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budget and CPA alerts on {@code kpi.alerts}, each once per campaign, day and kind. */
class AlertsTest {
    private final TopologyFixture f = new TopologyFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldAlertOnceAt80AndOnceAt100PercentOfTheDailyBudget() {
        f.campaign("b", "{\"campaignId\":\"b\",\"pricingModel\":\"CPC\",\"rate\":2,\"dailyBudget\":10}");
        for (int i = 0; i < 3; i++) {
            f.click("c" + i, "b", at("10:00:0" + i)); // 6 of 10
        }
        f.flush();
        assertThat(f.read("kpi.alerts")).isEmpty();
        f.click("c3", "b", at("10:00:03")); // 8: exactly 80%
        f.flush();
        List<Map.Entry<String, JsonNode>> first = f.read("kpi.alerts");
        assertThat(first).hasSize(1);
        JsonNode a = first.get(0).getValue();
        assertThat(first.get(0).getKey()).isEqualTo("b");
        assertThat(a.get("kind").asText()).isEqualTo("BUDGET_80");
        assertThat(a.get("day").asText()).isEqualTo("2026-11-22");
        assertThat(a.get("spend").decimalValue()).isEqualByComparingTo("8");
        assertThat(a.get("dailyBudget").decimalValue()).isEqualByComparingTo("10");
        assertThat(a.get("cpa").isNull()).isTrue();
        f.click("c4", "b", at("10:00:04")); // 10: 100%
        f.click("c5", "b", at("10:00:05")); // 12: no new alert
        f.flush();
        assertThat(f.read("kpi.alerts")).extracting(e -> e.getValue().get("kind").asText())
                .containsExactly("BUDGET_100");
        f.click("d1", "b", Instant.parse("2026-11-21T23:59:59Z"));
        f.flush();
        assertThat(f.read("kpi.alerts")).as("another day, below 80%").isEmpty();
    }

    @Test
    void shouldAlertWhenAClosedHoursCpaExceedsTheTargetWithEnoughSales() {
        f.campaign("over", "{\"campaignId\":\"over\",\"pricingModel\":\"CPA\",\"rate\":120,\"targetCpa\":100}");
        f.campaign("few", "{\"campaignId\":\"few\",\"pricingModel\":\"CPA\",\"rate\":120,\"targetCpa\":100}");
        f.campaign("ok", "{\"campaignId\":\"ok\",\"pricingModel\":\"CPA\",\"rate\":100,\"targetCpa\":100}");
        for (int i = 0; i < 5; i++) {
            f.send("sale", "o" + i, "over", at("10:1" + i + ":00"), "");
            f.send("sale", "k" + i, "ok", at("10:1" + i + ":00"), "");
        }
        for (int i = 0; i < 4; i++) {
            f.send("sale", "f" + i, "few", at("10:2" + i + ":00"), "");
        }
        f.flush();
        assertThat(f.read("kpi.alerts")).as("the hour is still open").isEmpty();
        f.advanceAllPartitionsTo(at("11:10:00")); // 10:00-11:00 closes (grace 10 min)
        f.flush();
        List<Map.Entry<String, JsonNode>> alerts = f.read("kpi.alerts");
        assertThat(alerts).hasSize(1);
        JsonNode a = alerts.get(0).getValue();
        assertThat(a.get("campaignId").asText()).isEqualTo("over");
        assertThat(a.get("kind").asText()).isEqualTo("CPA_OVER_TARGET");
        assertThat(a.get("cpa").decimalValue()).isEqualByComparingTo("120");
        assertThat(a.get("targetCpa").decimalValue()).isEqualByComparingTo("100");
        assertThat(a.get("sales").asLong()).isEqualTo(5);
        assertThat(a.get("windowStart").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(a.get("windowEnd").asText()).isEqualTo("2026-11-22T11:00:00Z");
        assertThat(f.count("campaign.pulse.records.written", "topic", "kpi.alerts")).isEqualTo(1);
    }
}
