package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers (CONTRACT section 12): a user's first sale by event time (ties: smaller eventId) within
 * {@code customers.lookback}, new and repeat customers per record, cac, and customer revenue, ltv
 * and ltvToCac in the lifetime records where each customer was acquired. Expected values are
 * worked out by hand in each test.
 */
class CustomersTopologyTest {
    private final TopologyFixture f = new TopologyFixture("customers.lookback=PT1H");

    @BeforeEach
    void catalogue() {
        f.campaign("a", "{\"campaignId\":\"a\",\"name\":\"A\",\"channel\":\"search\",\"pricingModel\":\"CPA\","
                + "\"rate\":30,\"currency\":\"NOK\"}");
        f.campaign("b", "{\"campaignId\":\"b\",\"name\":\"B\",\"channel\":\"social\",\"pricingModel\":\"CPA\","
                + "\"rate\":20,\"currency\":\"NOK\"}");
        f.campaign("e", "{\"campaignId\":\"e\",\"name\":\"E\",\"channel\":\"search\",\"pricingModel\":\"CPA\","
                + "\"rate\":5,\"currency\":\"EUR\"}");
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void sale(String id, String campaign, String user, Instant t, String revenue) {
        f.send("sale", id, campaign, t, ",\"userId\":\"" + user + "\",\"revenue\":" + revenue);
    }

    @Test
    void shouldMoveTheFirstSaleToAnEarlierOneReadLater() {
        sale("s2", "a", "u1", at("10:05:00"), "100");
        f.flush();
        sale("s1", "b", "u1", at("10:01:00"), "50"); // earlier, read later: u1 was acquired by b
        f.advanceAllPartitionsTo(at("12:00:00"));
        f.flush();
        Map<String, JsonNode> minutes = f.latest("kpi.campaign.1m.final");
        JsonNode a5 = minutes.get("a@2026-11-22T10:05:00Z");
        assertThat(a5.get("newCustomers").asLong()).isZero();
        assertThat(a5.get("repeatCustomers").asLong()).isEqualTo(1);
        assertThat(a5.get("cac").isNull()).isTrue();
        JsonNode b1 = minutes.get("b@2026-11-22T10:01:00Z");
        assertThat(b1.get("newCustomers").asLong()).isEqualTo(1);
        assertThat(b1.get("repeatCustomers").asLong()).isZero();
        assertThat(b1.get("cac").decimalValue()).isEqualByComparingTo("20"); // spend 20 / 1 new customer
        Map<String, JsonNode> totals = f.latest("kpi.campaign.total");
        assertThat(totals.get("a").get("newCustomers").asLong()).isZero();
        assertThat(totals.get("a").get("customerRevenue").decimalValue()).isZero();
        assertThat(totals.get("a").get("ltv").isNull()).isTrue();
        assertThat(totals.get("b").get("newCustomers").asLong()).isEqualTo(1);
        // Every sale of the customer b acquired: 50 + 100.
        assertThat(totals.get("b").get("customerRevenue").decimalValue()).isEqualByComparingTo("150");
        assertThat(totals.get("b").get("ltv").decimalValue()).isEqualByComparingTo("150");
        assertThat(totals.get("b").get("ltvToCac").asDouble()).isEqualTo(7.5); // 150 / 20
        Map<String, JsonNode> channels = f.latest("kpi.channel.total");
        assertThat(channels.get("social/NOK").get("newCustomers").asLong()).isEqualTo(1);
        assertThat(channels.get("social/NOK").get("customerRevenue").decimalValue()).isEqualByComparingTo("150");
        assertThat(channels.get("search/NOK").get("newCustomers").asLong()).isZero();
        assertThat(channels.get("search/NOK").get("repeatCustomers").asLong()).isEqualTo(1);
        assertThat(f.latest("kpi.channel.1h.final").get("search/NOK@2026-11-22T10:00:00Z").get("newCustomers")
                .asLong()).isZero();
    }

    @Test
    void shouldCountARepeatCustomerAcrossWindowsAndTieOnTheSmallerEventId() {
        sale("s-b", "a", "u1", at("10:01:00"), "10");
        sale("s-a", "a", "u1", at("10:01:00"), "20"); // same time, smaller id: this is the first sale
        sale("s3", "a", "u1", at("10:30:00"), "30");
        sale("s4", "a", "u2", at("10:30:00"), "40");
        f.advanceAllPartitionsTo(at("12:00:00"));
        f.flush();
        Map<String, JsonNode> minutes = f.latest("kpi.campaign.1m.final");
        assertThat(minutes.get("a@2026-11-22T10:01:00Z").get("newCustomers").asLong()).isEqualTo(1);
        assertThat(minutes.get("a@2026-11-22T10:01:00Z").get("repeatCustomers").asLong()).isEqualTo(1); // s-b
        assertThat(minutes.get("a@2026-11-22T10:30:00Z").get("newCustomers").asLong()).isEqualTo(1); // u2
        assertThat(minutes.get("a@2026-11-22T10:30:00Z").get("repeatCustomers").asLong()).isEqualTo(1); // u1
        JsonNode hour = f.latest("kpi.campaign.1h.final").get("a@2026-11-22T10:00:00Z");
        assertThat(hour.get("newCustomers").asLong()).isEqualTo(2);
        assertThat(hour.get("repeatCustomers").asLong()).isEqualTo(1); // u1, once
        assertThat(hour.get("cac").decimalValue()).isEqualByComparingTo("60"); // 4 sales x 30 / 2
        JsonNode total = f.latest("kpi.campaign.total").get("a");
        assertThat(total.get("customerRevenue").decimalValue()).isEqualByComparingTo("100");
        assertThat(total.get("ltv").decimalValue()).isEqualByComparingTo("50");
    }

    @Test
    void shouldAcquireAgainAfterTheLookbackAndKeepCurrenciesApart() {
        sale("s1", "a", "u1", at("10:00:00"), "10");
        sale("s2", "e", "u1", at("10:20:00"), "7"); // EUR: a repeat customer in e, not a's revenue
        sale("s3", "a", "u1", at("11:20:00"), "5"); // 1 h after s2: a first sale again (lookback PT1H)
        sale("s4", "a", "u1", at("11:30:00"), "3");
        f.advanceAllPartitionsTo(at("12:00:00"));
        f.flush();
        Map<String, JsonNode> totals = f.latest("kpi.campaign.total");
        assertThat(totals.get("a").get("newCustomers").asLong()).isEqualTo(2);
        assertThat(totals.get("a").get("customerRevenue").decimalValue()).isEqualByComparingTo("18"); // 10 + 5 + 3
        assertThat(totals.get("e").get("newCustomers").asLong()).isZero();
        assertThat(totals.get("e").get("repeatCustomers").asLong()).isEqualTo(1);
        assertThat(totals.get("e").get("customerRevenue").decimalValue()).isZero();
        Map<String, JsonNode> channels = f.latest("kpi.channel.total");
        assertThat(channels.get("search/NOK").get("customerRevenue").decimalValue()).isEqualByComparingTo("18");
        assertThat(channels.get("search/EUR").get("customerRevenue").decimalValue()).isZero();
        assertThat(channels.get("search/EUR").get("repeatCustomers").asLong()).isEqualTo(1);
        JsonNode noon = f.latest("kpi.campaign.1h").get("a@2026-11-22T11:00:00Z"); // still open: its running record
        assertThat(noon.get("newCustomers").asLong()).isEqualTo(1);
        assertThat(noon.get("repeatCustomers").asLong()).isEqualTo(1); // s4
    }

    @Test
    void shouldCountACustomerOnceForADuplicateSale() {
        sale("s1", "a", "u1", at("10:00:00"), "10");
        sale("s1", "a", "u1", at("10:00:00"), "10"); // the same sale again
        f.advanceAllPartitionsTo(at("11:00:00"));
        f.flush();
        JsonNode total = f.latest("kpi.campaign.total").get("a");
        assertThat(total.get("sales").asLong()).isEqualTo(1);
        assertThat(total.get("newCustomers").asLong()).isEqualTo(1);
        assertThat(total.get("repeatCustomers").asLong()).isZero();
        assertThat(total.get("customerRevenue").decimalValue()).isEqualByComparingTo("10");
    }
}
