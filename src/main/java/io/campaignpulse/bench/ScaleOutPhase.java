package io.campaignpulse.bench;

import io.campaignpulse.CampaignPulse;
import io.campaignpulse.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Phase (d): several campaign-pulse instances, one process each ({@code campaign-pulse run}),
 * sharing one application id on the preloaded data, timed from launch until the group has
 * committed every input partition to its end. Measures what scaling out costs on the same cores.
 */
final class ScaleOutPhase {
    private ScaleOutPhase() {
    }

    /** The catch-up of {@code instances} processes; peak RSS is the sum of their peaks. */
    static BenchReport.Phase run(Settings s, List<String> childArgs, int instances, Path work, Admin admin,
            Map<TopicPartition, Long> ends, long total, Duration timeout) throws Exception {
        String app = s.applicationId() + "-x" + instances;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        CampaignPulse.class.getName(), "run"));
                cmd.addAll(childArgs);
                for (String set : List.of("bootstrap.servers=" + s.bootstrapServers(), "application.id=" + app,
                        "state.dir=" + work.resolve("x" + instances + "-state-" + i).toAbsolutePath(), "http.port=0")) {
                    cmd.add("--set");
                    cmd.add(set);
                }
                Path log = work.resolve("x" + instances + "-instance-" + i + ".log");
                processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            boolean done = Progress.await(() -> {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("an instance of " + app + " exited with " + p.exitValue()
                                + "; see " + work);
                    }
                }
                try {
                    return Progress.committed(admin, app, ends);
                } catch (InterruptedException | ExecutionException e) {
                    return false;
                }
            }, timeout);
            if (!done) {
                throw new IllegalStateException(app + " did not consume the input within " + timeout);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rss = 0;
            for (Process p : processes) {
                rss += peakRss(p.pid());
            }
            return new BenchReport.Phase(total, seconds, 0, rss);
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** VmHWM of a process, in bytes; 0 where /proc is not there. */
    private static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
