package io.campaignpulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.KpiRecord;
import io.campaignpulse.kpi.Totals;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KpiJsonTest {
    @Test
    void shouldWriteTheContractExampleExactly() {
        long start = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
        Totals t = new Totals(12_000, 240, 12, 3, 600_000_000L, 1_497_000_000L);
        t.addCustomers(2, 0);
        KpiRecord r = new KpiRecord("spring-sale", "google", "NOK", "CPC", "1h", start, start + 3_600_000L, t,
                new AudienceCounts(11_988, 8_100, 231, 3, 1), false);
        assertThat(new String(KpiJson.write(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"campaignId\":\"spring-sale\",\"channel\":\"google\",\"currency\":\"NOK\",\"pricingModel\":\"CPC\","
                + "\"window\":\"1h\",\"windowStart\":\"2026-11-22T10:00:00Z\",\"windowEnd\":\"2026-11-22T11:00:00Z\","
                + "\"impressions\":12000,\"clicks\":240,\"leads\":12,\"sales\":3,"
                + "\"spend\":600.0,\"revenue\":1497.0,\"spendMicros\":600000000,\"revenueMicros\":1497000000,"
                + "\"cpm\":50.0,\"cpc\":2.5,\"cpl\":50.0,\"cpa\":200.0,"
                + "\"ctr\":0.02,\"leadRate\":0.05,\"conversionRate\":0.0125,\"leadToSale\":0.25,"
                + "\"roas\":2.495,\"roi\":1.495,"
                + "\"reach\":8100,\"frequency\":1.48,\"actUsers\":231,\"convertUsers\":3,"
                + "\"actRate\":0.02851851851851852,\"convertRate\":0.012987012987012988,\"newCustomers\":2,\"repeatCustomers\":1,\"cac\":300.0,"
                + "\"customerRevenue\":null,\"ltv\":null,\"ltvToCac\":null,"
                + "\"final\":false,\"revision\":0,\"lateEvents\":0}");
    }

    @Test
    void shouldWriteNullsForTheLifetimeBoundsAndZeroDenominators() {
        KpiRecord r = new KpiRecord("c", "unknown", "NOK", null, "total", null, null, new Totals(), AudienceCounts.NONE,
                true);
        String json = new String(KpiJson.write(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"pricingModel\":null", "\"windowStart\":null", "\"windowEnd\":null",
                "\"cpm\":null", "\"roi\":null", "\"spend\":0.0", "\"spendMicros\":0", "\"final\":true",
                "\"revision\":0", "\"reach\":0", "\"frequency\":null", "\"actUsers\":0", "\"convertUsers\":0",
                "\"actRate\":null", "\"convertRate\":null");
    }

    @Test
    void shouldWriteCustomerValueInLifetimeRecordsOnly() throws Exception {
        Totals t = new Totals(0, 0, 0, 3, 100_000_000L, 900_000_000L);
        t.addCustomers(3, 1_000_000_000L); // 3 customers acquired here went on to spend 1000 in all
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode total = json.readTree(KpiJson.write(new KpiRecord("c", "web", "NOK",
                null, "total", null, null, t, AudienceCounts.NONE, false)));
        assertThat(total.get("newCustomers").asLong()).isEqualTo(3);
        assertThat(total.get("cac").decimalValue()).isEqualByComparingTo("33.333333"); // 100 / 3, half-even
        assertThat(total.get("customerRevenue").decimalValue()).isEqualByComparingTo("1000");
        assertThat(total.get("ltv").decimalValue()).isEqualByComparingTo("333.333333");
        assertThat(total.get("ltvToCac").asDouble()).isEqualTo(10.0); // 1000 / 100, not the rounded ltv / cac
        com.fasterxml.jackson.databind.JsonNode window = json.readTree(KpiJson.write(new KpiRecord("c", "web", "NOK",
                null, "1h", 0L, 3_600_000L, t, AudienceCounts.NONE, false)));
        assertThat(window.get("cac").decimalValue()).isEqualByComparingTo("33.333333");
        assertThat(window.get("customerRevenue").isNull()).isTrue();
        assertThat(window.get("ltv").isNull()).isTrue();
        assertThat(window.get("ltvToCac").isNull()).isTrue();
        Totals none = new Totals(0, 0, 0, 0, 5_000_000L, 0);
        com.fasterxml.jackson.databind.JsonNode noCustomers = json.readTree(KpiJson.write(new KpiRecord("c", "web",
                "NOK", null, "total", null, null, none, AudienceCounts.NONE, false)));
        assertThat(noCustomers.get("cac").isNull()).isTrue();
        assertThat(noCustomers.get("ltv").isNull()).isTrue();
        assertThat(noCustomers.get("ltvToCac").isNull()).isTrue();
        assertThat(noCustomers.get("customerRevenue").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void shouldEscapeStringsAsJsonRequires() throws Exception {
        String odd = "a\"b\\c\u0001d\u00e9\ud83d\ude00";
        KpiRecord r = new KpiRecord(odd, "web", "NOK", null, "total", null, null, new Totals(1, 0, 0, 0, 7, 0),
                AudienceCounts.NONE, false);
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(KpiJson.write(r));
        assertThat(n.get("campaignId").asText()).isEqualTo(odd);
        assertThat(n.get("spend").decimalValue()).isEqualByComparingTo("0.000007");
        assertThat(n.get("cpm").decimalValue()).isEqualByComparingTo("0.007"); // 7 micros per impression, per 1000
        assertThat(n.size()).isEqualTo(40); // every field of the contract
    }
}
