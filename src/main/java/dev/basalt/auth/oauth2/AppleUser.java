package dev.basalt.auth.oauth2;

import java.util.List;
import java.util.Map;

/**
 * Apple: there is no user-info endpoint; the profile is the id_token from the token response. It
 * must carry {@code exp}, pass {@code iat}/{@code nbf} with the leeway, have
 * {@code iss = https://appleid.apple.com} and {@code aud} containing the client id, and be signed
 * by a key of the settings' JWKS ({@code https://appleid.apple.com/auth/keys} unless
 * {@code extra.jwksURL} overrides it). id = {@code sub}; the e-mail when {@code email_verified} is
 * truthy ({@code true} or {@code "true"}). Apple sends the name only to the redirect URL, so
 * {@code name} is normally "" here; see {@link AppleRedirect}.
 */
final class AppleUser {
    static final String ISSUER = "https://appleid.apple.com";

    private AppleUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        Map<String, Object> claims = client.idTokenClaims(token.idToken(),
                new IdTokens.Rules(true, p.clientId(), List.of(ISSUER)));
        client.verifySignature(token.idToken(), p.jwksURL());
        String email = Casts.truthy(claims.get("email_verified")) ? ProfileClient.text(claims, "email") : "";
        return ProfileClient.user(claims, ProfileClient.text(claims, "sub"), ProfileClient.text(claims, "name"), "",
                email, "", token);
    }
}
