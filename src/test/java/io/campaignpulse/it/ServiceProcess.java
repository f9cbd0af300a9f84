package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/campaign-pulse.jar run} as a separate JVM, as operators run it: started
 * with {@code --set} flags, stopped with SIGTERM or killed with SIGKILL. Its output goes to a log
 * file in the test's directory.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int httpPort;
    final Path log;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private ServiceProcess(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the process on a free HTTP port and waits until it has bound it (its "started" line) or
     * died; a port taken by someone else between choosing and binding it gives another try.
     */
    static ServiceProcess start(String name, List<String> sets, Path stateDir, Path logDir) throws IOException {
        Path jar = Path.of("target", "campaign-pulse.jar").toAbsolutePath();
        assertThat(jar).as("the jar (mvn package runs before the integration tests)").exists();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx768m", "-jar", jar.toString(), "run"));
            List<String> all = new ArrayList<>(sets);
            all.add("state.dir=" + stateDir.toAbsolutePath());
            all.add("http.port=" + port);
            for (String s : all) {
                cmd.add("--set");
                cmd.add(s);
            }
            long from = Files.exists(log) ? Files.size(log) : 0;
            Process p = new ProcessBuilder(cmd).directory(logDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ServiceProcess sp = new ServiceProcess(name, port, log, p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (p.isAlive() && !sp.logSince(from).contains("campaign-pulse started") && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll the log
            }
            if (!p.isAlive() && sp.logSince(from).contains("is already in use") && attempt < 5) {
                continue;
            }
            return sp;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] b = Files.readAllBytes(log);
            return new String(b, (int) Math.min(offset, b.length), (int) Math.max(0, b.length - offset),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** True while /health/ready answers 200 (the Streams client is RUNNING). */
    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " killed").isTrue();
    }

    /** SIGTERM: the shutdown hook closes the client and leaves the group. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(name + " stops on SIGTERM").isTrue();
    }

    /** Everything the process has written so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String logTail() {
        try {
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
