package dev.basalt.rest;

import dev.basalt.auth.AuthActions;
import dev.basalt.auth.AuthResult;
import dev.basalt.collections.Values;
import dev.basalt.records.RecordExport;
import dev.basalt.records.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The auth endpoints of auth collections. */
final class AuthRoutes {
    private final Supplier<AuthActions> auth;
    private final Http http;

    AuthRoutes(Supplier<AuthActions> auth, Http http) {
        this.auth = auth;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/collections/{collection}/auth-with-password", this::withPassword);
        routes.post("/api/collections/{collection}/auth-refresh", this::refresh);
    }

    private void withPassword(Context ctx) {
        auth.get().authCollection(ctx.pathParam("collection"));
        Map<String, Object> body = Http.bodyMap(ctx, Http.DEFAULT_BODY_LIMIT, "An error occurred while loading the submitted data.");
        RequestInfo info = http.info(ctx, "password");
        AuthResult result = auth.get().withPassword(ctx.pathParam("collection"), text(body.get("identity")),
                text(body.get("password")), text(body.get("identityField")), info);
        respond(ctx, result);
    }

    private static String text(Object value) {
        return value == null ? "" : Values.toText(value);
    }

    private void refresh(Context ctx) {
        auth.get().authCollection(ctx.pathParam("collection"));
        RequestInfo info = http.info(ctx, "default");
        AuthResult result = auth.get().refresh(ctx.pathParam("collection"), http.auth(ctx).orElse(null), Http.rawToken(ctx), info);
        respond(ctx, result);
    }

    /** The auth response: {@code {meta?, record, token}}; the record always shows its own email. */
    static void respond(Context ctx, AuthResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (result.meta() != null) {
            body.put("meta", result.meta());
        }
        boolean superuser = result.record().collection().isSuperusers();
        body.put("record", RecordExport.export(result.record(), superuser, true, null));
        body.put("token", result.token());
        Http.json(ctx, 200, body);
    }
}
