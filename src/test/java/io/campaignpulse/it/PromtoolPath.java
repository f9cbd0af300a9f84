package io.campaignpulse.it;

import java.io.File;
import java.nio.file.Path;

/** Finds the Prometheus server binary on PATH (CI installs the Debian package). */
final class PromtoolPath {
    private PromtoolPath() {
    }

    static String prometheus() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (candidate.toFile().canExecute()) {
                return candidate.toString();
            }
        }
        throw new AssertionError("prometheus is not on PATH: install it with 'apt-get install prometheus' "
                + "(.ci/run does so when it is missing)");
    }
}
