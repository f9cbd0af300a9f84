package io.campaignpulse.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code run}, {@code demo} and {@code simulate} stop on SIGTERM or Ctrl-C. The JVM halts as
 * soon as its shutdown hooks return, so the hook must not return before the command has closed what
 * it opened (the Streams client commits, leaves the group and closes; producers flush). The hook
 * asks the command's thread to stop, then waits until the command says it has closed, at most
 * {@code timeout}, and prints one line if that takes too long.
 */
final class Shutdown {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Installs the hook. */
    static Shutdown install(String command, Duration timeout) {
        Shutdown s = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.requested.countDown();
            try {
                if (!s.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println(command + ": did not close within " + timeout.toSeconds()
                            + " s of the stop signal; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        return s;
    }

    /** True once a stop was asked for. */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code wait} for a stop request; true if one came. */
    boolean awaitRequest(Duration wait) throws InterruptedException {
        return requested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called by the command once everything it opened is closed (in a finally block). */
    void closed() {
        closed.countDown();
    }
}
