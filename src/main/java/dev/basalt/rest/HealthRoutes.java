package dev.basalt.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/health}. */
final class HealthRoutes {
    private final Http http;

    HealthRoutes(Http http) {
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", this::health);
        routes.head("/api/health", this::health);
    }

    private void health(Context ctx) {
        Map<String, Object> data = new TreeMap<>();
        if (http.auth(ctx).map(a -> a.record().collection().isSuperusers()).orElse(false)) {
            data.put("canBackup", true);
            data.put("realIP", ctx.ip());
            data.put("possibleProxyHeader", "");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "API is healthy.");
        body.put("code", 200);
        body.put("data", data);
        Http.json(ctx, 200, body);
    }
}
