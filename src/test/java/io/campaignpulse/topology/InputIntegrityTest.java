package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input of CONTRACT section 6, each between good events: each bad record is on
 * the dead-letter topic once, with its original key and bytes and the five headers, counted by
 * reason; every good record around them is counted.
 */
class InputIntegrityTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private final TopologyFixture f = new TopologyFixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** A bad input: its topic, bytes (null: a tombstone), reason, and words its message must contain. */
    private record Bad(String topic, byte[] value, String reason, String messageContains) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Bad click(String json, String reason, String message) {
        return new Bad("ads.clicks", utf8(json), reason, message);
    }

    private static String ev(String extra) {
        return "{\"eventId\":\"e\",\"campaignId\":\"c\"" + extra + "}";
    }

    private static List<Bad> badInputs() {
        List<Bad> b = new ArrayList<>();
        b.add(click("not json at all", "MALFORMED_JSON", "not valid JSON"));
        b.add(click("{\"eventId\":\"e\",\"campaignId\":\"c\"", "MALFORMED_JSON", "not valid JSON"));
        b.add(new Bad("ads.clicks", new byte[0], "MALFORMED_JSON", "empty"));
        b.add(new Bad("ads.clicks", null, "NOT_AN_OBJECT", "null"));
        b.add(click("null", "NOT_AN_OBJECT", "object"));
        b.add(click("[{\"eventId\":\"e\"}]", "NOT_AN_OBJECT", "object"));
        b.add(click("\"a string\"", "NOT_AN_OBJECT", "object"));
        b.add(click("42", "NOT_AN_OBJECT", "object"));
        b.add(click("{\"campaignId\":\"c\"}", "MISSING_FIELD", "'eventId'"));
        b.add(click("{\"eventId\":\"\",\"campaignId\":\"c\"}", "MISSING_FIELD", "'eventId'"));
        b.add(click("{\"eventId\":\"e\"}", "MISSING_FIELD", "'campaignId'"));
        b.add(click("{\"eventId\":\"e\",\"campaignId\":\"with space\"}", "INVALID_FIELD", "'campaignId'"));
        b.add(click("{\"eventId\":\"e\",\"campaignId\":\"" + "c".repeat(129) + "\"}", "INVALID_FIELD",
                "'campaignId'"));
        b.add(click(ev(",\"type\":\"impression\""), "TYPE_MISMATCH", "'type'"));
        b.add(click(ev(",\"type\":\"impresion\""), "INVALID_FIELD", "'type'"));
        b.add(click(ev(",\"type\":\"CLICK\""), "INVALID_FIELD", "'type'"));
        b.add(click(ev(",\"cost\":\"1.50\""), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":true"), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":{\"amount\":1}"), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":-0.5"), "NEGATIVE_AMOUNT", "'cost'"));
        b.add(click(ev(",\"cost\":NaN"), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":Infinity"), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":1e309"), "INVALID_FIELD", "'cost'"));
        b.add(click(ev(",\"cost\":0.1234567"), "PRECISION", "'cost'"));
        b.add(click(ev(",\"revenue\":10"), "INVALID_FIELD", "'revenue'"));
        b.add(new Bad("ads.sales", utf8(ev(",\"revenue\":-10")), "NEGATIVE_AMOUNT", "'revenue'"));
        b.add(click("{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":1,\"cost\":100}", "MALFORMED_JSON",
                "cost"));
        b.add(click(ev(",\"x\":" + "[".repeat(65) + "]".repeat(65)), "MALFORMED_JSON", "not valid JSON"));
        b.add(click(ev(",\"pad\":\"" + "x".repeat(1 << 20) + "\""), "TOO_LARGE", "event.max.bytes"));
        b.add(new Bad("ads.clicks", new byte[] {'{', '"', 'e', 'v', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                "MALFORMED_JSON", "not valid JSON"));
        b.add(click(ev(",\"timestamp\":\"2026-11-22T10:00:00\""), "INVALID_FIELD", "'timestamp'"));
        b.add(click(ev(",\"timestamp\":-1"), "INVALID_FIELD", "'timestamp'"));
        Instant tooFar = T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(6));
        b.add(click(ev(",\"timestamp\":\"" + tooFar + "\""), "FUTURE_TIMESTAMP", "'timestamp'"));
        b.add(click(ev(",\"currency\":\"kroner\""), "INVALID_FIELD", "'currency'"));
        b.add(click("{\"eventId\":\"e\",\"campaignId\":\"eur\",\"currency\":\"NOK\"}", "CURRENCY_MISMATCH",
                "'currency'"));
        return b;
    }

    @Test
    void shouldDeadLetterEveryBadEventWithItsBytesAndHeadersAndCountEveryGoodOneAround() {
        f.campaign("eur", "{\"campaignId\":\"eur\",\"pricingModel\":\"CPC\",\"rate\":1,\"currency\":\"EUR\"}");
        List<Bad> bad = badInputs();
        int[] offsets = new int[2];
        List<Integer> expectedOffsets = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            f.click("good-before-" + i, "c", T.plusSeconds(i));
            Bad x = bad.get(i);
            int topic = x.topic().equals("ads.sales") ? 1 : 0;
            expectedOffsets.add(topic == 0 ? offsets[0] + 1 : offsets[1]);
            offsets[0] += topic == 0 ? 2 : 1;
            offsets[1] += topic;
            f.pipeBytes(x.topic(), "key-" + i, x.value(), T.plusSeconds(i));
        }
        f.flush();

        List<TestRecord<String, byte[]>> dlq = f.raw("ads.dlq");
        assertThat(dlq).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            Bad x = bad.get(i);
            TestRecord<String, byte[]> r = dlq.get(i);
            String what = "bad input " + i + " (" + x.reason() + ")";
            assertThat(r.key()).as(what).isEqualTo("key-" + i);
            assertThat(r.value()).as(what).isEqualTo(x.value());
            assertThat(header(r, "error.reason")).as(what).isEqualTo(x.reason());
            assertThat(header(r, "error.message")).as(what).contains(x.messageContains());
            assertThat(header(r, "source.topic")).as(what).isEqualTo(x.topic());
            assertThat(header(r, "source.partition")).as(what).isEqualTo("0");
            assertThat(header(r, "source.offset")).as(what).isEqualTo(Integer.toString(expectedOffsets.get(i)));
        }
        assertThat(f.latest("kpi.campaign.total").get("c").get("clicks").asLong()).isEqualTo(bad.size());
        for (String reason : bad.stream().map(Bad::reason).distinct().toList()) {
            long expected = bad.stream().filter(x -> x.reason().equals(reason)).count();
            assertThat(f.count("campaign.pulse.records.invalid", "reason", reason)).as(reason).isEqualTo(expected);
        }
        assertThat(f.count("campaign.pulse.events.accepted", "topic", "ads.clicks")).isEqualTo(bad.size());
        assertThat(f.count("campaign.pulse.events.read", "topic", "ads.clicks"))
                .isEqualTo(offsets[0]);
    }

    @Test
    void shouldDeadLetterInvalidCampaignEntriesOnceAndKeepTheEntryInForce() {
        f.campaign("cpc", "{\"campaignId\":\"cpc\",\"pricingModel\":\"CPC\",\"rate\":2}");
        f.campaign("cpc", "{\"campaignId\":\"cpc\",\"pricingModel\":\"CPX\",\"rate\":3}");
        f.campaign("cpc", "{\"campaignId\":\"cpc\",\"pricingModel\":\"CPC\",\"rate\":-3}");
        f.campaign("cpm", "{\"campaignId\":\"cpm\",\"pricingModel\":\"CPM\",\"rate\":12.3456}");
        f.campaign("cpc", "not json");
        f.click("k1", "cpc", T);
        f.flush();
        f.flush();

        List<TestRecord<String, byte[]>> dlq = f.raw("ads.dlq");
        assertThat(dlq).extracting(r -> header(r, "error.reason"))
                .containsExactly("INVALID_FIELD", "NEGATIVE_AMOUNT", "PRECISION", "MALFORMED_JSON");
        assertThat(dlq).extracting(r -> header(r, "source.offset")).containsExactly("1", "2", "3", "4");
        assertThat(dlq).extracting(r -> header(r, "source.topic")).containsOnly("ads.campaigns");
        assertThat(dlq).extracting(r -> header(r, "error.message")).allMatch(m -> m != null && !m.isEmpty());
        assertThat(header(dlq.get(0), "error.message")).contains("'pricingModel'");
        assertThat(header(dlq.get(1), "error.message")).contains("'rate'");
        assertThat(header(dlq.get(2), "error.message")).contains("'rate'");
        assertThat(dlq.get(3).key()).isEqualTo("cpc");
        assertThat(new String(dlq.get(3).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(f.count("campaign.pulse.records.invalid", "topic", "ads.campaigns")).isEqualTo(4);
        // The valid entry stays in force: 2.00 per click.
        assertThat(f.latest("kpi.campaign.total").get("cpc").get("spend").decimalValue()).isEqualByComparingTo("2");
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
