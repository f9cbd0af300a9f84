package io.campaignpulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus configuration and alert rules, checked by Prometheus' own promtool:
 * {@code check config}, {@code check rules} and the rule unit tests in {@code alerts_test.yml}.
 * CI installs promtool from the Debian {@code prometheus} package ({@code .ci/run}).
 */
class PromtoolTest {
    private static final Path DIR = Path.of("config", "prometheus");

    static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Executables.prometheus("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void shouldAcceptThePrometheusConfiguration() throws Exception {
        assertThat(run("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void shouldAcceptTheAlertRules() throws Exception {
        assertThat(run("check", "rules", "alerts.yml")).contains("SUCCESS: 8 rules found");
    }

    @Test
    void shouldPassEveryAlertRuleUnitTest() throws Exception {
        assertThat(run("test", "rules", "alerts_test.yml")).contains("SUCCESS");
    }
}
