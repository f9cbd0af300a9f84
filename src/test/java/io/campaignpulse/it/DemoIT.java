package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a newcomer runs it: {@code java -jar target/campaign-pulse.jar demo} from a
 * directory holding the shipped config; live KPIs must appear within 60 s, and SIGTERM (what
 * Ctrl-C's shutdown hook also runs) must stop it cleanly with exit code 0.
 */
class DemoIT {
    private static final Pattern FIRST = Pattern.compile("first KPIs after ([0-9.]+) s");

    @Test
    void shouldShowLiveKpisWithinAMinuteAndStopCleanly(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "campaign-pulse.jar").toAbsolutePath();
        assertThat(jar).exists();
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), dir.resolve("config").resolve("application.properties"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "demo", "--set", "http.port=0", "--refresh", "1")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    screen.append(line).append('\n');
                }
            } catch (IOException e) {
                screen.append("reader failed: ").append(e);
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> FIRST.matcher(screen).find() && screen.indexOf("cmp-0") >= 0 || !p.isAlive());
            Matcher m = FIRST.matcher(screen);
            assertThat(m.find()).as("live figures; screen was:%n%s", screen).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as("seconds to first KPIs").isLessThan(60.0);
            assertThat(screen).contains("Top campaigns by spend", "Channels (1h, by currency)", "NOK");
            p.destroy(); // SIGTERM: runs the shutdown hook, as Ctrl-C does
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s").isTrue();
            assertThat(p.exitValue()).as("exit code; screen tail:%n%s", tail(screen)).isIn(0, 143);
            reader.join(5_000);
            String log = Files.readString(dir.resolve("data").resolve("campaign-pulse-demo.log"));
            assertThat(log).as("the Streams client closed").contains("-> NOT_RUNNING");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String tail(StringBuffer s) {
        return s.substring(Math.max(0, s.length() - 2000));
    }
}
