package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Profile extraction per provider, against canned provider JSON. */
class OAuth2ProfileTest {
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final Instant EXPIRY = NOW.plusSeconds(3600);

    final FakeProvider idp = new FakeProvider();
    final OAuth2Client oauth2 = new OAuth2Client(HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), true);
    final TokenResponse token = new TokenResponse("access-tok", "bearer", "refresh-tok", EXPIRY, "", Map.of());

    OAuth2ProfileTest() throws Exception {}

    @AfterEach
    void stop() {
        idp.close();
    }

    AuthUser fetch(String provider, Map<String, Object> extra) {
        return oauth2.fetchUser(TestSettings.settings(provider, "cid", idp.url("/token"), idp.url("/me"), extra), token);
    }

    AuthUser fetch(String provider) {
        return fetch(provider, null);
    }

    @Test
    void google() {
        idp.json("/me", 200, "{\"sub\":\"1234567890\",\"name\":\"Ann Lee\",\"given_name\":\"Ann\",\"picture\":\"https://lh3.example/a.png\","
                + "\"email\":\"ann@example.com\",\"email_verified\":true}");
        AuthUser user = fetch("google");
        assertThat(user).isEqualTo(new AuthUser("1234567890", "Ann Lee", "", "ann@example.com", "https://lh3.example/a.png",
                user.rawUser(), "access-tok", "refresh-tok", EXPIRY));
        assertThat(user.rawUser()).containsEntry("given_name", "Ann").containsEntry("email_verified", true);
        assertThat(idp.requestsTo("/me").getFirst().header("Authorization")).isEqualTo("Bearer access-tok");

        idp.json("/me", 200, "{\"sub\":\"1\",\"email\":\"ann@example.com\",\"email_verified\":false}");
        assertThat(fetch("google").email()).isEmpty();
        idp.json("/me", 200, "{\"sub\":\"1\",\"email\":\"ann@example.com\",\"email_verified\":\"true\"}");
        assertThat(fetch("google").email()).as("Google declares a boolean; a string is not trusted").isEmpty();
    }

    @Test
    void githubTakesTheVerifiedPrimaryEmailFromTheEmailsEndpoint() {
        idp.json("/me", 200, "{\"id\":583231,\"login\":\"octo\",\"name\":\"The Octo\",\"avatar_url\":\"https://avatars.example/u/1\","
                + "\"email\":\"unverified@example.com\"}");
        idp.json("/me/emails", 200, "[{\"email\":\"other@example.com\",\"verified\":true,\"primary\":false},"
                + "{\"email\":\"primary-unverified@example.com\",\"verified\":false,\"primary\":true},"
                + "{\"email\":\"octo@example.com\",\"verified\":true,\"primary\":true}]");
        AuthUser user = fetch("github");
        assertThat(user.id()).isEqualTo("583231");
        assertThat(user.username()).isEqualTo("octo");
        assertThat(user.name()).isEqualTo("The Octo");
        assertThat(user.avatarURL()).isEqualTo("https://avatars.example/u/1");
        assertThat(user.email()).isEqualTo("octo@example.com");
        assertThat(idp.requestsTo("/me/emails").getFirst().header("Authorization")).isEqualTo("Bearer access-tok");
    }

    @Test
    void githubEmailsScopeErrorsMeanNoEmailButOtherErrorsFail() {
        idp.json("/me", 200, "{\"id\":1,\"login\":\"octo\",\"email\":\"unverified@example.com\"}");
        for (int status : new int[] {401, 403, 404}) {
            idp.json("/me/emails", status, "{\"message\":\"nope\"}");
            assertThat(fetch("github").email()).as("status %d", status).isEmpty();
        }
        idp.json("/me/emails", 500, "{\"message\":\"boom\"}");
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> fetch("github"));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);
        assertThat(e.getMessage()).contains("(500)");
        idp.json("/me/emails", 200, "[{\"email\":\"octo@example.com\",\"verified\":true,\"primary\":false}]");
        assertThat(fetch("github").email()).isEmpty();
    }

    @Test
    void gitlabTrustsTheEmailOnlyWhenConfirmed() {
        idp.json("/me", 200, "{\"id\":42,\"username\":\"gl\",\"name\":\"Git Lab\",\"avatar_url\":\"https://gl.example/a.png\","
                + "\"email\":\"gl@example.com\",\"confirmed_at\":\"2021-03-04T05:06:07.123Z\"}");
        AuthUser user = fetch("gitlab");
        assertThat(user.id()).isEqualTo("42");
        assertThat(user.username()).isEqualTo("gl");
        assertThat(user.name()).isEqualTo("Git Lab");
        assertThat(user.avatarURL()).isEqualTo("https://gl.example/a.png");
        assertThat(user.email()).isEqualTo("gl@example.com");

        idp.json("/me", 200, "{\"id\":42,\"email\":\"gl@example.com\",\"confirmed_at\":null}");
        assertThat(fetch("gitlab").email()).isEmpty();
        idp.json("/me", 200, "{\"id\":42,\"email\":\"gl@example.com\",\"confirmed_at\":\"0001-01-01T00:00:00Z\"}");
        assertThat(fetch("gitlab").email()).isEmpty();
        idp.json("/me", 200, "{\"id\":42,\"email\":\"gl@example.com\",\"confirmed_at\":\"yesterday\"}");
        assertThat(fetch("gitlab").email()).isEmpty();
    }

    @Test
    void discord() {
        idp.json("/me", 200, "{\"id\":\"80351110224678912\",\"username\":\"nelly\",\"discriminator\":\"0\",\"global_name\":\"Nelly\","
                + "\"avatar\":\"8342729096ea3675442027381ff50dfe\",\"verified\":true,\"email\":\"nelly@example.com\"}");
        AuthUser user = fetch("discord");
        assertThat(user.id()).isEqualTo("80351110224678912");
        assertThat(user.name()).isEqualTo("Nelly");
        assertThat(user.username()).isEqualTo("nelly");
        assertThat(user.avatarURL())
                .isEqualTo("https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png");
        assertThat(user.email()).isEqualTo("nelly@example.com");

        idp.json("/me", 200, "{\"id\":\"1\",\"username\":\"old\",\"discriminator\":\"1337\",\"global_name\":null,\"avatar\":null,"
                + "\"verified\":false,\"email\":\"old@example.com\"}");
        user = fetch("discord");
        assertThat(user.name()).isEqualTo("old#1337");
        assertThat(user.avatarURL()).isEmpty();
        assertThat(user.email()).isEmpty();

        idp.json("/me", 200, "{\"id\":\"1\",\"username\":\"new\",\"discriminator\":\"0\"}");
        assertThat(fetch("discord").name()).isEqualTo("new");
    }

    @Test
    void microsoftDefaultsToTheGraphMailField() {
        idp.json("/me", 200, "{\"id\":\"ms-1\",\"displayName\":\"Mia Soft\",\"mail\":\"mia@example.com\","
                + "\"userPrincipalName\":\"mia@tenant.example\"}");
        AuthUser user = fetch("microsoft");
        assertThat(user.id()).isEqualTo("ms-1");
        assertThat(user.name()).isEqualTo("Mia Soft");
        assertThat(user.username()).isEmpty();
        assertThat(user.avatarURL()).isEmpty();
        assertThat(user.email()).isEqualTo("mia@example.com");
    }

    @Test
    void microsoftIdTokenEmailClaimOptions() throws Exception {
        idp.json("/me", 200, "{\"id\":\"ms-1\",\"displayName\":\"Mia\",\"mail\":\"graph@example.com\"}");
        TestKeys keys = new TestKeys("ms");
        long now = NOW.getEpochSecond();
        String both = keys.rs256(Map.of("iat", now, "exp", now + 600, "verified_primary_email", "primary@example.com",
                "email", "edov@example.com", "xms_edov", "1"));
        String edovOnly = keys.rs256(Map.of("iat", now, "email", "edov@example.com", "xms_edov", true));
        String unverified = keys.rs256(Map.of("iat", now, "email", "plain@example.com", "xms_edov", false));
        String future = keys.rs256(Map.of("iat", now + 3600, "verified_primary_email", "primary@example.com"));

        assertThat(microsoft(both, "verified_primary_email")).isEqualTo("primary@example.com");
        assertThat(microsoft(both, "email_and_xms_edov")).isEqualTo("edov@example.com");
        assertThat(microsoft(both, "any_verified")).isEqualTo("primary@example.com");
        assertThat(microsoft(edovOnly, "any_verified")).isEqualTo("edov@example.com");
        assertThat(microsoft(unverified, "email_and_xms_edov")).isEmpty();
        assertThat(microsoft(unverified, "email")).isEqualTo("plain@example.com");
        assertThat(microsoft(unverified, "any_verified")).isEmpty();
        assertThat(microsoft(future, "verified_primary_email")).as("iat beyond the leeway: no trusted claims").isEmpty();
        assertThat(microsoft("", "verified_primary_email")).as("no id_token: no email, login goes on").isEmpty();
        assertThat(microsoft(both, "something-else")).isEqualTo("graph@example.com");
    }

    String microsoft(String idToken, String claimOption) {
        TokenResponse t = new TokenResponse("access-tok", "", "", null, idToken, Map.of());
        return oauth2.fetchUser(TestSettings.settings("microsoft", "cid", "", idp.url("/me"),
                Map.of("idTokenEmailClaim", claimOption)), t).email();
    }

    @Test
    void profileErrorsFailAtTheUserStage() {
        idp.json("/me", 401, "{\"error\":\"invalid_token access-tok\"}");
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> fetch("google"));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);
        assertThat(e.getMessage()).contains("failed to fetch OAuth2 user profile via " + idp.url("/me") + " (401)")
                .doesNotContain("access-tok");

        idp.json("/me", 200, "[1,2]");
        assertThat(catchThrowableOfType(OAuth2Exception.class, () -> fetch("discord")).stage())
                .isEqualTo(OAuth2Exception.Stage.USER);
        idp.on("/me", request -> FakeProvider.Response.of(200, "text/html", "<html>access-tok</html>"));
        e = catchThrowableOfType(OAuth2Exception.class, () -> fetch("google"));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);
        assertThat(e.getMessage()).doesNotContain("access-tok");
    }

    @Test
    void aProfileWithoutAnIdIsRefused() {
        idp.json("/me", 200, "{\"name\":\"nobody\",\"email\":\"x@example.com\",\"email_verified\":true}");
        assertThat(catchThrowableOfType(OAuth2Exception.class, () -> fetch("google")).getMessage()).contains("no user id");
        idp.json("/me", 200, "{\"login\":\"octo\"}");
        assertThat(catchThrowableOfType(OAuth2Exception.class, () -> fetch("github")).stage())
                .isEqualTo(OAuth2Exception.Stage.USER);
    }
}
