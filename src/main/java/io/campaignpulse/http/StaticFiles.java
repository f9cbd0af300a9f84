package io.campaignpulse.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard page and its assets, from the jar: {@code /} is {@code dashboard/index.html},
 * {@code /dashboard/*} the page's own scripts and styles, {@code /webjars/*} the pinned WebJars
 * (no CDN). Anything else is 404.
 */
final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "map", "application/json");

    private StaticFiles() {
    }

    static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String resource = null;
        if (path.equals("/") || path.equals("/index.html")) {
            resource = "dashboard/index.html";
        } else if (path.startsWith("/dashboard/")) {
            resource = safe("dashboard/", path.substring("/dashboard/".length()));
        } else if (path.startsWith("/webjars/")) {
            resource = safe("META-INF/resources/webjars/", path.substring("/webjars/".length()));
        }
        InputStream in = resource == null || !"GET".equals(ex.getRequestMethod()) ? null
                : StaticFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            HttpEndpoints.respond(ex, 404, "text/plain; charset=utf-8",
                    "not found; try / (the dashboard), /api/v1/campaigns, /metrics, /health/live or /health/ready\n");
            return;
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        HttpEndpoints.respond(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), bytes);
    }

    private static String safe(String base, String rest) {
        return SAFE.matcher(rest).matches() && !rest.contains("..") ? base + rest : null;
    }
}
