package io.campaignpulse.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.campaignpulse.config.SettingsException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text format), {@code /health/live} and {@code /health/ready}
 * (200 only while the Streams client is RUNNING), the query API under {@code /api/v1/}
 * ({@link QueryApi}) and the dashboard page at {@code /} ({@link StaticFiles}) on the JDK HTTP
 * server, listening on {@code http.bind}. Every {@code /api/} request needs
 * {@code Authorization: Bearer <http.token>} when a token is set (401 otherwise).
 */
public final class HttpEndpoints implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<QueryApi> api;

    private HttpEndpoints(HttpServer server, AtomicReference<QueryApi> api) {
        this.server = server;
        this.api = api;
    }

    /** Starts answering {@code /api/v1/} (503 until then). */
    public void serve(QueryApi queries) {
        api.set(queries);
    }

    /**
     * Starts on {@code bind}:{@code port} (port 0: any free port).
     *
     * @param token the bearer token {@code /api/} requires, or empty for none
     */
    public static HttpEndpoints start(String bind, int port, String token, PrometheusMeterRegistry registry,
            BooleanSupplier live, BooleanSupplier ready) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new SettingsException("http.bind", "'" + bind + "' does not resolve to an address of this machine");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("assign requested address")) {
                throw new SettingsException("http.bind", "'" + bind + "' is not an address of this machine; use "
                        + "127.0.0.1, 0.0.0.0 or one of its interfaces' addresses");
            }
            throw new SettingsException("http.port", "port " + port
                    + " is already in use; choose another, or 0 for any free port");
        }
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        AtomicReference<QueryApi> api = new AtomicReference<>();
        server.createContext("/api/", ex -> {
            String given = ex.getRequestHeaders().getFirst("Authorization");
            if (!token.isEmpty() && (given == null
                    || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8)))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"campaign-pulse\"");
                respond(ex, 401, "application/json", "{\"error\":\"missing or wrong token: send the header "
                        + "'Authorization: Bearer <http.token>'\"}\n");
                return;
            }
            QueryApi q = api.get();
            QueryApi.Answer a;
            if (!"GET".equals(ex.getRequestMethod())) {
                a = QueryApi.Answer.error(404, "no such route: " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
                        + "; the API answers GET only (see docs/openapi.json)");
            } else if (q == null) {
                a = QueryApi.Answer.error(503, "the pipeline is starting; try again shortly");
            } else {
                a = q.answer(ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                        "local".equals(ex.getRequestHeaders().getFirst(QueryApi.LOCAL_HEADER)), given);
            }
            respond(ex, a.status(), "application/json", a.body());
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/health/live", ex -> health(ex, live.getAsBoolean()));
        server.createContext("/health/ready", ex -> health(ex, ready.getAsBoolean()));
        server.createContext("/", StaticFiles::serve);
        // Listings wait for other instances, which may be asking this one at the same time.
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new HttpEndpoints(server, api);
    }

    private static void health(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"UP\"}\n" : "{\"status\":\"DOWN\"}\n");
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        respond(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server listens on. */
    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
