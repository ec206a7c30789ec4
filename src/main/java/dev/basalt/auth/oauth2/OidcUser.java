package dev.basalt.auth.oauth2;

import java.util.Map;

/**
 * Generic OpenID Connect ({@code oidc}, {@code oidc2}, {@code oidc3}).
 *
 * <p>With a {@code userInfoURL}, the profile is that document (bearer token). Without one, it is
 * the id_token's claims: {@code iat}/{@code exp}/{@code nbf} with the leeway, {@code aud} must
 * contain the client id, {@code iss} must be one of {@code extra.issuers} when that list is set,
 * and the signature is checked against {@code extra.jwksURL} when set (otherwise it is trusted as
 * received over TLS from the token endpoint, as PocketBase does).
 *
 * <p>Mapping: id = {@code sub}, name, username = {@code preferred_username}, avatar =
 * {@code picture}; the e-mail when {@code email_verified} is truthy ({@code true}, {@code "true"},
 * {@code 1}).
 */
final class OidcUser {
    private OidcUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        Map<String, Object> profile;
        if (!p.userInfoURL().isEmpty()) {
            profile = ProfileClient.plain(client.profile(p.userInfoURL(), token));
        } else {
            profile = client.idTokenClaims(token.idToken(),
                    new IdTokens.Rules(false, p.clientId(), Casts.strings(p.extra().get("issuers"))));
            if (!p.jwksURL().isEmpty()) {
                client.verifySignature(token.idToken(), p.jwksURL());
            }
        }
        String email = Casts.truthy(profile.get("email_verified")) ? ProfileClient.text(profile, "email") : "";
        return ProfileClient.user(profile, ProfileClient.text(profile, "sub"), ProfileClient.text(profile, "name"),
                ProfileClient.text(profile, "preferred_username"), email, ProfileClient.text(profile, "picture"), token);
    }
}
