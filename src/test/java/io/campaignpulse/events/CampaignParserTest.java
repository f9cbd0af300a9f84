package io.campaignpulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.PricingModel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignParserTest {
    private final CampaignParser parser = new CampaignParser(4096, "NOK");

    private Campaign parse(String key, String json) throws InvalidRecordException {
        return parser.parse(key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheContractExample() throws Exception {
        Campaign c = parse("spring-sale", "{\"campaignId\":\"spring-sale\",\"name\":\"Spring sale\",\"channel\":"
                + "\"google\",\"pricingModel\":\"CPC\",\"rate\":2.50,\"currency\":\"NOK\",\"dailyBudget\":5000,"
                + "\"targetCpa\":150}");
        assertThat(c).isEqualTo(new Campaign("spring-sale", "Spring sale", "google", PricingModel.CPC, 2_500_000L,
                "NOK", 5_000_000_000L, 150_000_000L));
        assertThat(c.priceOf(EventKind.CLICK)).isEqualTo(2_500_000L);
        assertThat(c.priceOf(EventKind.IMPRESSION)).isZero();
    }

    @Test
    void shouldPriceCpmPerImpressionAndDefaultTheCurrency() throws Exception {
        Campaign c = parse(null, "{\"campaignId\":\"c\",\"pricingModel\":\"CPM\",\"rate\":45.125}");
        assertThat(c.currency()).isEqualTo("NOK");
        assertThat(c.priceOf(EventKind.IMPRESSION)).isEqualTo(45_125L);
        assertThat(c.dailyBudgetMicros()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"campaignId\":\"c\",\"pricingModel\":\"CPX\",\"rate\":1}|INVALID_FIELD",
        "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":-1}|NEGATIVE_AMOUNT",
        "{\"campaignId\":\"c\",\"pricingModel\":\"CPM\",\"rate\":45.1255}|PRECISION",
        "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\"}|MISSING_FIELD",
        "{\"campaignId\":\"c\",\"rate\":1}|MISSING_FIELD",
        "{\"campaignId\":\"other\",\"pricingModel\":\"CPC\",\"rate\":1}|INVALID_FIELD",
        "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":1,\"currency\":\"EURO\"}|INVALID_FIELD",
        "[]|NOT_AN_OBJECT"})
    void shouldRejectInvalidEntries(String json, Reason reason) {
        assertThatThrownBy(() -> parse("c", json)).isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
