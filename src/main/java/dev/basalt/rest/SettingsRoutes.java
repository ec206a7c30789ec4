package dev.basalt.rest;

import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.settings.SettingsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** {@code /api/settings} (superusers only). */
final class SettingsRoutes {
    private final Supplier<SettingsService> settings;
    private final Http http;

    SettingsRoutes(Supplier<SettingsService> settings, Http http) {
        this.settings = settings;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/settings", this::get);
        routes.patch("/api/settings", this::patch);
    }

    private void get(Context ctx) {
        http.requireSuperuser(ctx);
        Http.json(ctx, 200, SettingsService.toApi(settings.get().current()));
    }

    private void patch(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body;
        try {
            body = Http.jsonBody(ctx, Http.DEFAULT_BODY_LIMIT);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
            }
            throw e;
        }
        Http.json(ctx, 200, SettingsService.toApi(settings.get().patch(body)));
    }
}
