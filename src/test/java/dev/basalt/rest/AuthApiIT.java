package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Superuser password login, refresh and token format. */
class AuthApiIT {
    static final String LOGIN = "/api/collections/_superusers/auth-with-password";

    static Stream<Scenario> scenarios() {
        return Stream.of(
                Scenario.named("superuser login").post(LOGIN, "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}")
                        .expect(200).contains("\"token\":\"", "\"record\":{", "\"email\":\"test@example.com\"",
                                "\"collectionName\":\"_superusers\"", "\"verified\":true")
                        .absent("\"password\"", "\"tokenKey\""),
                Scenario.named("identity is case-insensitive").post(LOGIN, "{\"identity\":\"TEST@example.com\",\"password\":\"1234567890\"}")
                        .expect(200),
                Scenario.named("wrong password").post(LOGIN, "{\"identity\":\"test@example.com\",\"password\":\"wrong-password\"}")
                        .expect(400).contains("{\"data\":{},\"message\":\"Failed to authenticate.\",\"status\":400}"),
                Scenario.named("unknown identity gets the same answer").post(LOGIN, "{\"identity\":\"nobody@example.com\",\"password\":\"1234567890\"}")
                        .expect(400).contains("{\"data\":{},\"message\":\"Failed to authenticate.\",\"status\":400}"),
                Scenario.named("missing identity").post(LOGIN, "{\"password\":\"x\"}").expect(400)
                        .contains("\"identity\":{\"code\":\"validation_required\""),
                Scenario.named("password login disabled").post("/api/collections/nologin/auth-with-password",
                                "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}").expect(403)
                        .contains("The collection is not configured to allow password authentication."),
                Scenario.named("not an auth collection").post("/api/collections/demo2/auth-with-password", "{}").expect(404)
                        .contains("Missing or invalid auth collection context."),
                Scenario.named("user login with username passes the first factor").post("/api/collections/users/auth-with-password",
                                "{\"identity\":\"test2_username\",\"password\":\"1234567890\"}").expect(401)
                        .contains("{\"mfaId\":\""),
                Scenario.named("client login with username").post("/api/collections/clients/auth-with-password",
                                "{\"identity\":\"clients57772\",\"password\":\"1234567890\"}").expect(200)
                        .contains("\"email\":\"test@example.com\""),
                Scenario.named("the authRule (verified = true) refuses an unverified client").post("/api/collections/clients/auth-with-password",
                                "{\"identity\":\"test2@example.com\",\"password\":\"1234567890\"}").expect(403)
                        .contains("The request doesn't satisfy the collection requirements to authenticate."),
                Scenario.named("refresh without auth").post("/api/collections/_superusers/auth-refresh", "").expect(401),
                Scenario.named("refresh with a token of another collection").post("/api/collections/_superusers/auth-refresh", "")
                        .as(Auth.user("test@example.com")).expect(403),
                Scenario.named("refresh").post("/api/collections/_superusers/auth-refresh", "").as(Auth.SUPERUSER).expect(200)
                        .contains("\"token\":\"", "\"email\":\"test@example.com\""),
                Scenario.named("an invalid token means guest").get("/api/collections/demo2/records")
                        .as(Auth.raw("not-a-token")).expect(200),
                Scenario.named("Bearer prefix accepted").get("/api/collections")
                        .then((r, s) -> assertThat(s.send("GET", "/api/collections", "Bearer " + s.superuserToken(), null, Map.of()).status())
                                .isEqualTo(200)).expect(401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }

    @Test
    void loginTokenHasPocketBaseClaimsAndIsSignedWithTokenKeyPlusSecret() throws Exception {
        try (TestServer s = TestServer.fixture()) {
            Response r = s.send("POST", LOGIN, null, "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}", Map.of());
            String token = r.json().get("token").asString();
            String[] parts = token.split("\\.");
            JsonNode header = Json.parse(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = Json.parse(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.get("alg").asString()).isEqualTo("HS256");
            assertThat(claims.get("id").asString()).isEqualTo("sywbhecnh46rhm0");
            assertThat(claims.get("type").asString()).isEqualTo("auth");
            assertThat(claims.get("collectionId").asString()).isEqualTo("pbc_3142635823");
            assertThat(claims.get("refreshable").asBoolean()).isTrue();
            long exp = claims.get("exp").asLong();
            assertThat(exp).isBetween(Instant.now().getEpochSecond() + 1209600 - 60, Instant.now().getEpochSecond() + 1209600 + 60);
            // independently recompute the signature with the record's tokenKey + the collection secret
            String key = tokenKey(s, "_superusers", "sywbhecnh46rhm0") + secret(s, "_superusers");
            assertThat(hs256(parts[0] + "." + parts[1], key)).isEqualTo(parts[2]);
        }
    }

    @Test
    void tokensMintedLikePocketBaseValidate() throws Exception {
        try (TestServer s = TestServer.fixture()) {
            String key = tokenKey(s, "users", "4q1xlclmfloku33") + secret(s, "users");
            String token = mint(Map.of("collectionId", "_pb_users_auth_", "exp", 2524604461L, "id", "4q1xlclmfloku33",
                    "refreshable", true, "type", "auth"), key);
            Response own = s.get("/api/collections/users/records/4q1xlclmfloku33", token);
            assertThat(own.status()).as(own.body()).isEqualTo(200); // viewRule "id = @request.auth.id"
            assertThat(own.body()).contains("\"email\":\"test@example.com\""); // the owner sees its own email
            assertThat(s.get("/api/collections/users/records/oap640cot4yru2s", token).status()).isEqualTo(404);
            Response refreshed = s.send("POST", "/api/collections/users/auth-refresh", token, "", Map.of());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(refreshed.json().get("record").get("id").asString()).isEqualTo("4q1xlclmfloku33");

            String wrongKey = mint(Map.of("collectionId", "_pb_users_auth_", "exp", 2524604461L, "id", "4q1xlclmfloku33",
                    "refreshable", true, "type", "auth"), key + "x");
            assertThat(s.send("POST", "/api/collections/users/auth-refresh", wrongKey, "", Map.of()).status()).isEqualTo(401);
            String expired = mint(Map.of("collectionId", "_pb_users_auth_", "exp", 1000L, "id", "4q1xlclmfloku33",
                    "refreshable", true, "type", "auth"), key);
            assertThat(s.send("POST", "/api/collections/users/auth-refresh", expired, "", Map.of()).status()).isEqualTo(401);
            String nonRefreshable = mint(Map.of("collectionId", "_pb_users_auth_", "exp", 2524604461L, "id", "4q1xlclmfloku33",
                    "refreshable", false, "type", "auth"), key);
            Response same = s.send("POST", "/api/collections/users/auth-refresh", nonRefreshable, "", Map.of());
            assertThat(same.json().get("token").asString()).isEqualTo(nonRefreshable);
        }
    }

    @Test
    void authResponsesExpandAndPickFieldsAsTheRecordSeesItself() {
        try (TestServer s = TestServer.fixture()) {
            String token = s.token("users", "test@example.com");
            Response r = s.send("POST", "/api/collections/users/auth-refresh?expand=rel&fields=token,record.email,record.expand.rel.id",
                    token, "", Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/record/email").asString()).as("its own email, hidden to others").isEqualTo("test@example.com");
            assertThat(r.json().at("/record/expand/rel/id").asString()).isEqualTo("llvuca81nly1qls");
            assertThat(r.json().get("record").size()).isEqualTo(2);
            assertThat(r.json().get("token").asString()).isNotEmpty();
        }
    }

    @Test
    void passwordChangeRevokesTokens() {
        try (TestServer s = TestServer.fixture()) {
            String su = s.superuserToken();
            String userToken = s.token("users", "test2@example.com");
            assertThat(s.send("POST", "/api/collections/users/auth-refresh", userToken, "", Map.of()).status()).isEqualTo(200);
            Response changed = s.send("PATCH", "/api/collections/users/records/oap640cot4yru2s", su,
                    "{\"password\":\"new-password-1\",\"passwordConfirm\":\"new-password-1\"}", Map.of());
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(s.send("POST", "/api/collections/users/auth-refresh", userToken, "", Map.of()).status()).isEqualTo(401);
            Response login = s.send("POST", "/api/collections/users/auth-with-password", null,
                    "{\"identity\":\"test2@example.com\",\"password\":\"new-password-1\"}", Map.of());
            assertThat(login.status()).as("the new password is the first factor of the users' MFA").isEqualTo(401);
            assertThat(login.json().get("mfaId").asString()).matches("[a-z0-9]{15}");
        }
    }

    static String tokenKey(TestServer s, String table, String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.dir().resolve("data.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT tokenKey FROM " + table + " WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String secret(TestServer s, String collection) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.dir().resolve("data.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT options FROM _collections WHERE name = '" + collection + "'")) {
            rs.next();
            return Json.parse(rs.getString(1)).get("authToken").get("secret").asString();
        }
    }

    static String mint(Map<String, Object> claims, String key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(Json.write(new java.util.TreeMap<>(claims)).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + hs256(header + "." + payload, key);
    }

    static String hs256(String data, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
