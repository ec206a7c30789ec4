package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Apple and generic OIDC profiles read from id_tokens signed by test keys served as a JWKS. */
class OAuth2IdTokenTest {
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final long T = NOW.getEpochSecond();
    static final String CLIENT = "com.example.web";

    final FakeProvider idp = new FakeProvider();
    final TestKeys keys = new TestKeys("apple-key-1");
    final TestKeys otherKeys = new TestKeys("apple-key-1"); // same kid, different key: a forgery
    final OAuth2Client oauth2 = new OAuth2Client(HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), true);

    OAuth2IdTokenTest() throws Exception {
        idp.json("/keys", 200, keys.jwks());
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    Map<String, Object> appleClaims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://appleid.apple.com");
        claims.put("aud", CLIENT);
        claims.put("sub", "001234.abcdef.0101");
        claims.put("iat", T);
        claims.put("exp", T + 600);
        claims.put("email", "ann@privaterelay.appleid.com");
        claims.put("email_verified", "true");
        return claims;
    }

    Map<String, Object> with(Map<String, Object> claims, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(claims);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    AuthUser apple(String idToken) {
        ProviderSettings apple = TestSettings.settings("apple", CLIENT, "", "", Map.of("jwksURL", idp.url("/keys")));
        return oauth2.fetchUser(apple, new TokenResponse("at", "", "rt", null, idToken, Map.of()));
    }

    OAuth2Exception appleFails(String idToken) {
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> apple(idToken));
        assertThat(e).isNotNull();
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);
        return e;
    }

    @Test
    void appleReadsTheVerifiedIdToken() throws Exception {
        AuthUser user = apple(keys.rs256(appleClaims()));
        assertThat(user.id()).isEqualTo("001234.abcdef.0101");
        assertThat(user.email()).isEqualTo("ann@privaterelay.appleid.com");
        assertThat(user.name()).isEmpty();
        assertThat(user.rawUser()).containsEntry("iss", "https://appleid.apple.com").containsEntry("exp", T + 600);
        assertThat(user.accessToken()).isEqualTo("at");
        assertThat(user.refreshToken()).isEqualTo("rt");
        assertThat(idp.requestsTo("/keys")).hasSize(1);

        assertThat(apple(keys.rs256(with(appleClaims(), "email_verified", true))).email()).isNotEmpty();
        assertThat(apple(keys.rs256(with(appleClaims(), "email_verified", "false"))).email()).isEmpty();
        assertThat(apple(keys.rs256(with(appleClaims(), "email_verified", null))).email()).isEmpty();
        assertThat(apple(keys.rs256(with(appleClaims(), "aud", List.of("other", CLIENT)))).id()).isNotEmpty();
    }

    @Test
    void appleChecksClaimsWithAFiveMinuteLeeway() throws Exception {
        assertThat(apple(keys.rs256(with(appleClaims(), "exp", T - 240))).id()).isNotEmpty();
        assertThat(appleFails(keys.rs256(with(appleClaims(), "exp", T - 360))).getMessage()).contains("expired");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "exp", null))).getMessage()).contains("exp");
        assertThat(apple(keys.rs256(with(appleClaims(), "iat", T + 240))).id()).isNotEmpty();
        assertThat(appleFails(keys.rs256(with(appleClaims(), "iat", T + 360))).getMessage()).contains("before issued");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "nbf", T + 360))).getMessage()).contains("not valid yet");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "exp", "tomorrow"))).getMessage()).contains("not a number");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "iss", "https://evil.example"))).getMessage()).contains("issuer");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "iss", null))).getMessage()).contains("issuer");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "aud", "another.app"))).getMessage()).contains("audience");
        assertThat(appleFails(keys.rs256(with(appleClaims(), "aud", null))).getMessage()).contains("audience");
        assertThat(appleFails("").getMessage()).contains("id_token");
        assertThat(appleFails("not.a.jwt").getMessage()).contains("malformed");
    }

    @Test
    void appleChecksTheSignatureAgainstTheKeySet() throws Exception {
        assertThat(appleFails(otherKeys.rs256(appleClaims())).getMessage()).contains("invalid id_token signature");
        assertThat(appleFails(keys.rs256(appleClaims(), "unknown-kid")).getMessage()).contains("was not found");

        // alg must be the JWK's: the same RSA key, but PS256 instead of the published RS256
        SignedJWT ps256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(keys.rsa.getKeyID()).build(),
                JWTClaimsSet.parse(appleClaims()));
        ps256.sign(new RSASSASigner(keys.rsa));
        assertThat(appleFails(ps256.serialize()).getMessage()).contains("does not match");

        // alg "none" never verifies
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"kid\":\"apple-key-1\"}".getBytes(StandardCharsets.UTF_8));
        String[] parts = keys.rs256(appleClaims()).split("\\.");
        appleFails(header + "." + parts[1] + ".");
        appleFails(header + "." + parts[1] + "." + parts[2]);

        // a signature over other claims
        String[] other = keys.rs256(with(appleClaims(), "sub", "someone-else")).split("\\.");
        assertThat(appleFails(parts[0] + "." + other[1] + "." + parts[2]).getMessage()).contains("signature");

        idp.json("/keys", 500, "{}");
        assertThat(appleFails(keys.rs256(appleClaims())).getMessage()).contains("JSON Web Key Set").contains("(500)");
    }

    @Test
    void ed25519KeysVerify() throws Exception {
        assertThat(apple(keys.edDsa(appleClaims())).id()).isEqualTo("001234.abcdef.0101");
        TestKeys strangers = new TestKeys("x");
        assertThat(appleFails(strangers.edDsa(appleClaims())).getMessage()).contains("invalid id_token signature");
    }

    @Test
    void aKeyWithoutAlgAcceptsItsOwnFamilyOnly() throws Exception {
        idp.json("/keys", 200, keys.jwksWithoutAlg());
        assertThat(apple(keys.rs256(appleClaims())).id()).isNotEmpty();
        String hs256 = hs256(appleClaims(), keys.rsa.getKeyID());
        assertThat(appleFails(hs256).getMessage()).contains("does not match");
    }

    static String hs256(Map<String, Object> claims, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), JWTClaimsSet.parse(claims));
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(new byte[32]));
        return jwt.serialize();
    }

    // ---- generic OIDC ----

    Map<String, Object> oidcClaims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://idp.example.com");
        claims.put("aud", "oidc-client");
        claims.put("sub", "u-1");
        claims.put("iat", T);
        claims.put("name", "Olive Idc");
        claims.put("preferred_username", "olive");
        claims.put("picture", "https://idp.example.com/olive.png");
        claims.put("email", "olive@example.com");
        claims.put("email_verified", 1);
        return claims;
    }

    AuthUser oidc(String idToken, String userInfoURL, Map<String, Object> extra) {
        ProviderSettings p = TestSettings.settings("oidc", "oidc-client", idp.url("/token"), userInfoURL, extra);
        return oauth2.fetchUser(p, new TokenResponse("access-tok", "Bearer", "", null, idToken, Map.of()));
    }

    @Test
    void oidcMapsIdTokenClaims() throws Exception {
        AuthUser user = oidc(keys.rs256(oidcClaims()), "", null);
        assertThat(user.id()).isEqualTo("u-1");
        assertThat(user.name()).isEqualTo("Olive Idc");
        assertThat(user.username()).isEqualTo("olive");
        assertThat(user.avatarURL()).isEqualTo("https://idp.example.com/olive.png");
        assertThat(user.email()).isEqualTo("olive@example.com");
        assertThat(oidc(keys.rs256(with(oidcClaims(), "email_verified", "true")), "", null).email()).isNotEmpty();
        assertThat(oidc(keys.rs256(with(oidcClaims(), "email_verified", true)), "", null).email()).isNotEmpty();
        assertThat(oidc(keys.rs256(with(oidcClaims(), "email_verified", 0)), "", null).email()).isEmpty();
        assertThat(oidc(keys.rs256(with(oidcClaims(), "email_verified", null)), "", null).email()).isEmpty();
        // no jwksURL configured: the signature is not checked (the token came straight from the token endpoint)
        assertThat(oidc(otherKeys.rs256(oidcClaims()), "", null).id()).isEqualTo("u-1");
        assertThat(idp.requestsTo("/keys")).isEmpty();
    }

    @Test
    void oidcEnforcesAudienceIssuersAndConfiguredKeys() throws Exception {
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class,
                () -> oidc(keys.rs256(with(oidcClaims(), "aud", "someone-else")), "", null));
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.USER);

        Map<String, Object> issuers = Map.of("issuers", List.of("https://other.example", "https://idp.example.com"));
        assertThat(oidc(keys.rs256(oidcClaims()), "", issuers).id()).isEqualTo("u-1");
        e = catchThrowableOfType(OAuth2Exception.class,
                () -> oidc(keys.rs256(with(oidcClaims(), "iss", "https://evil.example")), "", issuers));
        assertThat(e.getMessage()).contains("issuer");

        Map<String, Object> jwks = Map.of("jwksURL", idp.url("/keys"));
        assertThat(oidc(keys.rs256(oidcClaims()), "", jwks).id()).isEqualTo("u-1");
        e = catchThrowableOfType(OAuth2Exception.class, () -> oidc(otherKeys.rs256(oidcClaims()), "", jwks));
        assertThat(e.getMessage()).contains("signature");
        e = catchThrowableOfType(OAuth2Exception.class,
                () -> oidc(keys.rs256(with(oidcClaims(), "exp", T - 3600)), "", null));
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void oidcPrefersTheUserInfoEndpoint() throws Exception {
        idp.json("/userinfo", 200, "{\"sub\":\"from-userinfo\",\"email\":\"ui@example.com\",\"email_verified\":\"true\"}");
        // the id_token is neither needed nor checked when a userInfoURL is configured
        AuthUser user = oidc("", idp.url("/userinfo"), null);
        assertThat(user.id()).isEqualTo("from-userinfo");
        assertThat(user.email()).isEqualTo("ui@example.com");
        assertThat(idp.requestsTo("/userinfo").getFirst().header("Authorization")).isEqualTo("Bearer access-tok");
    }
}
