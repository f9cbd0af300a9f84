package io.campaignpulse.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campaignpulse.config.WindowSize;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of query API requests: routes, path parameters, and a 400 naming each bad parameter. */
class ApiRequestTest {
    private static final List<WindowSize> WINDOWS = List.of(new WindowSize("1m", 60_000L),
            new WindowSize("1h", 3_600_000L), new WindowSize("1d", 86_400_000L));

    private static ApiRequest parse(String path, String query) {
        return ApiRequest.parse(path, query, WINDOWS);
    }

    private static void fails(String path, String query, int status, String... words) {
        assertThatThrownBy(() -> parse(path, query)).isInstanceOfSatisfying(ApiRequest.Failure.class, f -> {
            assertThat(f.status).isEqualTo(status);
            assertThat(f.getMessage()).contains(words);
        });
    }

    @Test
    void shouldParseTheTopCampaignsWithDefaultsAndGivenValues() {
        ApiRequest r = parse("/api/v1/campaigns", null);
        assertThat(r.route()).isEqualTo(ApiRequest.Route.CAMPAIGN_TOP);
        assertThat(r.window().name()).isEqualTo("1h");
        assertThat(r.at()).isNull();
        assertThat(r.sort()).isEqualTo("spend");
        assertThat(r.ascending()).isFalse();
        assertThat(r.limit()).isEqualTo(20);
        r = parse("/api/v1/campaigns", "window=1d&at=2026-11-22T14:03:00Z&sort=cpa&order=asc&limit=5");
        assertThat(r.window().name()).isEqualTo("1d");
        assertThat(r.at()).isEqualTo(Instant.parse("2026-11-22T14:03:00Z").toEpochMilli());
        assertThat(r.sort()).isEqualTo("cpa");
        assertThat(r.ascending()).isTrue();
        assertThat(r.limit()).isEqualTo(5);
    }

    @Test
    void shouldParseKeysAndDecodeThem() {
        ApiRequest r = parse("/api/v1/campaigns/spring%20sale%2F2", null);
        assertThat(r.route()).isEqualTo(ApiRequest.Route.CAMPAIGN_TOTAL);
        assertThat(r.id()).isEqualTo("spring sale/2");
        r = parse("/api/v1/campaigns/c/windows", "window=1m&from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z");
        assertThat(r.route()).isEqualTo(ApiRequest.Route.CAMPAIGN_WINDOWS);
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());
        assertThat(r.to()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z").toEpochMilli());
        assertThat(parse("/api/v1/channels/google/NOK", null).id()).isEqualTo("google/NOK");
        assertThat(parse("/api/v1/channels/google/NOK/windows", null).route())
                .isEqualTo(ApiRequest.Route.CHANNEL_WINDOWS);
        assertThat(parse("/api/v1/channels", "window=1d").route()).isEqualTo(ApiRequest.Route.CHANNEL_LIST);
        assertThat(parse("/api/v1/experiments/c", null).route()).isEqualTo(ApiRequest.Route.EXPERIMENT);
        assertThat(parse("/api/v1/experiments", null).route()).isEqualTo(ApiRequest.Route.EXPERIMENT_LIST);
        assertThat(parse("/api/v1/alerts", null).route()).isEqualTo(ApiRequest.Route.ALERT_LIST);
    }

    @Test
    void shouldAnswer400NamingTheParameter() {
        fails("/api/v1/campaigns", "window=2h", 400, "'window'", "1m, 1h, 1d");
        fails("/api/v1/campaigns", "at=yesterday", 400, "'at'", "ISO-8601");
        fails("/api/v1/campaigns", "sort=name", 400, "'sort'", "spend", "cpa");
        fails("/api/v1/campaigns", "order=up", 400, "'order'");
        fails("/api/v1/campaigns", "limit=0", 400, "'limit'", "1 to 1000");
        fails("/api/v1/campaigns", "limit=1001", 400, "'limit'");
        fails("/api/v1/campaigns", "limit=ten", 400, "'limit'");
        fails("/api/v1/campaigns", "limit=1&limit=2", 400, "'limit'", "more than once");
        fails("/api/v1/campaigns", "colour=red", 400, "'colour'");
        fails("/api/v1/campaigns/c", "window=1h", 400, "'window'", "takes none");
        fails("/api/v1/campaigns/c/windows", "from=2026-11-22T11:00:00Z&to=2026-11-22T10:00:00Z", 400, "'from'",
                "'to'");
        fails("/api/v1/campaigns/c/windows", "to=soon", 400, "'to'");
        fails("/api/v1/campaigns/", null, 400, "'campaignId'");
        fails("/api/v1/channels/x/", null, 400, "'currency'");
    }

    @Test
    void shouldAnswer404ForAnythingThatIsNoRoute() {
        for (String path : List.of("/api/v1/", "/api/v1/campaign", "/api/v1/campaigns/c/days", "/api/v1/channels/x",
                "/api/v1/channels/x/NOK/y", "/api/v1/alerts/x", "/api/v1/experiments/a/b", "/api/v2/campaigns")) {
            fails(path, null, 404, "no such route");
        }
    }

    @Test
    void shouldDefaultToTheLargestWindowWithoutAnHour() {
        ApiRequest r = ApiRequest.parse("/api/v1/channels", null, List.of(new WindowSize("1m", 60_000L),
                new WindowSize("1d", 86_400_000L)));
        assertThat(r.window().name()).isEqualTo("1d");
    }
}
