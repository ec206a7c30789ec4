package dev.basalt.rest;

import dev.basalt.auth.EmailFlows;
import dev.basalt.auth.oauth2.AppleClientSecret;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.files.S3Storage;
import dev.basalt.settings.Settings;
import dev.basalt.settings.SettingsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/settings}, {@code POST /api/settings/test/s3}, {@code POST /api/settings/test/email} and
 * {@code POST /api/settings/apple/generate-client-secret} (superusers only). The S3 test
 * checks the saved settings of the {@code storage} or {@code backups} bucket by writing and deleting
 * a small object; it answers 204, or 400 with the S3 error in the message.
 */
final class SettingsRoutes {
    private final Supplier<SettingsService> settings;
    private final Supplier<EmailFlows> email;
    private final Http http;

    SettingsRoutes(Supplier<SettingsService> settings, Supplier<EmailFlows> email, Http http) {
        this.settings = settings;
        this.email = email;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/settings", this::get);
        routes.patch("/api/settings", this::patch);
        routes.post("/api/settings/test/s3", this::testS3);
        routes.post("/api/settings/test/email", this::testEmail);
        routes.post("/api/settings/apple/generate-client-secret", this::appleClientSecret);
    }

    private void appleClientSecret(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body = loadBody(ctx);
        JsonNode duration = body.path("duration");
        if (!(duration.isMissingNode() || duration.isNull() || duration.isNumber())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
        }
        String secret = AppleClientSecret.generate(body.path("clientId").asString(""), body.path("teamId").asString(""),
                body.path("keyId").asString(""), body.path("privateKey").asString(""), duration.asLong(0), java.time.Clock.systemUTC());
        Http.json(ctx, 200, Map.of("secret", secret));
    }

    private void testEmail(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body = loadBody(ctx);
        for (String key : List.of("email", "template", "collection")) {
            JsonNode v = body.path(key);
            if (!(v.isMissingNode() || v.isNull() || v.isString())) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
            }
        }
        email.get().sendTest(body.path("collection").asString(""), body.path("template").asString(""), body.path("email").asString(""));
        Http.noContent(ctx);
    }

    private void get(Context ctx) {
        http.requireSuperuser(ctx);
        Http.json(ctx, 200, SettingsService.toApi(settings.get().current()));
    }

    private void patch(Context ctx) {
        http.requireSuperuser(ctx);
        Http.json(ctx, 200, SettingsService.toApi(settings.get().patch(loadBody(ctx))));
    }

    private static JsonNode loadBody(Context ctx) {
        try {
            return Http.jsonBody(ctx, Http.DEFAULT_BODY_LIMIT);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
            }
            throw e;
        }
    }

    private void testS3(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body = loadBody(ctx);
        JsonNode value = body.path("filesystem");
        if (!(body.isObject() || body.isNull()) || !(value.isMissingNode() || value.isNull() || value.isString())) {
            // PocketBase binds the body into a form with a string field: anything else fails to load
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
        }
        String filesystem = value.isString() ? value.asString() : "";
        if (!filesystem.equals("storage") && !filesystem.equals("backups")) {
            FieldError error = filesystem.isEmpty() ? FieldError.of("validation_required", "Cannot be blank.")
                    : FieldError.of("validation_in_invalid", "Must be a valid value.");
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "Failed to test the S3 filesystem.", Map.of("filesystem", error));
        }
        Settings current = settings.get().current();
        Settings.S3 s3 = filesystem.equals("storage") ? current.s3() : current.backups() == null ? null : current.backups().s3();
        if (s3 == null || !s3.enabled()) {
            throw testFailed("S3 storage filesystem is not enabled", null);
        }
        try {
            new S3Storage(new S3Storage.Config(s3.endpoint(), s3.bucket(), s3.region(), s3.accessKey(), s3.secret(),
                    s3.forcePathStyle())).test();
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            throw testFailed(e.getMessage(), e);
        }
        Http.noContent(ctx);
    }

    /** PocketBase's message for a failed S3 test: the raw error is the point of the endpoint, so it is sent. */
    private static ApiException testFailed(String rawError, Throwable cause) {
        return new ApiException(ErrorCode.BAD_REQUEST, "Failed to test the S3 filesystem. Raw error: \n" + rawError, null, cause);
    }
}
