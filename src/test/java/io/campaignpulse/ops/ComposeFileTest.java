package io.campaignpulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.campaignpulse.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is consistent with the rest of the repository: pinned images (Kafka at the
 * client version of pom.xml), only settings that exist, ports and addresses that match the
 * Prometheus and Grafana configuration, and mounted paths that exist.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final JsonNode compose = read(Path.of("docker-compose.yml"));
    private final JsonNode services = compose.get("services");

    private static JsonNode read(Path p) {
        try {
            return YAML.readTree(p.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldHaveEveryServiceTheOperatorsNeed() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "campaign-pulse", "simulator", "prometheus", "grafana");
        assertThat(services.get("campaign-pulse").get("build").asText()).isEqualTo(".");
        assertThat(services.get("simulator").get("command").get(0).asText()).isEqualTo("simulate");
        assertThat(Path.of("Dockerfile")).exists();
    }

    @Test
    void shouldPinEveryImageAndRunKafkaAtTheClientVersion() throws Exception {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        services.fields().forEachRemaining(e -> {
            JsonNode image = e.getValue().get("image");
            if (image != null) {
                String ref = image.asText();
                assertThat(ref).as(e.getKey()).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
            }
        });
        assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:" + m.group(1));
        assertThat(Files.readString(Path.of("Dockerfile"))).doesNotContain(":latest").contains("campaign-pulse.jar");
    }

    @Test
    void shouldSetOnlySettingsThatExist() {
        for (String service : List.of("campaign-pulse", "simulator")) {
            JsonNode env = services.get(service).get("environment");
            env.fieldNames().forEachRemaining(name -> {
                assertThat(name).startsWith("CAMPAIGN_PULSE_");
                boolean known = SettingsLoader.DEFAULTS.keySet().stream()
                        .anyMatch(key -> SettingsLoader.envName(key).equals(name)) || name.startsWith("CAMPAIGN_PULSE_KAFKA_");
                assertThat(known).as(service + " sets " + name + ", which is no setting").isTrue();
            });
            assertThat(env.get("CAMPAIGN_PULSE_BOOTSTRAP_SERVERS").asText()).as(service)
                    .isEqualTo("kafka:" + internalKafkaPort());
        }
    }

    @Test
    void shouldWirePortsAndAddressesConsistently() {
        JsonNode cp = services.get("campaign-pulse");
        String httpPort = cp.get("environment").get("CAMPAIGN_PULSE_HTTP_PORT").asText();
        assertThat(ports(cp)).contains(httpPort + ":" + httpPort);
        JsonNode prometheus = read(Path.of("config", "prometheus", "prometheus.yml"));
        String target = prometheus.get("scrape_configs").get(0).get("static_configs").get(0).get("targets").get(0).asText();
        assertThat(target).isEqualTo("campaign-pulse:" + httpPort);
        assertThat(ports(services.get("prometheus"))).contains("9090:9090");
        JsonNode datasource = read(Path.of("config", "grafana", "provisioning", "datasources", "prometheus.yml"));
        assertThat(datasource.get("datasources").get(0).get("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(ports(services.get("grafana"))).contains("3000:3000");
        assertThat(services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("PLAINTEXT://kafka:" + internalKafkaPort());
    }

    @Test
    void shouldMountPathsThatExist() {
        services.fields().forEachRemaining(e -> {
            JsonNode volumes = e.getValue().get("volumes");
            if (volumes != null) {
                for (JsonNode v : volumes) {
                    String source = v.asText().split(":")[0];
                    if (source.startsWith("./")) {
                        assertThat(Path.of(source)).as(e.getKey() + " mounts " + source).exists();
                    }
                }
            }
        });
        assertThat(Path.of("config", "grafana", "dashboards", "campaign-pulse.json")).exists();
    }

    private String internalKafkaPort() {
        String listeners = services.get("kafka").get("environment").get("KAFKA_LISTENERS").asText();
        Matcher m = Pattern.compile("PLAINTEXT://:(\\d+)").matcher(listeners);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.get("ports").forEach(p -> out.add(p.asText()));
        return out;
    }
}
