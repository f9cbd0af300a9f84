package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attribution by click (CONTRACT section 11): a lead or sale that names no campaign takes the
 * campaign, channel and variant of the latest remembered click with its clickId at or before it and
 * less than {@code attribution.lookback} before it; else it is organic. Expected values are worked
 * out by hand in each test.
 */
class AttributionTopologyTest {
    private static final String MINUTE = "@2026-11-22T10:00:00Z";
    private final TopologyFixture f = new TopologyFixture("attribution.lookback=PT1H");

    @BeforeEach
    void catalogue() {
        // CPA at 40 NOK per sale, CPL at 7.5 NOK per lead; EUR campaign for the currency check.
        f.campaign("a", "{\"campaignId\":\"a\",\"name\":\"A\",\"channel\":\"search\",\"pricingModel\":\"CPA\","
                + "\"rate\":40,\"currency\":\"NOK\"}");
        f.campaign("b", "{\"campaignId\":\"b\",\"name\":\"B\",\"channel\":\"social\",\"pricingModel\":\"CPL\","
                + "\"rate\":7.5,\"currency\":\"NOK\"}");
        f.campaign("e", "{\"campaignId\":\"e\",\"name\":\"E\",\"channel\":\"video\",\"pricingModel\":\"CPC\","
                + "\"rate\":1,\"currency\":\"EUR\"}");
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void click(String id, String campaign, String clickId, Instant t, String extra) {
        f.send("click", id, campaign, t, ",\"clickId\":\"" + clickId + "\"" + extra);
    }

    /** A lead or sale without campaignId. */
    private void conversion(String type, String id, String clickId, Instant t, String extra) {
        f.pipe(f.topicOf(type), "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"clickId\":\"" + clickId
                + "\",\"timestamp\":\"" + t + "\"" + extra + "}", t);
    }

    private Map<String, JsonNode> finals(String size) {
        return f.latest("kpi.campaign." + size + ".final");
    }

    @Test
    void shouldCreditAConversionReadBeforeItsClickAndHoldItsWindowsOpenUntilThen() {
        conversion("sale", "s1", "k1", at("10:00:30"), ",\"revenue\":100");
        f.flush();
        click("c1", "a", "k1", at("10:00:20"), "");
        // The other partitions pass the minute's end plus grace first, then the clicks partition: the
        // campaign stage hears of that before the attribution stage has credited the sale, and must wait.
        for (String type : new String[] {"impression", "lead", "sale", "click"}) {
            f.send(type, "clock-" + type, "clock", at("10:30:00"), "");
        }
        f.flush();
        JsonNode m = finals("1m").get("a" + MINUTE);
        assertThat(m.get("sales").asLong()).isEqualTo(1);
        assertThat(m.get("clicks").asLong()).isEqualTo(1);
        assertThat(m.get("spend").decimalValue()).isEqualByComparingTo("40"); // priced by a: CPA 40
        assertThat(m.get("revenue").decimalValue()).isEqualByComparingTo("100");
        assertThat(m.get("channel").asText()).isEqualTo("search");
        assertThat(f.raw("ads.late")).isEmpty();
        assertThat(f.count("campaign.pulse.events.late")).isZero();
    }

    @Test
    void shouldCreditAClickJustInsideTheLookbackAndNotOneJustOutside() {
        click("c1", "a", "k1", at("10:00:00"), "");
        conversion("lead", "l1", "k1", at("10:59:59.999"), ""); // less than 1 h after: credited to a
        conversion("lead", "l2", "k1", at("11:00:00"), ""); // exactly 1 h after: outside, organic
        f.advanceAllPartitionsTo(at("12:00:00"));
        f.flush();
        assertThat(f.latest("kpi.campaign.total").get("a").get("leads").asLong()).isEqualTo(1);
        assertThat(f.latest("kpi.channel.total").get("organic/NOK").get("leads").asLong()).isEqualTo(1);
    }

    @Test
    void shouldCreditTheLatestOfTwoClicksWithOneIdAtOrBeforeTheConversion() {
        click("c1", "a", "k1", at("10:00:10"), "");
        click("c2", "b", "k1", at("10:00:40"), "");
        conversion("lead", "l1", "k1", at("10:00:30"), ""); // after a's click, before b's: a
        conversion("lead", "l2", "k1", at("10:00:40"), ""); // at b's click: b
        conversion("lead", "l3", "k1", at("10:00:50"), ""); // after both: b, the latest
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        Map<String, JsonNode> totals = f.latest("kpi.campaign.total");
        assertThat(totals.get("a").get("leads").asLong()).isEqualTo(1);
        assertThat(totals.get("b").get("leads").asLong()).isEqualTo(2);
        assertThat(totals.get("b").get("spend").decimalValue()).isEqualByComparingTo("15"); // CPL 7.5 x 2
        assertThat(totals.get("a").get("spend").decimalValue()).isZero(); // a is CPA: a lead costs nothing
    }

    @Test
    void shouldKeepTheCampaignAConversionNamesAndTakeChannelAndVariantFromTheClick() {
        click("c1", "a", "k1", at("10:00:10"), ",\"variant\":\"B\",\"channel\":\"partner\"");
        f.send("sale", "s1", "b", at("10:00:20"), ",\"clickId\":\"k1\",\"revenue\":5"); // names b: stays b
        conversion("lead", "l1", "k1", at("10:00:30"), ""); // takes a, the click's channel and variant
        conversion("lead", "l2", "k1", at("10:00:40"), ",\"channel\":\"email\",\"variant\":\"A\"");
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        Map<String, JsonNode> totals = f.latest("kpi.campaign.total");
        assertThat(totals.get("b").get("sales").asLong()).isEqualTo(1);
        assertThat(totals.get("a").get("sales").asLong()).isZero();
        assertThat(totals.get("a").get("leads").asLong()).isEqualTo(2);
        Map<String, JsonNode> channels = f.latest("kpi.channel.total");
        assertThat(channels.get("partner/NOK").get("leads").asLong()).isEqualTo(1);
        assertThat(channels.get("partner/NOK").get("clicks").asLong()).isEqualTo(1);
        assertThat(channels.get("email/NOK").get("leads").asLong()).isEqualTo(1);
        JsonNode experiment = f.latest("kpi.experiment").get("a");
        assertThat(experiment).as("variants A (its own) and B (from the click)").isNotNull();
        assertThat(experiment.toString()).contains("\"A\"", "\"B\"");
    }

    @Test
    void shouldCountAConversionNoClickExplainsAsOrganicOnly() {
        conversion("sale", "s1", "nobody", at("10:00:30"), ",\"revenue\":12.5,\"userId\":\"u1\"");
        conversion("lead", "l1", "nobody", at("10:00:31"), ",\"currency\":\"EUR\"");
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        JsonNode organic = f.latest("kpi.channel.1m.final").get("organic/NOK" + MINUTE);
        assertThat(organic.get("sales").asLong()).isEqualTo(1);
        assertThat(organic.get("revenue").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(organic.get("spend").decimalValue()).isZero();
        assertThat(organic.get("campaignId").isNull()).isTrue();
        assertThat(organic.get("newCustomers").asLong()).isEqualTo(1);
        assertThat(f.latest("kpi.channel.total").get("organic/EUR").get("leads").asLong()).isEqualTo(1);
        assertThat(f.latest("kpi.campaign.total").keySet()).containsOnly("clock");
        assertThat(f.count("campaign.pulse.conversions.organic", "topic", "ads.sales")).isEqualTo(1);
        assertThat(f.count("campaign.pulse.conversions.organic", "topic", "ads.leads")).isEqualTo(1);
        assertThat(f.raw("ads.late")).isEmpty();
    }

    @Test
    void shouldCountADuplicateAttributedConversionOnce() {
        click("c1", "a", "k1", at("10:00:10"), "");
        conversion("sale", "s1", "k1", at("10:00:30"), ",\"revenue\":10");
        conversion("sale", "s1", "k1", at("10:00:31"), ",\"revenue\":10"); // the same sale again
        conversion("sale", "o1", "none", at("10:00:32"), "");
        conversion("sale", "o1", "none", at("10:00:32"), ""); // an organic duplicate: group organic
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        JsonNode a = f.latest("kpi.campaign.total").get("a");
        assertThat(a.get("sales").asLong()).isEqualTo(1);
        assertThat(a.get("revenue").decimalValue()).isEqualByComparingTo("10");
        assertThat(f.latest("kpi.channel.total").get("organic/NOK").get("sales").asLong()).isEqualTo(1);
        assertThat(f.count("campaign.pulse.events.duplicate", "topic", "ads.sales")).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterAConversionWithNeitherCampaignNorClickAndOneInAnotherCurrency() {
        f.pipe("ads.leads", "{\"eventId\":\"l1\",\"timestamp\":\"" + at("10:00:30") + "\"}", at("10:00:30"));
        click("c1", "e", "k9", at("10:00:10"), "");
        conversion("sale", "s1", "k9", at("10:00:40"), ",\"currency\":\"NOK\",\"revenue\":1"); // e bills EUR
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        var dlq = f.raw("ads.dlq");
        assertThat(dlq).hasSize(2);
        assertThat(header(dlq.get(0), "error.reason")).isEqualTo("MISSING_FIELD");
        assertThat(header(dlq.get(0), "error.message")).contains("campaignId", "clickId");
        assertThat(header(dlq.get(1), "error.reason")).isEqualTo("CURRENCY_MISMATCH");
        assertThat(header(dlq.get(1), "error.message")).contains("'e'", "k9", "EUR");
        assertThat(header(dlq.get(1), "source.topic")).isEqualTo("ads.sales");
        assertThat(new String(dlq.get(1).value(), StandardCharsets.UTF_8)).contains("\"eventId\":\"s1\"");
        assertThat(f.latest("kpi.campaign.total").get("e").get("sales").asLong()).isZero();
        assertThat(f.count("campaign.pulse.records.invalid", "reason", "CURRENCY_MISMATCH")).isEqualTo(1);
    }

    private static String header(org.apache.kafka.streams.test.TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
