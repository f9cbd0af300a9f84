package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.ops.Executables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: headless Chromium (Debian's chromium and chromium-driver;
 * skipped without them, required in CI) loads {@code /} of a running {@code demo} whose simulator
 * has sent a fixed number of events, waits for figures, and checks the top-campaign table row by
 * row against the API's answer for the same window, each cell formatted here independently of
 * the page's script. Saves {@code target/dashboard.png}.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldShowTheTopCampaignsExactlyAsTheApiAnswers(@TempDir Path dir) throws Exception {
        String chromium = Executables.require("chromium", "apt-get install chromium chromium-driver");
        String chromedriver = Executables.require("chromedriver", "apt-get install chromium chromium-driver");
        Path jar = Path.of("target", "campaign-pulse.jar").toAbsolutePath();
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), dir.resolve("config").resolve("application.properties"));
        int port = ServiceProcess.freePort();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "demo", "--set", "http.port=" + port, "--set", "simulate.events=30000", "--set",
                "simulate.rate=5000", "--refresh", "1").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("demo.out").toFile()).start();
        ChromeDriver browser = null;
        try {
            String base = "http://127.0.0.1:" + port;
            // The simulator stops after its events; wait until the figures no longer change.
            AtomicReference<String> last = new AtomicReference<>("");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertThat(demo.isAlive()).as("demo running; output:%n%s", tail(dir)).isTrue();
                String now = get(base + "/api/v1/campaigns?sort=spend&limit=15");
                boolean settled = now != null && now.startsWith("[{") && now.equals(last.get());
                last.set(now == null ? "" : now);
                return settled;
            });

            ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new",
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(
                    Path.of(chromedriver).toFile()).usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
            browser.get(base + "/");
            ChromeDriver b = browser;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    "true".equals(b.findElement(By.id("top-campaigns")).getDomAttribute("data-loaded"))
                            && !b.findElements(By.cssSelector("#top-campaigns tbody tr[data-key]")).isEmpty()
                            && !b.findElements(By.cssSelector("#channels tbody tr[data-key]")).isEmpty()
                            && !b.findElements(By.cssSelector("#spend-chart canvas")).isEmpty());
            Path shot = Path.of("target", "dashboard.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

            // One snapshot of the table (the page redraws it every few seconds): its window and every cell.
            @SuppressWarnings("unchecked")
            Map<String, Object> table = (Map<String, Object>) browser.executeScript(
                    "const t = document.getElementById('top-campaigns');"
                    + "return {at: t.dataset.at, rows: [...t.querySelectorAll('tbody tr[data-key]')].map(tr => ({"
                    + "key: tr.dataset.key, cells: Object.fromEntries([...tr.querySelectorAll('td')]"
                    + ".map(td => [td.dataset.field, td.innerText]))}))};");
            String at = (String) table.get("at");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
            JsonNode api = JSON.readTree(get(base + "/api/v1/campaigns?window=1h&at=" + at + "&sort=spend&limit=15"));
            assertThat(rows).hasSize(api.size());
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = api.get(i);
                String cur = r.get("currency").asText();
                String[][] expected = {
                    {"campaignId", r.get("campaignId").asText()},
                    {"channel", r.get("channel").asText()},
                    {"spend", money(r.get("spend"), cur)},
                    {"cpa", money(r.get("cpa"), cur)},
                    {"roas", r.get("roas").isNull() ? "-" : fixed(r.get("roas"), 2) + "\u00d7"},
                    {"ctr", r.get("ctr").isNull() ? "-" : fixed(r.get("ctr").decimalValue().movePointRight(2), 2) + " %"},
                    {"reach", grouped(r.get("reach"))},
                    {"impressions", grouped(r.get("impressions"))},
                    {"clicks", grouped(r.get("clicks"))},
                    {"sales", grouped(r.get("sales"))},
                    {"revenue", money(r.get("revenue"), cur)},
                    {"newCustomers", grouped(r.get("newCustomers"))},
                    {"cac", money(r.get("cac"), cur)},
                };
                assertThat(rows.get(i).get("key")).isEqualTo(r.get("campaignId").asText());
                @SuppressWarnings("unchecked")
                Map<String, Object> cells = (Map<String, Object>) rows.get(i).get("cells");
                for (String[] e : expected) {
                    String shown = String.valueOf(cells.get(e[0])).replace('\u00a0', ' ');
                    if (!shown.equals(e[1])) {
                        mismatches.add("row " + i + " " + e[0] + ": page '" + shown + "', API '" + e[1] + "'");
                    }
                }
            }
            assertThat(mismatches).as("the page's table against the API (screenshot %s)", shot).isEmpty();
            System.out.printf(Locale.ROOT, "DASHBOARD TEST: %d top-campaign rows equal to the API, screenshot %s%n",
                    rows.size(), shot.toAbsolutePath());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    /** As the page shows money: currency code, thousands separators, two decimals (half-even, as Intl). */
    private static String money(JsonNode v, String currency) {
        if (v.isNull()) {
            return "-";
        }
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        BigDecimal d = v.decimalValue();
        return (d.signum() < 0 ? "-" : "") + currency + " " + f.format(d.abs());
    }

    private static String fixed(JsonNode v, int digits) {
        return fixed(v.decimalValue(), digits);
    }

    private static String fixed(BigDecimal v, int digits) {
        return v.setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static String grouped(JsonNode v) {
        return v.isNull() ? "-" : String.format(Locale.US, "%,d", v.asLong());
    }

    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tail(Path dir) {
        try {
            String s = Files.readString(dir.resolve("demo.out"));
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (java.io.IOException e) {
            return "(no output)";
        }
    }
}
