package io.campaignpulse.ops;

import java.io.File;
import java.nio.file.Path;

/** Finds Prometheus' executables on the PATH (CI installs the Debian package; see .ci/run). */
public final class Executables {
    private Executables() {
    }

    /** The path of {@code name} on the PATH; fails with how to install it. */
    public static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (candidate.toFile().canExecute()) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not on PATH: install it with 'apt-get install prometheus' "
                + "(.ci/run does so when it is missing)");
    }
}
