package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.T0;
import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology on TopologyTestDriver: spend, windows, finals, lateness, catalogue and DLQ. */
class CampaignPulseTopologyTest {
    private final TopologyFixture f = new TopologyFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static void assertMoney(JsonNode n, String field, String expected) {
        if (expected == null) {
            assertThat(n.get(field).isNull()).as(field).isTrue();
        } else {
            assertThat(n.get(field).decimalValue()).as(field).isEqualByComparingTo(expected);
        }
    }

    /** The latest running record of a key; drains the topic, so read each topic once per step. */
    private JsonNode running(String window, String key) {
        return f.latest("kpi.campaign." + window).get(key);
    }

    @Test
    void shouldBillCpmCampaignPerThousandImpressions() {
        f.campaign("cpm", "{\"campaignId\":\"cpm\",\"channel\":\"display\",\"pricingModel\":\"CPM\",\"rate\":45.5}");
        for (int i = 0; i < 3; i++) {
            f.impression("i" + i, "cpm", at("10:00:0" + i));
        }
        f.click("c1", "cpm", at("10:00:05"));
        f.flush();
        JsonNode n = running("1m", "cpm@2026-11-22T10:00:00Z");
        assertThat(n.get("impressions").asLong()).isEqualTo(3);
        assertThat(n.get("clicks").asLong()).isEqualTo(1);
        assertMoney(n, "spend", "0.1365"); // 3 x 45.5 / 1000
        assertMoney(n, "cpm", "45.5");
        assertMoney(n, "cpc", "0.1365");
        assertThat(n.get("pricingModel").asText()).isEqualTo("CPM");
        assertThat(n.get("channel").asText()).isEqualTo("display");
    }

