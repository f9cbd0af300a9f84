package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code kpi.recommendations} on TopologyTestDriver, with 1-minute recommendation windows. */
class RecommendationTopologyTest {
    private final TopologyFixture f = new TopologyFixture("recommend.window=1m", "recommend.min.sales=2",
            "recommend.step=0.25");

    @AfterEach
    void close() {
        f.close();
    }

    private void sale(String id, String campaign, String time, String revenue, String extra) {
        f.send("sale", id, campaign, at(time), ",\"revenue\":" + revenue + extra);
    }

    @Test
    void shouldRecommendOnceThePerCurrencyWindowClosesAcrossEveryChannel() {
        f.campaign("s", "{\"campaignId\":\"s\",\"channel\":\"search\",\"pricingModel\":\"CPA\",\"rate\":10}");
        f.campaign("d", "{\"campaignId\":\"d\",\"channel\":\"display\",\"pricingModel\":\"CPA\",\"rate\":20}");
        f.campaign("e", "{\"campaignId\":\"e\",\"channel\":\"email\",\"pricingModel\":\"CPA\",\"rate\":5,"
                + "\"currency\":\"EUR\"}");
        // search: spend 20, revenue 90 (ROAS 4.5); display: spend 60, revenue 30 (ROAS 0.5), 3 sales;
        // organic: excluded whatever its figures; email: EUR, alone in its currency.
        sale("s1", "s", "10:00:01", "40", "");
        sale("s2", "s", "10:00:02", "50", "");
        sale("d1", "d", "10:00:03", "10", "");
        sale("d2", "d", "10:00:04", "10", "");
        sale("d3", "d", "10:00:05", "10", "");
        sale("o1", "s", "10:00:06", "1000", ",\"channel\":\"organic\",\"cost\":0.01");
        sale("o2", "s", "10:00:07", "1000", ",\"channel\":\"organic\",\"cost\":0.01");
        sale("e1", "e", "10:00:08", "1", "");
        sale("e2", "e", "10:00:09", "1", "");
        f.flush();
        assertThat(f.read("kpi.recommendations")).as("the window is open").isEmpty();
        f.advanceAllPartitionsTo(at("10:11:00"));
        f.flush();
        f.flush();
        List<Map.Entry<String, JsonNode>> recs = f.read("kpi.recommendations");
        assertThat(recs).extracting(Map.Entry::getKey).containsExactly("NOK@2026-11-22T10:00:00Z");
        JsonNode r = recs.get(0).getValue();
        assertThat(r.get("window").asText()).isEqualTo("1m");
        assertThat(r.get("windowEnd").asText()).isEqualTo("2026-11-22T10:01:00Z");
        assertThat(r.get("from").asText()).isEqualTo("display");
        assertThat(r.get("to").asText()).isEqualTo("search");
        // shift = 0.25 x 60 = 15; expected revenue change = 15 x (4.5 - 0.5) = 60
        assertThat(r.get("shift").decimalValue()).isEqualByComparingTo("15");
        assertThat(r.get("expectedRevenueChange").decimalValue()).isEqualByComparingTo("60");
        assertThat(r.get("fromRoas").asDouble()).isEqualTo(0.5);
        assertThat(r.get("toRoas").asDouble()).isEqualTo(4.5);
        assertThat(r.get("basis").asText()).isEqualTo("average ROAS in the closed window; not a causal estimate");
        assertThat(r.get("channels")).extracting(c -> c.get("channel").asText()).containsExactly("search", "display");
        assertThat(r.get("channels").get(1).get("sales").asLong()).isEqualTo(3);
        assertThat(r.get("channels").get(1).get("spend").decimalValue()).isEqualByComparingTo("60");
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        assertThat(f.read("kpi.recommendations")).as("once per window").isEmpty();
    }
}
