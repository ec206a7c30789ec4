package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code auth-methods} and {@code auth-with-oauth2} over HTTP against a real OpenID provider running
 * in-process (MockOAuth2Server): the browser leg follows the {@code authURL} exactly as the SDK
 * builds it, the provider checks PKCE, and Basalt exchanges the code and reads the signed id_token.
 */
class OAuth2IT {
    static final String ISSUER = "basalt";
    static final String CLIENT = "basalt-client";
    static final String REDIRECT = "http://localhost:5173/oauth2-callback";
    static MockOAuth2Server provider;
    static TestServer s;
    static String superuser;
    /** The browser: stops at the redirect back to the app. */
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        provider = new MockOAuth2Server();
        provider.start();
        s = TestServer.fixture();
        superuser = s.superuserToken();
        createCollection("members", provider.issuerUrl(ISSUER).toString());
        // trusts another issuer than the one that signs: every id_token it gets is foreign
        createCollection("strangers", "https://not-the-mock.example");
    }

    static void createCollection(String name, String trustedIssuer) {
        Response created = s.send("POST", "/api/collections", superuser, Json.write(Map.of(
                "name", name, "type", "auth",
                "createRule", "", "listRule", "", "viewRule", "",
                "fields", List.of(Map.of("name", "name", "type", "text"),
                        Map.of("name", "avatar", "type", "file", "maxSelect", 1, "maxSize", 1_000_000)),
                "oauth2", Map.of("enabled", true,
                        "mappedFields", Map.of("name", "name", "avatarURL", "avatar"),
                        "providers", List.of(Map.of(
                                "name", "oidc", "displayName", "Acme SSO", "clientId", CLIENT, "clientSecret", "s3cr3t-value",
                                "authURL", provider.authorizationEndpointUrl(ISSUER).toString(),
                                "tokenURL", provider.tokenEndpointUrl(ISSUER).toString(),
                                "extra", Map.of("issuers", List.of(trustedIssuer),
                                        "jwksURL", provider.jwksUrl(ISSUER).toString())))))), Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        s.close();
        provider.shutdown();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static JsonNode authMethods(String collection) {
        Response r = s.get("/api/collections/" + collection + "/auth-methods", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** What the provider will assert for the next login. */
    static void nextUser(String subject, Map<String, Object> claims) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", List.of(CLIENT), claims, 3600));
    }

    /** A fresh auth-methods entry, followed in the browser; returns {code, codeVerifier}. */
    String[] authorize() throws Exception {
        JsonNode entry = authMethods("members").at("/oauth2/providers/0");
        String url = entry.get("authURL").asString() + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> query = query(URI.create(location).getRawQuery());
        // the provider hands back the state of this auth-methods call: the client compares it
        assertThat(query.get("state")).isEqualTo(entry.get("state").asString());
        return new String[] {query.get("code"), entry.get("codeVerifier").asString()};
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static Response login(String collection, String token, Map<String, Object> body) {
        return s.send("POST", "/api/collections/" + collection + "/auth-with-oauth2", token, Json.write(body), Map.of());
    }

    Response loginAs(String subject, Map<String, Object> claims, String token, Map<String, Object> createData) throws Exception {
        nextUser(subject, claims);
        String[] auth = authorize();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("provider", "oidc", "code", auth[0], "codeVerifier", auth[1],
                "redirectURL", REDIRECT));
        if (createData != null) {
            body.put("createData", createData);
        }
        return login("members", token, body);
    }

    static Map<String, Object> verified(String email) {
        return Map.of("email", email, "email_verified", true, "name", "Name of " + email);
    }

    static int links(String providerId) {
        Response r = s.get("/api/collections/_externalAuths/records?perPage=100&filter="
                + URLEncoder.encode("providerId='" + providerId + "'", StandardCharsets.UTF_8), superuser);
        return r.json().get("totalItems").asInt();
    }

    static String createMember(String email, boolean verified) {
        Response r = s.send("POST", "/api/collections/members/records", superuser, Json.write(Map.of("email", email,
                "password", "local-pass-123", "passwordConfirm", "local-pass-123", "verified", verified)), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    static int passwordLogin(String email, String password) {
        return s.send("POST", "/api/collections/members/auth-with-password", null,
                Json.write(Map.of("identity", email, "password", password)), Map.of()).status();
    }

    // ------------------------------------------------------------------------------------------ auth-methods

    @Test
    void authMethodsHasPocketBasesShapeWithAFreshPkcePairEveryTime() throws Exception {
        JsonNode a = authMethods("members");
        JsonNode b = authMethods("members");
        assertThat(a.get("password").get("enabled").asBoolean()).isTrue();
        assertThat(a.get("password").get("identityFields").toString()).isEqualTo("[\"email\"]");
        assertThat(a.get("oauth2").get("enabled").asBoolean()).isTrue();
        assertThat(a.get("mfa").toString()).isEqualTo("{\"enabled\":false,\"duration\":0}");
        assertThat(a.get("otp").toString()).isEqualTo("{\"enabled\":false,\"duration\":0}");
        assertThat(a.get("emailPassword").asBoolean()).isTrue();
        assertThat(a.get("usernamePassword").asBoolean()).isFalse();
        assertThat(a.get("authProviders")).isEqualTo(a.at("/oauth2/providers"));

        JsonNode p = a.at("/oauth2/providers/0");
        assertThat(p.get("name").asString()).isEqualTo("oidc");
        assertThat(p.get("displayName").asString()).isEqualTo("Acme SSO");
        assertThat(p.get("state").asString()).matches("[A-Za-z0-9]{30}");
        assertThat(p.get("codeVerifier").asString()).matches("[A-Za-z0-9]{43}");
        assertThat(p.get("codeChallengeMethod").asString()).isEqualTo("S256");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(p.get("codeVerifier").asString().getBytes(StandardCharsets.US_ASCII));
        assertThat(p.get("codeChallenge").asString()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        assertThat(p.get("authURL").asString()).startsWith(provider.authorizationEndpointUrl(ISSUER).toString() + "?")
                .contains("client_id=" + CLIENT, "code_challenge=" + p.get("codeChallenge").asString(), "state=" + p.get("state").asString())
                .endsWith("&redirect_uri=").doesNotContain("s3cr3t-value");
        assertThat(p.get("authUrl")).isEqualTo(p.get("authURL"));
        assertThat(b.at("/oauth2/providers/0/state").asString()).isNotEqualTo(p.get("state").asString());
        assertThat(b.at("/oauth2/providers/0/codeVerifier").asString()).isNotEqualTo(p.get("codeVerifier").asString());

        // the fixture's users: OTP and MFA on (durations shown), OAuth2 enabled without providers
        JsonNode users = authMethods("users");
        assertThat(users.get("otp").get("enabled").asBoolean()).isTrue();
        assertThat(users.get("otp").get("duration").asLong()).isPositive();
        assertThat(users.get("mfa").get("enabled").asBoolean()).isTrue();
        assertThat(s.get("/api/collections/demo1/auth-methods", null).status()).isEqualTo(404);
        assertThat(s.get("/api/collections/members/auth-methods?fields=password", null).body().strip())
                .isEqualTo("{\"password\":{\"identityFields\":[\"email\"],\"enabled\":true}}");
    }

    // ------------------------------------------------------------------------------------------ the code flow

    @Test
    void signUpThenLoginAgainAsTheSameAccount() throws Exception {
        Response first = loginAs("sub-ann", verified("ann@example.com"), null, Map.of("name", "Ann from createData"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.at("/meta/isNew").asBoolean()).isTrue();
        assertThat(body.at("/meta/id").asString()).isEqualTo("sub-ann");
        assertThat(body.at("/meta/email").asString()).isEqualTo("ann@example.com");
        assertThat(body.at("/meta/accessToken").asString()).isNotEmpty();
        assertThat(body.at("/meta/rawUser/iss").asString()).isEqualTo(provider.issuerUrl(ISSUER).toString());
        assertThat(body.at("/meta/expiry").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.at("/record/email").asString()).isEqualTo("ann@example.com");
        assertThat(body.at("/record/verified").asBoolean()).as("the provider vouched for the address").isTrue();
        assertThat(body.at("/record/name").asString()).as("createData wins over the mapped name").isEqualTo("Ann from createData");
        String id = body.at("/record/id").asString();
        String token = body.get("token").asString();
        assertThat(s.send("POST", "/api/collections/members/auth-refresh", token, "", Map.of()).status()).isEqualTo(200);
        assertThat(links("sub-ann")).isEqualTo(1);

        Response second = loginAs("sub-ann", verified("ann@example.com"), null, null);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().at("/meta/isNew").asBoolean()).isFalse();
        assertThat(second.json().at("/record/id").asString()).isEqualTo(id);
        assertThat(links("sub-ann")).isEqualTo(1);
    }

    @Test
    void anUnverifiedProviderEmailIsNotTakenAndTheMappedNameIs() throws Exception {
        Map<String, Object> unverified = Map.of("email", "nomail@example.com", "email_verified", false, "name", "No Mail");
        // members require an email: without a vouched-for address the sign-up needs one in createData
        Response refused = loginAs("sub-nomail", unverified, null, null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().at("/data/email/code").asString()).isEqualTo("validation_required");
        assertThat(links("sub-nomail")).isZero();

        Response r = loginAs("sub-nomail", unverified, null, Map.of("email", "own@example.com"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/meta/email").asString()).isEmpty();
        assertThat(r.json().at("/record/name").asString()).isEqualTo("No Mail");
        assertThat(r.json().at("/record/email").asString()).isEqualTo("own@example.com");
        assertThat(r.json().at("/record/verified").asBoolean()).as("nobody vouched for own@example.com").isFalse();
    }

    @Test
    void aWrongPkceVerifierIsRefusedAndCreatesNothing() throws Exception {
        nextUser("sub-pkce", verified("pkce@example.com"));
        String[] auth = authorize();
        Response r = login("members", null, Map.of("provider", "oidc", "code", auth[0], "codeVerifier", "x".repeat(43), "redirectURL", REDIRECT));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).isEqualTo("Failed to fetch OAuth2 token.");
        assertThat(r.body()).doesNotContain("s3cr3t-value", auth[0]);
        assertThat(links("sub-pkce")).isZero();
        assertThat(s.get("/api/collections/members/records?filter=email='pkce@example.com'", superuser).json().get("totalItems").asInt()).isZero();

        // the provider used up the queued user on the failed attempt; with the right verifier it works
        nextUser("sub-pkce", verified("pkce@example.com"));
        String[] again = authorize();
        Response ok = login("members", null, Map.of("provider", "oidc", "code", again[0], "codeVerifier", again[1], "redirectURL", REDIRECT));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void providerErrorsAreFourHundreds() throws Exception {
        Response bogusCode = login("members", null, Map.of("provider", "oidc", "code", "not-a-code", "codeVerifier", "x".repeat(43),
                "redirectURL", REDIRECT));
        assertThat(bogusCode.status()).isEqualTo(400);
        assertThat(bogusCode.json().get("message").asString()).isEqualTo("Failed to fetch OAuth2 token.");

        // a code is single-use at the provider
        nextUser("sub-twice", verified("twice@example.com"));
        String[] auth = authorize();
        Map<String, Object> body = Map.of("provider", "oidc", "code", auth[0], "codeVerifier", auth[1], "redirectURL", REDIRECT);
        assertThat(login("members", null, body).status()).isEqualTo(200);
        Response replay = login("members", null, body);
        assertThat(replay.status()).as(replay.body()).isEqualTo(400);

        Response unknown = login("members", null, Map.of("provider", "github", "code", "c", "redirectURL", REDIRECT));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/data/provider/code").asString()).isEqualTo("validation_invalid_provider");
        Response blank = login("members", null, Map.of("provider", "oidc"));
        assertThat(blank.json().at("/data/code/code").asString()).isEqualTo("validation_required");
        assertThat(blank.json().at("/data/redirectURL/code").asString()).isEqualTo("validation_required");
        Response badCreateData = login("members", null, Map.of("provider", "oidc", "code", "c", "redirectURL", REDIRECT, "createData", "x"));
        assertThat(badCreateData.status()).isEqualTo(400);

        // a collection without OAuth2: nologin has it disabled in the fixture
        Response disabled = login("nologin", null, Map.of("provider", "oidc", "code", "c", "redirectURL", REDIRECT));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(403);
        assertThat(login("demo1", null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void anIdTokenFromAnUntrustedIssuerFailsAtTheUserStep() throws Exception {
        nextUser("sub-stranger", verified("stranger@example.com"));
        String[] auth = authorize();
        Response r = login("strangers", null, Map.of("provider", "oidc", "code", auth[0], "codeVerifier", auth[1], "redirectURL", REDIRECT));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).isEqualTo("Failed to fetch OAuth2 user.");
        assertThat(links("sub-stranger")).isZero();
    }

    // ------------------------------------------------------------------------------------------ linking

    @Test
    void aVerifiedProviderEmailLinksToAVerifiedLocalAccount() throws Exception {
        String id = createMember("bea@example.com", true);
        Response r = loginAs("sub-bea", verified("bea@example.com"), null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/record/id").asString()).isEqualTo(id);
        assertThat(r.json().at("/meta/isNew").asBoolean()).isFalse();
        assertThat(links("sub-bea")).isEqualTo(1);
        assertThat(passwordLogin("bea@example.com", "local-pass-123")).as("the local password still works").isEqualTo(200);
    }

    @Test
    void anUnverifiedLocalAccountIsNeverTakenOver() throws Exception {
        String id = createMember("cat@example.com", false);
        Response r = loginAs("sub-cat", verified("cat@example.com"), null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("not verified");
        assertThat(r.body()).doesNotContain("\"token\"");
        assertThat(links("sub-cat")).isZero();
        assertThat(passwordLogin("cat@example.com", "local-pass-123")).isEqualTo(200);
        assertThat(s.get("/api/collections/members/records/" + id, superuser).json().get("verified").asBoolean()).isFalse();
    }

    @Test
    void anUnverifiedProviderEmailNeverMatchesAnAccount() throws Exception {
        String id = createMember("dan@example.com", true);
        Response r = loginAs("sub-dan", Map.of("email", "dan@example.com", "email_verified", false), null, null);
        if (r.status() == 200) {
            assertThat(r.json().at("/record/id").asString()).isNotEqualTo(id);
            assertThat(r.json().at("/meta/isNew").asBoolean()).isTrue();
        } else {
            assertThat(r.status()).isEqualTo(400);
        }
        assertThat(s.get("/api/collections/_externalAuths/records?filter=recordRef='" + id + "'", superuser).json()
                .get("totalItems").asInt()).isZero();
    }

    @Test
    void aLoggedInUserLinksAnotherIdentityToTheirOwnAccount() throws Exception {
        String id = createMember("eve@example.com", true);
        String token = s.token("members", "eve@example.com");
        // the provider's address differs from the account's: linking is explicit, by the caller's token
        Response r = loginAs("sub-eve-work", verified("eve@work.example.com"), token, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/record/id").asString()).isEqualTo(id);
        assertThat(r.json().at("/record/email").asString()).isEqualTo("eve@example.com");
        assertThat(links("sub-eve-work")).isEqualTo(1);

        // from now on the identity logs in without the token
        Response later = loginAs("sub-eve-work", verified("eve@work.example.com"), null, null);
        assertThat(later.json().at("/record/id").asString()).isEqualTo(id);

        // deleting the account removes its links
        assertThat(s.send("DELETE", "/api/collections/members/records/" + id, superuser, null, Map.of()).status()).isEqualTo(204);
        assertThat(links("sub-eve-work")).isZero();
    }

    // ------------------------------------------------------------------------------------------ the all-in-one flow

    /** What the SDK's authWithOAuth2({provider, urlCallback}) does, with the browser played by an HTTP client. */
    @Test
    void allInOneFlowThroughRealtimeAndTheRedirectEndpoint() throws Exception {
        try (dev.basalt.testkit.SseClient sse = dev.basalt.testkit.SseClient.connect(s.baseUrl())) {
            assertThat(s.send("POST", "/api/realtime", null, Json.write(Map.of("clientId", sse.clientId(),
                    "subscriptions", List.of("@oauth2"))), Map.of()).status()).isEqualTo(204);
            JsonNode entry = authMethods("members").at("/oauth2/providers/0");
            String redirect = s.baseUrl() + "/api/oauth2-redirect";
            // the SDK replaces the state with its realtime client id and appends the redirect URL
            String url = entry.get("authURL").asString().replace("state=" + entry.get("state").asString(), "state=" + sse.clientId())
                    + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
            nextUser("sub-popup", verified("popup@example.com"));
            HttpResponse<String> toProvider = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String back = toProvider.headers().firstValue("Location").orElseThrow();
            assertThat(back).startsWith(redirect + "?");
            HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(URI.create(back)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(landed.statusCode()).isEqualTo(307);
            assertThat(landed.headers().firstValue("Location").orElse("")).contains("../_/#/auth/oauth2-redirect-success");

            dev.basalt.testkit.SseClient.Event event = sse.next(java.time.Duration.ofSeconds(5));
            assertThat(event.name()).isEqualTo("@oauth2");
            assertThat(event.json().get("state").asString()).as("the SDK compares it with its client id").isEqualTo(sse.clientId());
            String code = event.json().get("code").asString();
            Response r = login("members", null, Map.of("provider", "oidc", "code", code,
                    "codeVerifier", entry.get("codeVerifier").asString(), "redirectURL", redirect));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/record/email").asString()).isEqualTo("popup@example.com");

            // the subscription is used up: a replayed redirect reaches nobody
            HttpResponse<String> replay = browser.send(HttpRequest.newBuilder(URI.create(back)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(replay.headers().firstValue("Location").orElse("")).contains("../_/#/auth/oauth2-redirect-failure");
            assertThat(sse.next(java.time.Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void redirectsWithAnotherStateOrAnErrorFail() throws Exception {
        try (dev.basalt.testkit.SseClient sse = dev.basalt.testkit.SseClient.connect(s.baseUrl());
                dev.basalt.testkit.SseClient bystander = dev.basalt.testkit.SseClient.connect(s.baseUrl())) {
            s.send("POST", "/api/realtime", null, Json.write(Map.of("clientId", sse.clientId(), "subscriptions", List.of("@oauth2"))), Map.of());
            s.send("POST", "/api/realtime", null, Json.write(Map.of("clientId", bystander.clientId(), "subscriptions", List.of("x"))), Map.of());
            String redirect = s.baseUrl() + "/api/oauth2-redirect";
            for (String state : List.of("not-a-client", bystander.clientId(), "")) {
                HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(redirect + "?code=abc&state=" + state)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(307);
                assertThat(r.headers().firstValue("Location").orElse("")).as(state).contains("oauth2-redirect-failure");
            }
            assertThat(sse.next(java.time.Duration.ofMillis(300))).as("a state mismatch reaches nobody").isNull();
            assertThat(bystander.next(java.time.Duration.ofMillis(100))).isNull();

            // the provider's error is passed on (as a form_post here, which answers 303)
            HttpResponse<String> denied = browser.send(HttpRequest.newBuilder(URI.create(redirect))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("state=" + sse.clientId() + "&error=access_denied")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(303);
            assertThat(denied.headers().firstValue("Location").orElse("")).contains("oauth2-redirect-failure");
            dev.basalt.testkit.SseClient.Event event = sse.next(java.time.Duration.ofSeconds(5));
            assertThat(event.json().get("error").asString()).isEqualTo("access_denied");
        }
    }

    @Test
    void appleClientSecretIsAnEs256JwtSignedWithTheGivenKey() throws Exception {
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = gen.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Response r = s.send("POST", "/api/settings/apple/generate-client-secret", superuser, Json.write(Map.of(
                "clientId", "com.example.app", "teamId", "TEAM123456", "keyId", "KEY1234567", "privateKey", pem, "duration", 3600)), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(r.json().get("secret").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("KEY1234567");
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier((java.security.interfaces.ECPublicKey) pair.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("TEAM123456");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("com.example.app");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://appleid.apple.com");

        Response bad = s.send("POST", "/api/settings/apple/generate-client-secret", superuser, Json.write(Map.of(
                "clientId", "", "teamId", "short", "keyId", "KEY1234567", "privateKey", "not a key", "duration", 99_999_999)), Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("data").properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrder("clientId", "teamId", "privateKey", "duration");
        assertThat(s.send("POST", "/api/settings/apple/generate-client-secret", null, "{}", Map.of()).status()).isIn(401, 403);
    }
}
