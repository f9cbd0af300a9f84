package io.campaignpulse.http;

import io.campaignpulse.config.WindowSize;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed query API request ({@code /api/v1/...}, docs/openapi.json): its route, path
 * parameters and checked query parameters. Parsing throws {@link Failure} with the status and
 * message to answer: 404 for a path that is no route, 400 naming a bad parameter.
 */
record ApiRequest(Route route, String id, WindowSize window, Long at, Long from, Long to, String sort,
        boolean ascending, int limit) {

    enum Route {
        CAMPAIGN_TOP, CAMPAIGN_TOTAL, CAMPAIGN_WINDOWS, CHANNEL_LIST, CHANNEL_TOTAL, CHANNEL_WINDOWS, EXPERIMENT,
        EXPERIMENT_LIST, ALERT_LIST
    }

    /** A request that gets an error answer. */
    static final class Failure extends RuntimeException {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static final String PREFIX = "/api/v1/";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    /** Windows a campaign's or channel's window listing returns when neither from nor to is given. */
    static final int DEFAULT_WINDOWS = 24;
    /** Fields {@code sort} accepts: counts and money, then ratios (whose null values sort last). */
    static final Set<String> SORT_FIELDS = Set.of("spend", "revenue", "impressions", "clicks", "leads", "sales",
            "spendMicros", "revenueMicros", "reach", "actUsers", "convertUsers", "cpm", "cpc", "cpl", "cpa", "ctr",
            "leadRate", "conversionRate", "leadToSale", "roas", "roi", "frequency", "actRate", "convertRate",
            "newCustomers", "repeatCustomers", "cac");

    /** Parses a GET of {@code path} (as sent, percent-encoded) with its raw query string (or null). */
    static ApiRequest parse(String path, String rawQuery, List<WindowSize> windows) {
        if (!path.startsWith(PREFIX)) {
            throw notFound(path);
        }
        String[] seg = path.substring(PREFIX.length()).split("/", -1);
        Map<String, String> q = query(rawQuery);
        String first = seg[0];
        if (first.equals("campaigns")) {
            if (seg.length == 1) {
                allow(q, "window", "at", "sort", "order", "limit");
                return new ApiRequest(Route.CAMPAIGN_TOP, null, window(q, windows, true), instant(q, "at"), null,
                        null, sort(q), ascending(q), limit(q));
            }
            String id = segment(seg[1], "campaignId");
            if (seg.length == 2) {
                allow(q);
                return new ApiRequest(Route.CAMPAIGN_TOTAL, id, null, null, null, null, null, false, 0);
            }
            if (seg.length == 3 && seg[2].equals("windows")) {
                return windows(Route.CAMPAIGN_WINDOWS, id, q, windows);
            }
        } else if (first.equals("channels")) {
            if (seg.length == 1) {
                allow(q, "window", "at");
                return new ApiRequest(Route.CHANNEL_LIST, null, window(q, windows, true), instant(q, "at"), null,
                        null, null, false, 0);
            }
            if (seg.length >= 3) {
                String id = segment(seg[1], "channel") + "/" + segment(seg[2], "currency");
                if (seg.length == 3) {
                    allow(q);
                    return new ApiRequest(Route.CHANNEL_TOTAL, id, null, null, null, null, null, false, 0);
                }
                if (seg.length == 4 && seg[3].equals("windows")) {
                    return windows(Route.CHANNEL_WINDOWS, id, q, windows);
                }
            }
        } else if (first.equals("experiments")) {
            if (seg.length == 1) {
                allow(q);
                return new ApiRequest(Route.EXPERIMENT_LIST, null, null, null, null, null, null, false, 0);
            }
            if (seg.length == 2) {
                allow(q);
                return new ApiRequest(Route.EXPERIMENT, segment(seg[1], "campaignId"), null, null, null, null, null,
                        false, 0);
            }
        } else if (first.equals("alerts") && seg.length == 1) {
            allow(q);
            return new ApiRequest(Route.ALERT_LIST, null, null, null, null, null, null, false, 0);
        }
        throw notFound(path);
    }

    private static ApiRequest windows(Route route, String id, Map<String, String> q, List<WindowSize> windows) {
        allow(q, "window", "from", "to");
        Long from = instant(q, "from");
        Long to = instant(q, "to");
        if (from != null && to != null && from >= to) {
            throw bad("'from' must be before 'to'");
        }
        return new ApiRequest(route, id, window(q, windows, true), null, from, to, null, false, 0);
    }

    private static Failure notFound(String path) {
        return new Failure(404, "no such route: " + path + " (see docs/openapi.json)");
    }

    private static Failure bad(String message) {
        return new Failure(400, message);
    }

    private static String segment(String raw, String name) {
        String v = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (v.isEmpty()) {
            throw bad("path parameter '" + name + "' is empty");
        }
        return v;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (q.put(name, value) != null) {
                throw bad("parameter '" + name + "' is given more than once");
            }
        }
        return q;
    }

    private static void allow(Map<String, String> q, String... names) {
        for (String given : q.keySet()) {
            if (!List.of(names).contains(given)) {
                throw bad("unknown parameter '" + given + "'" + (names.length == 0 ? "; this route takes none"
                        : "; this route takes " + String.join(", ", names)));
            }
        }
    }

    private static WindowSize window(Map<String, String> q, List<WindowSize> windows, boolean required) {
        String v = q.get("window");
        if (v == null) {
            // the API's default is the hour where the service has one, else its largest window
            return windows.stream().filter(w -> w.millis() == 3_600_000L).findFirst()
                    .orElse(windows.get(windows.size() - 1));
        }
        return windows.stream().filter(w -> w.name().equals(v)).findFirst().orElseThrow(() -> bad(
                "parameter 'window' is '" + v + "'; this service keeps " + String.join(", ",
                        windows.stream().map(WindowSize::name).toList())));
    }

    private static Long instant(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad("parameter '" + name + "' is '" + v + "', not an ISO-8601 instant such as 2026-11-22T14:00:00Z");
        }
    }

    private static String sort(Map<String, String> q) {
        String v = q.getOrDefault("sort", "spend");
        if (!SORT_FIELDS.contains(v)) {
            throw bad("parameter 'sort' is '" + v + "'; use one of " + String.join(", ",
                    SORT_FIELDS.stream().sorted().toList()));
        }
        return v;
    }

    private static boolean ascending(Map<String, String> q) {
        String v = q.getOrDefault("order", "desc");
        if (!v.equals("asc") && !v.equals("desc")) {
            throw bad("parameter 'order' is '" + v + "'; use asc or desc");
        }
        return v.equals("asc");
    }

    private static int limit(Map<String, String> q) {
        String v = q.get("limit");
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad("parameter 'limit' is '" + v + "'; use a whole number from 1 to " + MAX_LIMIT);
    }
}
