package io.campaignpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.CampaignPulse;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run|window.grace=soon|campaign-pulse: Invalid setting 'window.grace': 'soon' is not an ISO-8601 duration",
        "demo|windows=1w|campaign-pulse: Invalid setting 'windows': '1w' is not a window size",
        "simulate|http.port=-1|campaign-pulse: Invalid setting 'http.port': '-1' is outside 0..65535",
        "simulate|simulate.rate=2|campaign-pulse: Invalid setting 'bootstrap.servers': simulate needs a cluster"})
    void shouldStopStartUpWithOneLineNamingTheKey(String command, String set, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CampaignPulse.execute(new PrintWriter(out), new PrintWriter(err), command, "--set", set);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith(message);
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }
}
