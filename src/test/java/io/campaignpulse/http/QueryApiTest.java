package io.campaignpulse.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.metrics.Metrics;
import io.campaignpulse.runtime.Pipeline;
import io.campaignpulse.topology.CampaignPulseTopology;
import io.campaignpulse.topology.InputLag;
import io.campaignpulse.topology.InputLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API without a running pipeline: 503 on every route of docs/openapi.json while the
 * Streams client is not RUNNING (after 401 and 400, which need no state), and the ranking and
 * array helpers.
 */
class QueryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswer503OnEveryRouteWhileThePipelineIsNotRunning(@TempDir Path dir) throws Exception {
        Settings s = SettingsLoader.load(Map.of(), Map.of(), List.of("bootstrap.servers=127.0.0.1:1",
                "state.dir=" + dir));
        try (KafkaStreams streams = new KafkaStreams(CampaignPulseTopology.build(s,
                InputLayout.uniform(s.topics().events(), 6), InputLag.ALWAYS_AT_END), Pipeline.streamsProperties(s));
                HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, "t0ken-0123456789", Metrics.registry(),
                        () -> true, () -> false)) {
            http.serve(new QueryApi(streams, new HostInfo("127.0.0.1", http.port()), s.windows(), Duration.ofSeconds(1)));
            HttpClient client = HttpClient.newHttpClient();
            JsonNode doc = JSON.readTree(Path.of("docs", "openapi.json").toFile());
            int routes = 0;
            for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext();) {
                String template = it.next();
                assertThat(doc.get("paths").get(template).get("get").get("responses").has("503"))
                        .as(template + " declares 503").isTrue();
                String path = template.replace("{campaignId}", "c").replace("{channel}", "google")
                        .replace("{currency}", "NOK");
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                        + path)).header("Authorization", "Bearer t0ken-0123456789").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(JSON.readTree(r.body()).get("error").asText()).contains("CREATED", "not RUNNING");
                routes++;
            }
            assertThat(routes).as("every route of ApiRequest.Route is in the file").isEqualTo(
                    ApiRequest.Route.values().length);
        }
    }

    @Test
    void shouldDocumentExactlyTheSortFieldsTheApiAccepts() throws Exception {
        JsonNode doc = JSON.readTree(Path.of("docs", "openapi.json").toFile());
        List<String> documented = new java.util.ArrayList<>();
        doc.findValues("parameters").forEach(ps -> ps.forEach(p -> {
            if ("sort".equals(p.path("name").asText())) {
                p.path("schema").path("enum").forEach(e -> documented.add(e.asText()));
            }
        }));
        assertThat(documented).as("the sort enum of docs/openapi.json").containsExactlyInAnyOrderElementsOf(
                ApiRequest.SORT_FIELDS);
    }

    @Test
    void shouldRankByAFieldWithNullsLastEitherWayAndTiesByCampaign() {
        List<byte[]> records = List.of(b("{\"campaignId\":\"b\",\"cpa\":2.5}"), b("{\"campaignId\":\"a\",\"cpa\":null}"),
                b("{\"campaignId\":\"c\",\"cpa\":10}"), b("{\"campaignId\":\"a2\",\"cpa\":2.5}"));
        assertThat(QueryApi.top(records, "cpa", false, 10)).extracting(x -> new String(x, StandardCharsets.UTF_8))
                .containsExactly("{\"campaignId\":\"c\",\"cpa\":10}", "{\"campaignId\":\"a2\",\"cpa\":2.5}",
                        "{\"campaignId\":\"b\",\"cpa\":2.5}", "{\"campaignId\":\"a\",\"cpa\":null}");
        assertThat(QueryApi.top(records, "cpa", true, 2)).extracting(x -> new String(x, StandardCharsets.UTF_8))
                .containsExactly("{\"campaignId\":\"a2\",\"cpa\":2.5}", "{\"campaignId\":\"b\",\"cpa\":2.5}");
    }

    @Test
    void shouldSplitAPeersArrayIntoTheExactBytesOfEachRecord() {
        String one = "{\"spend\":1234567890123.123456,\"ctr\":0.0285,\"x\":[1,{\"y\":null}]}";
        String two = "{\"spend\":1.50,\"s\":\"a,]}\"}";
        byte[] array = QueryApi.array(List.of(b(one), b(two)));
        assertThat(new String(array, StandardCharsets.UTF_8)).isEqualTo("[" + one + "," + two + "]");
        assertThat(QueryApi.elements(array)).extracting(x -> new String(x, StandardCharsets.UTF_8))
                .containsExactly(one, two);
        assertThat(QueryApi.elements(b("[]"))).isEmpty();
    }
}
