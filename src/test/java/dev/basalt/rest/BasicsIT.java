package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import dev.basalt.testkit.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Health, errors, security headers, CORS, body limits, settings. */
class BasicsIT {
    static Stream<Scenario> scenarios() {
        return Stream.of(
                Scenario.named("health").get("/api/health").expect(200)
                        .contains("{\"message\":\"API is healthy.\",\"code\":200,\"data\":{}}"),
                Scenario.named("health for superusers has details").get("/api/health").as(Auth.SUPERUSER).expect(200)
                        .contains("\"canBackup\":true", "\"realIP\":\"127.0.0.1\""),
                Scenario.named("unknown route").get("/api/nope").expect(404)
                        .contains("{\"data\":{},\"message\":\"The requested resource wasn't found.\",\"status\":404}"),
                Scenario.named("unknown route with another method").request("DELETE", "/api/nope/deeper").expect(404)
                        .contains("\"status\":404"),
                Scenario.named("settings need a superuser").get("/api/settings").expect(401),
                Scenario.named("settings for a user").get("/api/settings").as(Auth.user("test@example.com")).expect(403),
                Scenario.named("settings of the fixture without secrets").get("/api/settings").as(Auth.SUPERUSER).expect(200)
                        .contains("\"appName\":\"acme_test\"", "\"smtp\":{", "\"batch\":{\"enabled\":true", "\"rateLimits\":{")
                        .absent("\"password\"", "\"secret\""),
                Scenario.named("patch settings").patch("/api/settings", "{\"meta\":{\"appName\":\"renamed\"}}").as(Auth.SUPERUSER)
                        .expect(200).contains("\"appName\":\"renamed\"", "\"senderName\":\"Support\"")
                        .then((r, s) -> assertThat(s.get("/api/settings", s.superuserToken()).body()).contains("\"appName\":\"renamed\"")),
                Scenario.named("patch settings with a secret keeps it hidden").patch("/api/settings",
                                "{\"smtp\":{\"password\":\"hunter2\",\"host\":\"mail.example.com\"}}").as(Auth.SUPERUSER)
                        .expect(200).contains("\"host\":\"mail.example.com\"").absent("hunter2"),
                Scenario.named("invalid settings change nothing").patch("/api/settings",
                                "{\"meta\":{\"appName\":\"\",\"senderAddress\":\"nope\"}}").as(Auth.SUPERUSER).expect(400)
                        .contains("\"message\":\"An error occurred while saving the new settings.\"",
                                "\"appName\":{\"code\":\"validation_required\"", "\"senderAddress\":{\"code\":\"validation_is_email\"")
                        .then((r, s) -> assertThat(s.get("/api/settings", s.superuserToken()).body()).contains("\"appName\":\"acme_test\"")),
                Scenario.named("malformed settings JSON").patch("/api/settings", "{").as(Auth.SUPERUSER).expect(400),
                Scenario.named("fresh data dir has default settings").get("/api/settings").onEmptyDataDir()
                        .expect(401),
                Scenario.named("fresh data dir has users").get("/api/collections/users/records").onEmptyDataDir().expect(200)
                        .contains("\"totalItems\":0"),
                Scenario.named("fresh data dir has superusers").get("/api/collections/_superusers/records").onEmptyDataDir().expect(403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }

    @Test
    void securityHeadersAndCors() {
        try (TestServer s = TestServer.fixture()) {
            Response r = s.send("GET", "/api/health", null, null, Map.of("Origin", "https://app.example.com"));
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
            assertThat(r.header("X-XSS-Protection")).isEqualTo("1; mode=block");
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
            Response preflight = s.send("OPTIONS", "/api/collections/demo2/records", null, null, Map.of(
                    "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization,content-type"));
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
            assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("authorization,content-type");
            Response error = s.get("/api/nope", null);
            assertThat(error.header("Content-Type")).startsWith("application/json");
            assertThat(error.header("Basalt-Error-Code")).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void oversizeBodyIs413AndChangesNothing() {
        try (TestServer s = TestServer.fixture()) {
            String huge = "{\"title\":\"" + "x".repeat((32 << 20) + 10) + "\"}";
            Response r = s.send("POST", "/api/collections/demo2/records", null, huge, Map.of());
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("\"message\":\"Request entity too large.\"");
            Response settings = s.send("PATCH", "/api/settings", s.superuserToken(), huge, Map.of());
            assertThat(settings.status()).isEqualTo(413);
            assertThat(s.get("/api/collections/demo2/records", null).body()).contains("\"totalItems\":3");
        }
    }
}
