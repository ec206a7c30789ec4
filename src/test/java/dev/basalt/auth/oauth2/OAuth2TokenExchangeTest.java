package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2TokenExchangeTest {
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final String CODE = "the-authorization-code-xyz";
    static final String VERIFIER = "the-pkce-verifier-0123456789abcdefghijklmno";

    final FakeProvider idp = new FakeProvider();
    final OAuth2Client oauth2 = new OAuth2Client(HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), true);

    OAuth2TokenExchangeTest() throws Exception {}

    @AfterEach
    void stop() {
        idp.close();
    }

    ProviderSettings google() {
        return TestSettings.settings("google", "client id/1", idp.url("/token"), idp.url("/userinfo"), null);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsTheFormWithHttpBasicFirst() {
        idp.json("/token", 200, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"refresh_token\":\"rt-1\","
                + "\"expires_in\":3600,\"id_token\":\"idt-1\",\"scope\":\"openid\"}");
        TokenResponse token = oauth2.exchange(google(), CODE, "https://app.example.com/cb?x=1", VERIFIER);

        assertThat(token.accessToken()).isEqualTo("at-1");
        assertThat(token.refreshToken()).isEqualTo("rt-1");
        assertThat(token.idToken()).isEqualTo("idt-1");
        assertThat(token.expiry()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(token.raw()).containsEntry("scope", "openid").containsEntry("expires_in", 3600L);

        FakeProvider.Request request = idp.requestsTo("/token").getFirst();
        assertThat(idp.requestsTo("/token")).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        // both parts are form-encoded before joining (RFC 6749 §2.3.1), as golang/oauth2 does
        assertThat(request.header("Authorization")).isEqualTo(basic("client+id%2F1", TestSettings.SECRET));
        assertThat(request.body()).isEqualTo("code=" + CODE + "&code_verifier=" + VERIFIER
                + "&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1");
        assertThat(oauth2.tokenExchange().rememberedStyle(idp.url("/token"), "client id/1"))
                .isEqualTo(TokenExchange.AuthStyle.HEADER);
    }

    @Test
    void fallsBackToBodyCredentialsAndRemembersTheStyle() {
        idp.on("/token", request -> request.header("Authorization") != null
                ? FakeProvider.Response.json(401, "{\"error\":\"invalid_client\"}")
                : FakeProvider.Response.json(200, "{\"access_token\":\"at-2\"}"));
        ProviderSettings p = google();

        assertThat(oauth2.exchange(p, CODE, "", VERIFIER).accessToken()).isEqualTo("at-2");
        assertThat(idp.requestsTo("/token")).hasSize(2);
        FakeProvider.Request retry = idp.requestsTo("/token").get(1);
        assertThat(retry.header("Authorization")).isNull();
        assertThat(retry.body()).isEqualTo("client_id=client+id%2F1&client_secret=" + TestSettings.SECRET + "&code=" + CODE
                + "&code_verifier=" + VERIFIER + "&grant_type=authorization_code");

        // the next login goes straight to body credentials
        assertThat(oauth2.exchange(p, CODE, "", VERIFIER).accessToken()).isEqualTo("at-2");
        assertThat(idp.requestsTo("/token")).hasSize(3);
        assertThat(idp.requestsTo("/token").get(2).header("Authorization")).isNull();
        assertThat(oauth2.tokenExchange().rememberedStyle(idp.url("/token"), "client id/1"))
                .isEqualTo(TokenExchange.AuthStyle.PARAMS);
    }

    @Test
    void acceptsFormEncodedResponsesLikeGithubSends() {
        idp.on("/token", request -> FakeProvider.Response.of(200, "application/x-www-form-urlencoded; charset=utf-8",
                "access_token=gho_abc&scope=read%3Auser%2Cuser%3Aemail&token_type=bearer&expires_in=60"));
        TokenResponse token = oauth2.exchange(google(), CODE, "", "");
        assertThat(token.accessToken()).isEqualTo("gho_abc");
        assertThat(token.tokenType()).isEqualTo("bearer");
        assertThat(token.expiry()).isEqualTo(NOW.plusSeconds(60));
        assertThat(token.raw()).containsEntry("scope", "read:user,user:email");
        // no verifier given: no code_verifier parameter
        assertThat(idp.requestsTo("/token").getFirst().body()).isEqualTo("code=" + CODE + "&grant_type=authorization_code");
    }

    @Test
    void withoutPkceTheVerifierIsNotSentAndNoExpiryMeansNull() {
        idp.json("/token", 200, "{\"access_token\":\"at\"}");
        ProviderSettings noPkce = ProviderSettings.of(new dev.basalt.collections.AuthOptions.OAuth2Provider(false, "google",
                "id", "sec", "", idp.url("/token"), "", "", null)).orElseThrow();
        TokenResponse token = oauth2.exchange(noPkce, CODE, "", VERIFIER);
        assertThat(idp.requestsTo("/token").getFirst().body()).doesNotContain("code_verifier");
        assertThat(token.expiry()).isNull();
        assertThat(token.refreshToken()).isEmpty();
    }

    @Test
    void errorStatusesFailAtTheTokenStageWithoutLeakingSecrets() {
        // a provider that echoes everything it got back into its error body
        idp.on("/token", request -> FakeProvider.Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\""
                + request.body() + " " + request.header("Authorization") + "\"}"));
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class,
                () -> oauth2.exchange(google(), CODE, "https://app.example.com/cb", VERIFIER));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.TOKEN);
        assertThat(e.getMessage()).contains("(400)").contains("invalid_grant").contains(idp.url("/token"));
        assertNoSecrets(e);
        assertThat(idp.requestsTo("/token")).hasSize(2); // Basic, then the body retry
    }

    @Test
    void aResponseWithoutAccessTokenFails() {
        idp.json("/token", 200, "{\"token_type\":\"bearer\"}");
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> oauth2.exchange(google(), CODE, "", ""));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.TOKEN);
        assertThat(e.getMessage()).contains("access_token");
    }

    @Test
    void anUnreadableBodyFailsWithoutQuotingIt() {
        idp.on("/token", request -> FakeProvider.Response.of(200, "application/json", "{access_token: at-" + TestSettings.SECRET));
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> oauth2.exchange(google(), CODE, "", ""));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.TOKEN);
        assertNoSecrets(e);
    }

    @Test
    void unreachableTokenEndpointFailsAtTheTokenStage() {
        ProviderSettings p = TestSettings.settings("google", "id", "http://127.0.0.1:1/token", "", null);
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> oauth2.exchange(p, CODE, "", VERIFIER));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.TOKEN);
        assertNoSecrets(e);
    }

    static void assertNoSecrets(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(TestSettings.SECRET, CODE, VERIFIER, "at-");
            assertThat(t.toString()).doesNotContain(TestSettings.SECRET, CODE, VERIFIER);
        }
    }

    @Test
    void oauth2ExceptionRedactsGivenValues() {
        assertThat(OAuth2Exception.redact("a secret b", "secret", "", null)).isEqualTo("a *** b");
    }
}