    @Test
    void shouldBillCpcCplAndCpaOnlyForTheirEventKind() {
        f.campaign("cpc", "{\"campaignId\":\"cpc\",\"pricingModel\":\"CPC\",\"rate\":2.5}");
        f.campaign("cpl", "{\"campaignId\":\"cpl\",\"pricingModel\":\"CPL\",\"rate\":40}");
        f.campaign("cpa", "{\"campaignId\":\"cpa\",\"pricingModel\":\"CPA\",\"rate\":150.25}");
        for (String c : List.of("cpc", "cpl", "cpa")) {
            f.send("impression", c + "-i", c, at("10:00:01"), "");
            f.send("click", c + "-c1", c, at("10:00:02"), "");
            f.send("click", c + "-c2", c, at("10:00:03"), "");
            f.send("lead", c + "-l", c, at("10:00:04"), "");
            f.send("sale", c + "-s", c, at("10:00:05"), ",\"revenue\":300");
        }
        f.flush();
        Map<String, JsonNode> total = f.latest("kpi.campaign.total");
        assertMoney(total.get("cpc"), "spend", "5.0");
        assertMoney(total.get("cpc"), "cpc", "2.5");
        assertMoney(total.get("cpl"), "spend", "40.0");
        assertMoney(total.get("cpl"), "cpl", "40.0");
        assertMoney(total.get("cpa"), "spend", "150.25");
        assertMoney(total.get("cpa"), "cpa", "150.25");
        assertThat(total.get("cpa").get("roas").asDouble()).isEqualTo(300.0 / 150.25);
        assertThat(total.get("cpa").get("roi").asDouble()).isEqualTo(149.75 / 150.25);
        assertThat(total.get("cpc").get("ctr").asDouble()).isEqualTo(2.0);
        assertThat(total.get("cpc").get("leadToSale").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldPreferTheEventsOwnCostAndChargeNothingWithoutAnEntry() {
        f.campaign("cpc", "{\"campaignId\":\"cpc\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":2.5}");
        f.send("click", "c1", "cpc", at("10:00:01"), ",\"cost\":1.1");
        f.send("click", "c2", "cpc", at("10:00:02"), "");
        f.send("click", "c3", "nobody", at("10:00:03"), ",\"channel\":\"tiktok\"");
        f.send("impression", "i4", "nobody2", at("10:00:03"), "");
        f.flush();
        Map<String, JsonNode> total = f.latest("kpi.campaign.total");
        assertMoney(total.get("cpc"), "spend", "3.6");
        assertMoney(total.get("nobody"), "spend", "0.0");
        assertThat(total.get("nobody").get("channel").asText()).isEqualTo("tiktok");
        assertThat(total.get("nobody").get("currency").asText()).isEqualTo("NOK");
        assertThat(total.get("nobody").get("pricingModel").isNull()).isTrue();
        assertThat(total.get("nobody2").get("channel").asText()).isEqualTo("unknown");
    }

    @Test
    void shouldPutTheLastMillisecondAndTheNextFirstInDifferentWindows() {
        f.impression("a", "c", at("10:00:59.999"));
        f.impression("b", "c", at("10:01:00"));
        f.impression("d", "c", at("10:59:59.999"));
        f.flush();
        Map<String, JsonNode> m = f.latest("kpi.campaign.1m");
        assertThat(m.get("c@2026-11-22T10:00:00Z").get("impressions").asLong()).isEqualTo(1);
        assertThat(m.get("c@2026-11-22T10:01:00Z").get("impressions").asLong()).isEqualTo(1);
        assertThat(m.get("c@2026-11-22T10:00:00Z").get("windowEnd").asText()).isEqualTo("2026-11-22T10:01:00Z");
        JsonNode hour = running("1h", "c@2026-11-22T10:00:00Z");
        assertThat(hour.get("impressions").asLong()).isEqualTo(3);
        assertThat(hour.get("windowEnd").asText()).isEqualTo("2026-11-22T11:00:00Z");
    }

    @Test
    void shouldEmitTheFinalRecordOnceAndOnlyAfterTheGracePeriod() {
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":2}");
        f.impression("i1", "c", at("10:00:10"));
        f.click("c1", "c", at("10:00:20"));
        f.advanceAllPartitionsTo(at("10:10:59.999")); // window end 10:01 + grace 10 min = 10:11
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).isEmpty();
        f.advanceAllPartitionsTo(at("10:11:00"));
        f.flush();
        List<Map.Entry<String, JsonNode>> finals = f.read("kpi.campaign.1m.final");
        assertThat(finals).extracting(Map.Entry::getKey).containsExactly("c@2026-11-22T10:00:00Z");
        JsonNode fin = finals.get(0).getValue();
        assertThat(fin.get("final").asBoolean()).isTrue();
        assertThat(fin.get("impressions").asLong()).isEqualTo(1);
        assertMoney(fin, "spend", "2.0");
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).extracting(Map.Entry::getKey)
                .doesNotContain("c@2026-11-22T10:00:00Z");
        assertThat(f.read("kpi.campaign.1h.final")).isEmpty();
    }

    @Test
    void shouldCloseAWindowOnlyWhenTheSlowestPartitionHasPassedIt() {
        f.impression("i1", "c", at("10:00:10"));
        for (String type : List.of("impression", "lead", "sale")) {
            f.send(type, "ahead-" + type, "clock", at("10:30:00"), "");
        }
        f.click("slow", "clock", at("10:05:00"));
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).isEmpty();
        f.click("slow2", "clock", at("10:11:00"));
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).extracting(Map.Entry::getKey)
                .contains("c@2026-11-22T10:00:00Z");
    }

    @Test
    void shouldDecideLatenessPerInputPartition() {
        f.impression("i1", "c", at("10:00:10"));
        f.send("impression", "ahead", "clock", at("10:12:00"), "");
        // The impressions partition is past 10:01 + 10 min: late for 1m, on time for 1h and 1d.
        f.impression("late", "c", at("10:00:45"));
        // The clicks partition has not passed it: on time for every size.
        f.click("ontime", "c", at("10:00:46"));
        f.flush();
        List<TestRecord<String, byte[]>> late = f.raw("ads.late");
        assertThat(late).hasSize(1);
        assertThat(new String(late.get(0).value(), StandardCharsets.UTF_8)).contains("\"eventId\":\"late\"");
        assertThat(late.get(0).key()).isEqualTo("k");
        assertThat(header(late.get(0), "late.windows")).isEqualTo("1m");
        JsonNode minute = running("1m", "c@2026-11-22T10:00:00Z");
        assertThat(minute.get("impressions").asLong()).isEqualTo(1);
        assertThat(minute.get("clicks").asLong()).isEqualTo(1);
        assertThat(running("1h", "c@2026-11-22T10:00:00Z").get("impressions").asLong()).isEqualTo(2);
        assertThat(f.latest("kpi.campaign.total").get("c").get("impressions").asLong()).isEqualTo(2);
    }

    @Test
    void shouldLetIdlePartitionsNotHoldWindowsAndSendTheirOldEventsToLateAfterward() {
        f.impression("i1", "c", at("10:00:10"));
        f.impression("i2", "clock", at("10:20:00"));
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).isEmpty();
        f.driver.advanceWallClockTime(Duration.ofSeconds(31)); // clicks, leads, sales silent: idle
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).extracting(Map.Entry::getKey)
                .contains("c@2026-11-22T10:00:00Z");
        // The idle clicks partition resumes with an event for the closed minute: late for 1m only.
        f.click("old", "c", at("10:00:30"));
        f.flush();
        List<TestRecord<String, byte[]>> late = f.raw("ads.late");
        assertThat(late).hasSize(1);
        assertThat(header(late.get(0), "late.windows")).isEqualTo("1m");
        assertThat(running("1h", "c@2026-11-22T10:00:00Z").get("clicks").asLong()).isEqualTo(1);
        assertThat(f.latest("kpi.campaign.total").get("c").get("clicks").asLong()).isEqualTo(1);
        assertThat(f.read("kpi.campaign.1m.final")).isEmpty();
    }

    @Test
    void shouldRollChannelRecordsUpAcrossCampaignsByEventChannelAndCurrency() {
        f.campaign("a", "{\"campaignId\":\"a\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":1}");
        f.campaign("b", "{\"campaignId\":\"b\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":3}");
        f.campaign("e", "{\"campaignId\":\"e\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":5,"
                + "\"currency\":\"EUR\"}");
        f.click("1", "a", at("10:00:01"));
        f.click("2", "b", at("10:00:02"));
        f.click("3", "e", at("10:00:03"));
        f.send("click", "4", "a", at("10:00:04"), ",\"channel\":\"social\"");
        f.flush();
        Map<String, JsonNode> ch = f.latest("kpi.channel.1h");
        JsonNode nok = ch.get("search/NOK@2026-11-22T10:00:00Z");
        assertThat(nok.get("clicks").asLong()).isEqualTo(2);
        assertMoney(nok, "spend", "4.0");
        assertMoney(nok, "cpc", "2.0");
        assertThat(nok.get("campaignId").isNull()).isTrue();
        assertThat(nok.get("pricingModel").isNull()).isTrue();
        assertThat(nok.get("currency").asText()).isEqualTo("NOK");
        assertMoney(ch.get("search/EUR@2026-11-22T10:00:00Z"), "spend", "5.0");
        assertMoney(ch.get("social/NOK@2026-11-22T10:00:00Z"), "spend", "1.0");
        // Campaign records keep the entry's channel even when an event names another.
        JsonNode total = f.latest("kpi.campaign.total").get("a");
        assertThat(total.get("channel").asText()).isEqualTo("search");
        assertThat(total.get("window").asText()).isEqualTo("total");
        assertThat(total.get("windowStart").isNull()).isTrue();
        assertMoney(total, "spend", "2.0");
    }

    @Test
    void shouldWriteEachChannelFinalOnceAndLifetimeRecordsPerChannelAndCurrency() {
        f.campaign("a", "{\"campaignId\":\"a\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":1}");
        f.campaign("b", "{\"campaignId\":\"b\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":3}");
        f.click("1", "a", at("10:00:01"));
        f.click("2", "b", at("10:00:59.999"));
        f.send("click", "3", "a", at("10:00:30"), ",\"channel\":\"social\"");
        f.click("4", "a", at("10:01:00")); // the next minute
        f.flush();
        assertThat(f.read("kpi.channel.1m.final")).isEmpty();
        f.advanceAllPartitionsTo(at("10:10:59.999"));
        f.flush();
        assertThat(f.read("kpi.channel.1m.final")).as("10:01 + grace not reached").isEmpty();
        f.advanceAllPartitionsTo(at("10:11:00"));
        f.flush();
        List<Map.Entry<String, JsonNode>> finals = f.read("kpi.channel.1m.final");
        assertThat(finals).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "search/NOK@2026-11-22T10:00:00Z", "social/NOK@2026-11-22T10:00:00Z");
        JsonNode search = finals.stream().filter(e -> e.getKey().startsWith("search")).findFirst().orElseThrow()
                .getValue();
        assertThat(search.get("clicks").asLong()).isEqualTo(2);
        assertMoney(search, "spend", "4.0");
        assertThat(search.get("spendMicros").asLong()).isEqualTo(4_000_000L);
        assertThat(search.get("final").asBoolean()).isTrue();
        assertThat(search.get("window").asText()).isEqualTo("1m");
        assertThat(search.get("windowEnd").asText()).isEqualTo("2026-11-22T10:01:00Z");
        assertThat(search.get("campaignId").isNull()).isTrue();
        Map<String, JsonNode> totals = f.latest("kpi.channel.total");
        assertThat(totals.get("search/NOK").get("clicks").asLong()).isEqualTo(3);
        assertMoney(totals.get("search/NOK"), "spend", "5.0");
        assertThat(totals.get("search/NOK").get("window").asText()).isEqualTo("total");
        assertThat(totals.get("search/NOK").get("windowStart").isNull()).isTrue();
        assertThat(totals.get("social/NOK").get("clicks").asLong()).isEqualTo(1);
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        assertThat(f.read("kpi.channel.1m.final")).extracting(Map.Entry::getKey)
                .doesNotContain("search/NOK@2026-11-22T10:00:00Z", "social/NOK@2026-11-22T10:00:00Z")
                .contains("search/NOK@2026-11-22T10:01:00Z");
    }

    @Test
    void shouldCloseUpToTheFurthestDeliveredTimeAndNoFurtherWhenEveryPartitionIsIdle() {
        f.impression("i1", "c", at("10:00:10"));
        f.impression("i2", "c", at("10:20:00"));
        f.flush();
        f.driver.advanceWallClockTime(Duration.ofSeconds(31)); // every partition read to its end and silent
        f.flush();
        List<Map.Entry<String, JsonNode>> finals = f.read("kpi.campaign.1m.final");
        assertThat(finals).extracting(Map.Entry::getKey).containsExactly("c@2026-11-22T10:00:00Z");
        assertThat(f.read("kpi.campaign.1h.final")).as("10:00-11:00 ends after 10:20").isEmpty();
        assertThat(f.read("kpi.channel.1m.final")).extracting(Map.Entry::getKey)
                .containsExactly("unknown/NOK@2026-11-22T10:00:00Z");
        f.driver.advanceWallClockTime(Duration.ofMinutes(5)); // still nothing new: nothing more closes
        f.flush();
        assertThat(f.read("kpi.campaign.1m.final")).isEmpty();
    }

    @Test
    void shouldApplyACatalogueUpdateToLaterEventsAndATombstoneDeletes() {
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":1}");
        f.click("1", "c", at("10:00:01"));
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":2}");
        f.click("2", "c", at("10:00:02"));
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":-9}"); // invalid: ignored
        f.click("3", "c", at("10:00:03"));
        f.campaign("c", null);
        f.click("4", "c", at("10:00:04"));
        f.flush();
        assertMoney(f.latest("kpi.campaign.total").get("c"), "spend", "5.0");
    }

    @Test
    void shouldSendAMalformedRecordToTheDeadLetterTopicAndCountTheNextGoodOne() {
        f.pipe("ads.clicks", "{\"eventId\":\"x\",\"campaignId\":", at("10:00:01"));
        f.click("good", "c", at("10:00:02"));
        f.flush();
        List<TestRecord<String, byte[]>> dlq = f.raw("ads.dlq");
        assertThat(dlq).hasSize(1);
        TestRecord<String, byte[]> r = dlq.get(0);
        assertThat(r.key()).isEqualTo("k");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"eventId\":\"x\",\"campaignId\":");
        assertThat(header(r, "error.reason")).isEqualTo("MALFORMED_JSON");
        assertThat(header(r, "error.message")).startsWith("the value is not valid JSON");
        assertThat(header(r, "source.topic")).isEqualTo("ads.clicks");
        assertThat(header(r, "source.partition")).isEqualTo("0");
        assertThat(header(r, "source.offset")).isEqualTo("0");
        assertThat(f.latest("kpi.campaign.total").get("c").get("clicks").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRejectEventsTooFarInTheFutureAndCurrencyMismatches() {
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":1,\"currency\":\"EUR\"}");
        Instant wall = T0.plus(Duration.ofHours(2));
        f.click("future", "c", wall.plus(Duration.ofMinutes(6)));
        f.send("click", "nok", "c", at("10:00:00"), ",\"currency\":\"NOK\"");
        f.click("ok", "c", wall.plus(Duration.ofMinutes(4)));
        f.flush();
        assertThat(f.raw("ads.dlq")).extracting(r -> header(r, "error.reason"))
                .containsExactly("FUTURE_TIMESTAMP", "CURRENCY_MISMATCH");
        assertThat(f.latest("kpi.campaign.total").get("c").get("clicks").asLong()).isEqualTo(1);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
