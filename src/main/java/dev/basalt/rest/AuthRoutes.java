package dev.basalt.rest;

import dev.basalt.auth.AuthModule;
import dev.basalt.auth.OAuth2Actions;
import dev.basalt.auth.AuthOutcome;
import dev.basalt.auth.AuthResult;
import dev.basalt.collections.Values;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.Record;
import dev.basalt.records.RecordExport;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The auth endpoints of auth collections ({@code /api/collections/{collection}/...}). */
final class AuthRoutes {
    private static final String LOADING = "An error occurred while loading the submitted data.";
    private static final String PREFIX = "/api/collections/{collection}/";

    private final Supplier<AuthModule> auth;
    private final Supplier<RecordActions> records;
    private final Http http;

    AuthRoutes(Supplier<AuthModule> auth, Supplier<RecordActions> records, Http http) {
        this.auth = auth;
        this.records = records;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "auth-methods", ctx -> Http.json(ctx, 200, auth.get().oauth2().methods(collection(ctx))));
        routes.post(PREFIX + "auth-with-password", this::withPassword);
        routes.post(PREFIX + "auth-with-oauth2", this::withOAuth2);
        routes.post(PREFIX + "auth-refresh", this::refresh);
        routes.post(PREFIX + "request-otp", this::requestOtp);
        routes.post(PREFIX + "auth-with-otp", this::withOtp);
        routes.post(PREFIX + "request-verification", ctx -> {
            Map<String, Object> body = body(ctx);
            auth.get().email().requestVerification(collection(ctx), text(body, "email"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "confirm-verification", ctx -> {
            Map<String, Object> body = body(ctx);
            auth.get().email().confirmVerification(collection(ctx), text(body, "token"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "request-password-reset", ctx -> {
            Map<String, Object> body = body(ctx);
            auth.get().email().requestPasswordReset(collection(ctx), text(body, "email"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "confirm-password-reset", ctx -> {
            Map<String, Object> body = body(ctx);
            auth.get().email().confirmPasswordReset(collection(ctx), text(body, "token"), text(body, "password"),
                    text(body, "passwordConfirm"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "request-email-change", ctx -> {
            auth.get().actions().authCollection(collection(ctx));
            Record caller = http.auth(ctx).map(v -> v.record()).orElse(null);
            Map<String, Object> body = body(ctx);
            auth.get().email().requestEmailChange(collection(ctx), caller, text(body, "newEmail"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "confirm-email-change", ctx -> {
            Map<String, Object> body = body(ctx);
            auth.get().email().confirmEmailChange(collection(ctx), text(body, "token"), text(body, "password"));
            Http.noContent(ctx);
        });
        routes.post(PREFIX + "impersonate/{id}", this::impersonate);
    }

    private static String collection(Context ctx) {
        return ctx.pathParam("collection");
    }

    private Map<String, Object> body(Context ctx) {
        auth.get().actions().authCollection(collection(ctx));
        return Http.bodyMap(ctx, Http.DEFAULT_BODY_LIMIT, LOADING);
    }

    private void withPassword(Context ctx) {
        Map<String, Object> body = body(ctx);
        RequestInfo info = http.info(ctx, "password").withBody(body);
        respond(ctx, auth.get().actions().withPassword(collection(ctx), text(body, "identity"), text(body, "password"),
                text(body, "identityField"), info));
    }

    private void withOAuth2(Context ctx) {
        Map<String, Object> body = body(ctx);
        RequestInfo info = http.info(ctx, "oauth2").withBody(body);
        String redirectURL = text(body, "redirectURL");
        if (redirectURL.isEmpty()) {
            redirectURL = text(body, "redirectUrl"); // PocketBase < 0.23 clients
        }
        Object createData = body.get("createData");
        if (createData != null && !(createData instanceof Map)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, LOADING);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) createData;
        respond(ctx, auth.get().oauth2().authenticate(collection(ctx),
                new OAuth2Actions.Form(text(body, "provider"), text(body, "code"), text(body, "codeVerifier"), redirectURL, data), info));
    }

    private void refresh(Context ctx) {
        auth.get().actions().authCollection(collection(ctx));
        RequestInfo info = http.info(ctx, "default");
        respond(ctx, auth.get().actions().refresh(collection(ctx), http.auth(ctx).orElse(null), Http.rawToken(ctx), info));
    }

    private void requestOtp(Context ctx) {
        Map<String, Object> body = body(ctx);
        String otpId = auth.get().otp().request(collection(ctx), text(body, "email"));
        Http.json(ctx, 200, Map.of("otpId", otpId));
    }

    private void withOtp(Context ctx) {
        Map<String, Object> body = body(ctx);
        RequestInfo info = http.info(ctx, "otp").withBody(body);
        respond(ctx, auth.get().otp().authenticate(collection(ctx), text(body, "otpId"), text(body, "password"), info));
    }

    private void impersonate(Context ctx) {
        http.requireSuperuser(ctx);
        auth.get().actions().authCollection(collection(ctx));
        Map<String, Object> body = Http.bodyMap(ctx, Http.DEFAULT_BODY_LIMIT, LOADING);
        Object raw = body.get("duration");
        long duration;
        if (raw == null) {
            duration = 0;
        } else if (raw instanceof Number n) {
            duration = n.longValue();
        } else {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, LOADING);
        }
        respond(ctx, auth.get().actions().impersonate(collection(ctx), ctx.pathParam("id"), duration, http.info(ctx, "default")));
    }

    private static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v == null ? "" : Values.toText(v);
    }

    /**
     * The auth response {@code {meta?, record, token}} (the record always shows its own email, and
     * {@code ?expand=} is resolved as that record would see it), or MFA's 401 {@code {mfaId}}.
     */
    private void respond(Context ctx, AuthOutcome outcome) {
        switch (outcome) {
            case AuthOutcome.MfaRequired m -> Http.json(ctx, 401, Map.of("mfaId", m.mfaId()));
            case AuthResult result -> {
                Map<String, Object> body = new LinkedHashMap<>();
                if (result.meta() != null) {
                    body.put("meta", result.meta());
                }
                // the record is exported and expanded as it sees itself (its own email included)
                RequestInfo self = http.info(ctx, "default").withAuth(result.record());
                String expand = ctx.queryParam("expand");
                if (expand != null && !expand.isBlank()) {
                    records.get().expand(List.of(result.record()), expand, self);
                }
                body.put("record", RecordExport.forCaller(result.record(), self));
                body.put("token", result.token());
                Http.json(ctx, 200, body);
            }
        }
    }
}
