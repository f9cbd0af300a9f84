package io.campaignpulse.config;

import static io.campaignpulse.config.SettingValues.bindAddress;
import static io.campaignpulse.config.SettingValues.bool;
import static io.campaignpulse.config.SettingValues.doubleIn;
import static io.campaignpulse.config.SettingValues.duration;
import static io.campaignpulse.config.SettingValues.intIn;
import static io.campaignpulse.config.SettingValues.longIn;
import static io.campaignpulse.config.SettingValues.path;
import static io.campaignpulse.config.SettingValues.token;
import static io.campaignpulse.config.SettingValues.topic;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds {@link Settings}. Precedence, lowest first: built-in defaults, the properties file,
 * environment variables ({@code CAMPAIGN_PULSE_} + key upper-cased, dots to underscores), then
 * {@code --set key=value}. {@link #load} is a pure function of its arguments.
 */
public final class SettingsLoader {
    /** The environment variable prefix. */
    public static final String ENV_PREFIX = "CAMPAIGN_PULSE_";
    /** Keys under this prefix pass through to the Kafka clients and Streams. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Every known key with its default, in documentation order. */
    public static final Map<String, String> DEFAULTS = defaults();

    private SettingsLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap.servers", "");
        d.put("application.id", "campaign-pulse");
        d.put("windows", "1m,1h,1d");
        d.put("window.grace", "PT10M");
        d.put("watermark.idle", "PT30S");
        d.put("dedup.window", "PT24H");
        d.put("max.future.skew", "PT5M");
        d.put("event.max.bytes", "1048576");
        d.put("currency.default", "NOK");
        d.put("reach.lg.k", "12");
        d.put("topics.partitions", "6");
        d.put("topics.replication", "1");
        d.put("http.port", "8080");
        d.put("http.bind", "127.0.0.1");
        d.put("http.token", "");
        d.put("topic.impressions", "ads.impressions");
        d.put("topic.clicks", "ads.clicks");
        d.put("topic.leads", "ads.leads");
        d.put("topic.sales", "ads.sales");
        d.put("topic.campaigns", "ads.campaigns");
        d.put("topic.dlq", "ads.dlq");
        d.put("topic.late", "ads.late");
        d.put("topic.kpi.campaign", "kpi.campaign");
        d.put("topic.kpi.channel", "kpi.channel");
        d.put("topic.alerts", "kpi.alerts");
        d.put("topic.experiment", "kpi.experiment");
        d.put("topic.recommendations", "kpi.recommendations");
        d.put("experiments.alpha", "0.05");
        d.put("experiments.tau", "0.01");
        d.put("experiments.min.trials", "100");
        d.put("recommend.window", "1d");
        d.put("recommend.min.sales", "30");
        d.put("recommend.step", "0.10");
        d.put("late.revisions", "false");
        d.put("window.retention", "P1D");
        d.put("attribution.lookback", "P7D");
        d.put("customers.lookback", "P540D");
        d.put("progress.interval", "PT0.5S");
        d.put("emit.interval", "PT0.1S");
        d.put("state.dir", "data/state");
        d.put("instance.id", "");
        d.put("embedded.dir", "data/kafka");
        d.put("embedded.port", "0");
        d.put("simulate.campaigns", "200");
        d.put("simulate.rate", "2000");
        d.put("simulate.seed", "42");
        d.put("simulate.events", "0");
        d.put("metrics.campaign.labels", "false");
        d.put("metrics.campaign.max", "100");
        d.put("alerts.min.sales", "5");
        d.put("rocksdb.memory.mb", "512");
        d.put("kafka.processing.guarantee", "exactly_once_v2");
        return Collections.unmodifiableMap(d);
    }

    /** Reads a properties file (UTF-8); a missing or unreadable file is a settings error. */
    public static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new SettingsException("--config", "cannot read '" + file + "': " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /**
     * Merges the sources and validates every value.
     *
     * @param file the properties file's entries (may be empty)
     * @param env the process environment (only {@code CAMPAIGN_PULSE_*} variables are read)
     * @param sets {@code key=value} strings from the command line
     * @throws SettingsException for the first bad key or value
     */
    public static Settings load(Map<String, String> file, Map<String, String> env, List<String> sets) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        file.forEach((k, v) -> merged.put(checkKey(k, "in the settings file"), v.trim()));
        merged.putAll(fromEnv(env));
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new SettingsException(s, "--set takes key=value");
            }
            merged.put(checkKey(s.substring(0, eq).trim(), "given with --set"), s.substring(eq + 1).trim());
        }
        return build(merged);
    }

    private static String checkKey(String key, String where) {
        if (!DEFAULTS.containsKey(key) && !(key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length())) {
            throw new SettingsException(key, "unknown key " + where + "; known keys are listed in "
                    + "config/application.properties, Kafka settings go under 'kafka.'");
        }
        return key;
    }

    static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> byEnvName = new TreeMap<>();
        for (String key : DEFAULTS.keySet()) {
            byEnvName.put(envName(key), key);
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = byEnvName.get(name);
            if (key == null && name.startsWith(ENV_PREFIX + "KAFKA_")) {
                key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key == null) {
                throw new SettingsException(name, "unknown environment variable; use " + ENV_PREFIX
                        + "<KEY> with the key upper-cased and dots as underscores");
            }
            out.put(key, e.getValue().trim());
        }
        return out;
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Settings build(Map<String, String> v) {
        List<WindowSize> windows = windows(v.get("windows"));
        Settings.Topics topics = new Settings.Topics(topic(v, "topic.impressions"), topic(v, "topic.clicks"),
                topic(v, "topic.leads"), topic(v, "topic.sales"), topic(v, "topic.campaigns"), topic(v, "topic.dlq"),
                topic(v, "topic.late"), topic(v, "topic.kpi.campaign"), topic(v, "topic.kpi.channel"),
                topic(v, "topic.alerts"), topic(v, "topic.experiment"), topic(v, "topic.recommendations"));
        Settings.Operations operations = new Settings.Operations(bool(v, "metrics.campaign.labels"),
                intIn(v, "metrics.campaign.max", 1, 10_000), intIn(v, "alerts.min.sales", 1, 1_000_000),
                intIn(v, "rocksdb.memory.mb", 16, 1_048_576), instanceId(v));
        Settings.Simulation simulation = new Settings.Simulation(
                intIn(v, "simulate.campaigns", 1, 10_000_000),
                doubleIn(v, "simulate.rate", 0.001, 10_000_000),
                longIn(v, "simulate.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                longIn(v, "simulate.events", 0, Long.MAX_VALUE));
        Map<String, String> kafka = new TreeMap<>();
        v.forEach((k, val) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                kafka.put(k.substring(KAFKA_PREFIX.length()), val);
            }
        });
        String guarantee = kafka.get("processing.guarantee");
        if (!List.of("exactly_once_v2", "at_least_once").contains(guarantee)) {
            throw new SettingsException("kafka.processing.guarantee", "'" + guarantee
                    + "' is not accepted; use exactly_once_v2 or at_least_once");
        }
        String bootstrap = v.get("bootstrap.servers");
        if (!bootstrap.isEmpty() && !bootstrap.matches("[^\\s,]+:[0-9]+(,[^\\s,]+:[0-9]+)*")) {
            throw new SettingsException("bootstrap.servers", "'" + bootstrap
                    + "' is not a list of host:port, or empty for the embedded broker");
        }
        String appId = v.get("application.id");
        if (!appId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new SettingsException("application.id", "'" + appId + "' must be 1-200 of [A-Za-z0-9._-]");
        }
        String currency = v.get("currency.default");
        if (!currency.matches("[A-Z]{3}")) {
            throw new SettingsException("currency.default", "'" + currency + "' is not an ISO-4217 code such as NOK");
        }
        return new Settings(bootstrap, appId, windows,
                duration(v, "window.grace", false), duration(v, "watermark.idle", true),
                duration(v, "dedup.window", true), duration(v, "max.future.skew", false),
                intIn(v, "event.max.bytes", 64, 8 * 1024 * 1024), currency, intIn(v, "reach.lg.k", 4, 21),
                intIn(v, "topics.partitions", 1, 10_000), (short) intIn(v, "topics.replication", 1, 32),
                intIn(v, "http.port", 0, 65_535), bindAddress(v), token(v), topics, duration(v, "emit.interval", true),
                path(v, "state.dir"), path(v, "embedded.dir"), intIn(v, "embedded.port", 0, 65_535),
                simulation, operations, growth(v, windows), Collections.unmodifiableMap(kafka));
    }

    private static Settings.Growth growth(Map<String, String> v, List<WindowSize> windows) {
        double alpha = doubleIn(v, "experiments.alpha", 0.0, 1.0);
        if (alpha <= 0 || alpha >= 1) {
            throw new SettingsException("experiments.alpha", "'" + v.get("experiments.alpha")
                    + "' must lie strictly between 0 and 1 (a significance level such as 0.05)");
        }
        double tau = doubleIn(v, "experiments.tau", 0.0, 1.0);
        if (tau <= 0) {
            throw new SettingsException("experiments.tau", "'" + v.get("experiments.tau")
                    + "' must be above 0 and at most 1 (the mixing spread of the test, such as 0.01)");
        }
        String rw = v.get("recommend.window");
        WindowSize recommend = windows.stream().filter(w -> w.name().equals(rw)).findFirst().orElse(null);
        if (recommend == null && !rw.equals(DEFAULTS.get("recommend.window"))) {
            throw new SettingsException("recommend.window", "'" + rw + "' is not one of the window sizes in 'windows' ("
                    + String.join(",", windows.stream().map(WindowSize::name).toList()) + ")");
        }
        // The default 1d with 'windows' lacking 1d: no recommendations (the service logs so at start).
        java.math.BigDecimal step;
        try {
            step = new java.math.BigDecimal(v.get("recommend.step"));
        } catch (NumberFormatException e) {
            throw new SettingsException("recommend.step", "'" + v.get("recommend.step")
                    + "' is not a decimal number (a share of spend such as 0.10)");
        }
        if (step.signum() <= 0 || step.compareTo(java.math.BigDecimal.ONE) > 0 || step.scale() > 6) {
            throw new SettingsException("recommend.step", "'" + v.get("recommend.step")
                    + "' must be above 0 and at most 1, with at most 6 decimals");
        }
        return new Settings.Growth(alpha, tau, intIn(v, "experiments.min.trials", 1, 1_000_000_000), recommend,
                intIn(v, "recommend.min.sales", 1, 1_000_000_000), step, bool(v, "late.revisions"),
                duration(v, "window.retention", false), duration(v, "attribution.lookback", true),
                duration(v, "customers.lookback", true), duration(v, "progress.interval", false));
    }

    private static List<WindowSize> windows(String text) {
        List<WindowSize> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            WindowSize w;
            try {
                w = WindowSize.parse(part);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("windows", e.getMessage() + "; give a comma-separated list such as 1m,1h,1d");
            }
            if (out.stream().anyMatch(o -> o.millis() == w.millis())) {
                throw new SettingsException("windows", "'" + part.trim() + "' is listed twice");
            }
            out.add(w);
        }
        if (out.size() > 8) {
            throw new SettingsException("windows", "at most 8 window sizes are accepted");
        }
        out.sort((a, b) -> Long.compare(a.millis(), b.millis()));
        return List.copyOf(out);
    }


    private static String instanceId(Map<String, String> v) {
        String id = v.get("instance.id");
        if (!id.matches("[A-Za-z0-9._-]{0,100}")) {
            throw new SettingsException("instance.id", "'" + id + "' must be up to 100 of [A-Za-z0-9._-] "
                    + "(a stable name per instance, such as a StatefulSet pod name), or empty");
        }
        return id;
    }
}
