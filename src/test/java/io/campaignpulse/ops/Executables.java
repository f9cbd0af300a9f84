package io.campaignpulse.ops;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds tools the repository cannot bring through Maven (Prometheus' executables, a browser) on
 * the PATH. Without the tool a test is skipped with a message saying how to install it, so the
 * test command passes on a machine with only a JDK; CI installs the tools ({@code .ci/run}) and
 * sets {@code REQUIRE_TEST_TOOLS=true}, under which a missing tool fails the test instead.
 */
public final class Executables {
    private Executables() {
    }

    /** The path of {@code name} on the PATH, if any. */
    public static Optional<String> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (candidate.toFile().canExecute()) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * The path of {@code name} on the PATH; skips the calling test when it is absent (fails under
     * {@code REQUIRE_TEST_TOOLS=true}).
     *
     * @param install how to install it, for the message
     */
    public static String require(String name, String install) {
        Optional<String> path = find(name);
        String message = name + " is not on PATH: install it with '" + install + "' (.ci/run does so)";
        if (path.isEmpty() && Boolean.parseBoolean(System.getenv("REQUIRE_TEST_TOOLS"))) {
            throw new AssertionError(message + "; REQUIRE_TEST_TOOLS=true makes this a failure");
        }
        Assumptions.assumeTrue(path.isPresent(), message + "; skipped");
        return path.orElseThrow();
    }

    /** Prometheus' {@code promtool} or {@code prometheus}, from the Debian package. */
    public static String prometheus(String name) {
        return require(name, "apt-get install prometheus");
    }
}
