package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.CampaignPulse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures that need real resources still end in one clear line. */
class CommandLineIT {
    @Test
    void shouldNameTheBusyHttpPortAndStopTheEmbeddedBroker(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            StringWriter err = new StringWriter();
            int code = CampaignPulse.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run",
                    "--set", "embedded.dir=" + dir.resolve("kafka"), "--set", "state.dir=" + dir.resolve("state"),
                    "--set", "http.port=" + busy.getLocalPort());
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("campaign-pulse: Invalid setting 'http.port': port "
                    + busy.getLocalPort() + " is already in use; choose another, or 0 for any free port");
        }
    }
}
