package io.campaignpulse.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campaignpulse.config.SettingsException;
import io.campaignpulse.metrics.Metrics;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code http.bind} and {@code http.token} on a real socket. */
class HttpEndpointsTest {
    private static final String TOKEN = "0123456789abcdef0123";
    private final HttpClient client = HttpClient.newHttpClient();

    private static HttpEndpoints start(String bind, String token) throws IOException {
        return HttpEndpoints.start(bind, 0, token, Metrics.registry(), () -> true, () -> true);
    }

    private int get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && ni.isUp()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shouldListenOnLoopbackOnlyAtTheDefaultAddress() throws Exception {
        try (HttpEndpoints http = start("127.0.0.1", "")) {
            assertThat(http.address().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(connects(InetAddress.getLoopbackAddress(), http.port())).isTrue();
            Optional<InetAddress> other = otherAddress();
            Assumptions.assumeTrue(other.isPresent(), "no non-loopback address on this machine to try");
            assertThat(connects(other.get(), http.port())).as("not reachable on " + other.get()).isFalse();
        }
    }

    @Test
    void shouldListenOnEveryInterfaceWhenAsked() throws Exception {
        try (HttpEndpoints http = start("0.0.0.0", "")) {
            assertThat(http.address().isAnyLocalAddress()).isTrue();
            assertThat(connects(InetAddress.getLoopbackAddress(), http.port())).isTrue();
            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                assertThat(connects(other.get(), http.port())).as("reachable on " + other.get()).isTrue();
            }
        }
    }

    @Test
    void shouldAnswer401OnTheApiWithoutTheTokenAndLeaveMetricsAndHealthOpen() throws Exception {
        try (HttpEndpoints http = start("127.0.0.1", TOKEN)) {
            int port = http.port();
            assertThat(get(port, "/api/v1/campaigns/c", null)).isEqualTo(401);
            assertThat(get(port, "/api/v1/campaigns/c", "Bearer wrong-token-0123456789")).isEqualTo(401);
            assertThat(get(port, "/api/v1/campaigns/c", "Basic " + TOKEN)).isEqualTo(401);
            assertThat(get(port, "/api/v1/campaigns/c", "Bearer " + TOKEN)).as("authorized, no pipeline yet")
                    .isEqualTo(503);
            assertThat(get(port, "/metrics", null)).isEqualTo(200);
            assertThat(get(port, "/health/ready", null)).isEqualTo(200);
        }
        try (HttpEndpoints open = start("127.0.0.1", "")) {
            assertThat(get(open.port(), "/api/v1/campaigns/c", null)).as("no token set").isEqualTo(503);
        }
    }

    @Test
    void shouldNameTheBindKeyForAnAddressOfAnotherMachine() {
        assertThatThrownBy(() -> start("192.0.2.1", "")) // TEST-NET-1, never local
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("http.bind"));
    }

    @Test
    void shouldNameTheKeyOfAnAddressThatDoesNotResolve() {
        assertThatThrownBy(() -> start("no-such-host.invalid", ""))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("http.bind"));
    }
}
