package io.campaignpulse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples heap in use and process RSS every 100 ms and keeps the peaks since the last reset. */
final class MemorySampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakRss;

    MemorySampler() {
        thread = new Thread(this::loop, "bench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        peakRss = Math.max(peakRss, rssBytes());
    }

    /** Resident set size from /proc (Linux); 0 where it is not available. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    void reset() {
        peakHeap = 0;
        peakRss = 0;
        sample();
    }

    long peakHeap() {
        sample();
        return peakHeap;
    }

    long peakRss() {
        sample();
        return peakRss;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
