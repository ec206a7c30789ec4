package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.basalt.collections.AuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole OIDC authorization-code flow against a real in-process provider (navikt's
 * MockOAuth2Server): auth URL, browser redirect, code exchange with PKCE, id_token and user-info.
 */
class OAuth2OidcMockServerTest {
    static final String ISSUER_ID = "default";
    static final String CLIENT = "basalt-client";
    static final String REDIRECT = "http://localhost:8090/api/oauth2-redirect";
    static MockOAuth2Server server;

    final OAuth2Client oauth2 = new OAuth2Client(OAuth2Client.defaultHttpClient(), Clock.systemUTC(), false);
    /** The browser: it must not follow the redirect to our (absent) app. */
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        server = new MockOAuth2Server();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
    }

    static String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    static ProviderSettings settings(String clientId, boolean userInfo, Map<String, Object> extra) {
        return ProviderSettings.of(new AuthOptions.OAuth2Provider(null, "oidc", clientId, TestSettings.SECRET,
                server.authorizationEndpointUrl(ISSUER_ID).toString(), server.tokenEndpointUrl(ISSUER_ID).toString(),
                userInfo ? server.userInfoUrl(ISSUER_ID).toString() : "", "", extra)).orElseThrow();
    }

    static Map<String, Object> verifiedExtra() {
        return Map.of("issuers", List.of(issuer()), "jwksURL", server.jwksUrl(ISSUER_ID).toString());
    }

    static void enqueueUser(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT), claims, 3600));
    }

    /** Follows the auth URL as the JS SDK does (appending the redirect URL) and returns the code. */
    String authorize(AuthRequest request) throws Exception {
        assertThat(request.authURL()).endsWith("&redirect_uri=");
        URI uri = URI.create(request.authURL() + GoQuery.escape(REDIRECT));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT + "?");
        Map<String, String> query = GoQuery.parse(location.getRawQuery());
        assertThat(query).containsEntry("state", request.state());
        return query.get("code");
    }

    @Test
    void fullCodeFlowWithPkceAndAVerifiedIdToken() throws Exception {
        ProviderSettings oidc = settings(CLIENT, false, verifiedExtra());
        AuthRequest request = oauth2.authRequest(oidc);
        assertThat(request.codeChallengeMethod()).isEqualTo("S256");
        enqueueUser("user-123", Map.of("email", "ann@example.com", "email_verified", true, "name", "Ann Lee",
                "preferred_username", "ann", "picture", "https://img.example.com/ann.png"));

        String code = authorize(request);
        TokenResponse token = oauth2.exchange(oidc, code, REDIRECT, request.codeVerifier());
        assertThat(token.accessToken()).isNotEmpty();
        assertThat(token.idToken()).isNotEmpty();
        assertThat(token.refreshToken()).isNotEmpty();
        assertThat(token.expiry()).isAfter(java.time.Instant.now());

        AuthUser user = oauth2.fetchUser(oidc, token);
        assertThat(user.id()).isEqualTo("user-123");
        assertThat(user.email()).isEqualTo("ann@example.com");
        assertThat(user.name()).isEqualTo("Ann Lee");
        assertThat(user.username()).isEqualTo("ann");
        assertThat(user.avatarURL()).isEqualTo("https://img.example.com/ann.png");
        assertThat(user.rawUser()).containsEntry("iss", issuer()).containsEntry("aud", CLIENT);
        assertThat(user.accessToken()).isEqualTo(token.accessToken());
        // the mock takes HTTP Basic, so no fallback was needed
        assertThat(oauth2.tokenExchange().rememberedStyle(oidc.tokenURL(), CLIENT)).isEqualTo(TokenExchange.AuthStyle.HEADER);
    }

    @Test
    void theMockChecksPkceSoAWrongVerifierIsRefused() throws Exception {
        ProviderSettings oidc = settings(CLIENT, false, verifiedExtra());
        AuthRequest request = oauth2.authRequest(oidc);
        String code = authorize(request);
        // first directly, to show that the provider itself rejects the verifier (not our retry logic)
        HttpResponse<String> raw = browser.send(HttpRequest.newBuilder(URI.create(oidc.tokenURL()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(GoQuery.encode(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", REDIRECT, "code_verifier", "x".repeat(43), "client_id", CLIENT,
                        "client_secret", TestSettings.SECRET))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("invalid_grant").containsIgnoringCase("code_verifier");

        AuthRequest second = oauth2.authRequest(oidc);
        String secondCode = authorize(second);
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class,
                () -> oauth2.exchange(oidc, secondCode, REDIRECT, request.codeVerifier()));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.TOKEN);
        assertThat(e.getMessage()).contains("(400)").doesNotContain(TestSettings.SECRET, secondCode, request.codeVerifier());
    }

    @Test
    void emailOnlyWhenVerifiedViaIdTokenAndViaUserInfo() throws Exception {
        for (boolean userInfo : new boolean[] {false, true}) {
            ProviderSettings oidc = settings(CLIENT, userInfo, verifiedExtra());
            AuthRequest request = oauth2.authRequest(oidc);
            enqueueUser("user-456", Map.of("email", "bob@example.com", "email_verified", false));
            TokenResponse token = oauth2.exchange(oidc, authorize(request), REDIRECT, request.codeVerifier());
            AuthUser user = oauth2.fetchUser(oidc, token);
            assertThat(user.id()).as("userInfo=%s", userInfo).isEqualTo("user-456");
            assertThat(user.email()).as("userInfo=%s", userInfo).isEmpty();
        }
        ProviderSettings viaUserInfo = settings(CLIENT, true, Map.of());
        AuthRequest request = oauth2.authRequest(viaUserInfo);
        enqueueUser("user-789", Map.of("email", "cy@example.com", "email_verified", "true"));
        AuthUser user = oauth2.fetchUser(viaUserInfo,
                oauth2.exchange(viaUserInfo, authorize(request), REDIRECT, request.codeVerifier()));
        assertThat(user.id()).isEqualTo("user-789");
        assertThat(user.email()).isEqualTo("cy@example.com");
        assertThat(user.rawUser()).containsKey("sub");
    }

    @Test
    void wrongAudienceIssuerOrAnExpiredTokenFailAtTheUserStage() throws Exception {
        ProviderSettings oidc = settings(CLIENT, false, verifiedExtra());
        AuthRequest request = oauth2.authRequest(oidc);
        enqueueUser("user-1", Map.of("email", "d@example.com", "email_verified", true));
        TokenResponse token = oauth2.exchange(oidc, authorize(request), REDIRECT, request.codeVerifier());
        assertThat(oauth2.fetchUser(oidc, token).id()).isEqualTo("user-1");

        ProviderSettings otherClient = settings("another-client", false, verifiedExtra());
        assertUserFailure(oauth2, otherClient, token, "audience");

        ProviderSettings otherIssuer = settings(CLIENT, false,
                Map.of("issuers", List.of("https://not-the-mock.example"), "jwksURL", server.jwksUrl(ISSUER_ID).toString()));
        assertUserFailure(oauth2, otherIssuer, token, "issuer");

        OAuth2Client later = new OAuth2Client(OAuth2Client.defaultHttpClient(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1).plusMinutes(6)), false);
        assertUserFailure(later, oidc, token, "expired");

        ProviderSettings otherKeys = settings(CLIENT, false, Map.of("jwksURL", server.jwksUrl("another-issuer").toString()));
        assertUserFailure(oauth2, otherKeys, token, "");
    }

    static void assertUserFailure(OAuth2Client client, ProviderSettings p, TokenResponse token, String message) {
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> client.fetchUser(p, token));
        assertThat(e).isNotNull();
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);
        assertThat(e.getMessage()).contains(message).doesNotContain(token.accessToken(), token.idToken());
    }
}
