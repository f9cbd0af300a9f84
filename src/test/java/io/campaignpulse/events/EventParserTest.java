package io.campaignpulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campaignpulse.kpi.EventKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private final EventParser parser = new EventParser(1024);

    private AdEvent parse(String json, EventKind kind) throws InvalidRecordException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), kind);
    }

    @Test
    void shouldReadEveryField() throws Exception {
        AdEvent e = parse("{\"eventId\":\"e1\",\"timestamp\":\"2026-11-22T10:00:00.250Z\",\"type\":\"sale\","
                + "\"campaignId\":\"spring-sale\",\"channel\":\"google\",\"adId\":\"a\",\"userId\":\"u\","
                + "\"cost\":1.25,\"revenue\":499.9,\"currency\":\"NOK\",\"unknown\":{\"x\":[1,2]}}", EventKind.SALE);
        assertThat(e.eventId).isEqualTo("e1");
        assertThat(e.timestampMs).isEqualTo(1_795_341_600_250L);
        assertThat(e.campaignId).isEqualTo("spring-sale");
        assertThat(e.channel).isEqualTo("google");
        assertThat(e.costMicros).isEqualTo(1_250_000L);
        assertThat(e.revenueMicros).isEqualTo(499_900_000L);
        assertThat(e.currency).isEqualTo("NOK");
        assertThat(e.kind).isEqualTo(EventKind.SALE);
    }

    @Test
    void shouldAcceptEpochMillisAndOffsetsAndMissingOptionalFields() throws Exception {
        assertThat(parse("{\"eventId\":\"e\",\"campaignId\":\"c\",\"timestamp\":1795341600000}", EventKind.CLICK)
                .timestampMs).isEqualTo(1_795_341_600_000L);
        assertThat(parse("{\"eventId\":\"e\",\"campaignId\":\"c\",\"timestamp\":\"2026-11-22T11:00:00+01:00\"}",
                EventKind.CLICK).timestampMs).isEqualTo(1_795_341_600_000L);
        AdEvent e = parse("{\"eventId\":\"e\",\"campaignId\":\"c\"}", EventKind.IMPRESSION);
        assertThat(e.timestampMs).isEqualTo(-1);
        assertThat(e.costMicros).isEqualTo(-1);
        assertThat(e.channel).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|MALFORMED_JSON",
        "{\"eventId\":\"e\",\"campaignId\":\"c\"|MALFORMED_JSON",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":1,\"cost\":100}|MALFORMED_JSON",
        "{\"eventId\":\"e\",\"campaignId\":\"c\"} trailing|MALFORMED_JSON",
        "null|NOT_AN_OBJECT",
        "[1,2]|NOT_AN_OBJECT",
        "\"text\"|NOT_AN_OBJECT",
        "42|NOT_AN_OBJECT",
        "{\"campaignId\":\"c\"}|MISSING_FIELD",
        "{\"eventId\":\"\",\"campaignId\":\"c\"}|MISSING_FIELD",
        "{\"eventId\":\"e\"}|MISSING_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"has space\"}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"type\":\"impresion\"}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"type\":\"CLICK\"}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"type\":\"sale\"}|TYPE_MISMATCH",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":\"1.0\"}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":true}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":-1}|NEGATIVE_AMOUNT",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":NaN}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":1e309}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":0.1234567}|PRECISION",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"revenue\":10}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"timestamp\":\"2026-11-22T10:00:00\"}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"timestamp\":-5}|INVALID_FIELD",
        "{\"eventId\":\"e\",\"campaignId\":\"c\",\"currency\":\"kroner\"}|INVALID_FIELD"})
    void shouldRejectWithTheContractReason(String json, Reason reason) {
        assertThatThrownBy(() -> parse(json, EventKind.CLICK)).isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void shouldNameTheFieldInTheMessage() {
        assertThatThrownBy(() -> parse("{\"eventId\":\"e\",\"campaignId\":\"c\",\"cost\":0.1234567}", EventKind.CLICK))
                .hasMessage("field 'cost' is not a whole number of micros (at most 6 decimals)");
    }

    @Test
    void shouldRejectNullEmptyAndOversizedValues() {
        assertThatThrownBy(() -> parser.parse(null, EventKind.CLICK))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_OBJECT));
        assertThatThrownBy(() -> parser.parse(new byte[0], EventKind.CLICK))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
        assertThatThrownBy(() -> parser.parse(new byte[1025], EventKind.CLICK))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThatThrownBy(() -> parser.parse(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                EventKind.CLICK)).isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
    }

    @Test
    void shouldRejectNestingDeeperThan64() {
        String deep = "{\"eventId\":\"e\",\"campaignId\":\"c\",\"x\":" + "[".repeat(70) + "]".repeat(70) + "}";
        assertThatThrownBy(() -> parse(deep, EventKind.CLICK)).isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON));
    }
}
