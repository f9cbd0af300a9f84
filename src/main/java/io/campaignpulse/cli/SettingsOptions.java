package io.campaignpulse.cli;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, shared by every command. */
public final class SettingsOptions {
    static final Path DEFAULT_FILE = Path.of("config", "application.properties");

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (default: config/application.properties when it exists).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
    List<String> sets = new ArrayList<>();

    /** The settings from file, environment and flags, plus {@code extra} overrides from options. */
    public Settings load(List<String> extra) {
        Path file = config != null ? config : Files.exists(DEFAULT_FILE) ? DEFAULT_FILE : null;
        Map<String, String> fromFile = file == null ? Map.of() : SettingsLoader.readFile(file);
        List<String> all = new ArrayList<>(extra);
        all.addAll(sets);
        return SettingsLoader.load(fromFile, System.getenv(), all);
    }
}
