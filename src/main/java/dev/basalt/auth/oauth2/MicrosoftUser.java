package dev.basalt.auth.oauth2;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft (Entra ID): {@code GET graph /me} gives id and name = {@code displayName}; no avatar or
 * username. Which e-mail to trust is chosen by {@code extra.idTokenEmailClaim}, read from the
 * token response's id_token (unsigned check: the token came straight from the token endpoint over
 * TLS; {@code iat}/{@code exp}/{@code nbf} are checked with the leeway, a bad token means no
 * e-mail):
 * <ul>
 * <li>{@code verified_primary_email}: that claim;
 * <li>{@code email_and_xms_edov}: {@code email} when {@code xms_edov} is truthy;
 * <li>{@code any_verified}: the first of the two above that is non-empty;
 * <li>{@code email}: the plain {@code email} claim;
 * <li>unset or anything else: Graph's {@code mail} field (PocketBase's historical default; Entra
 *     leaves it empty for unverified addresses since 2023).
 * </ul>
 */
final class MicrosoftUser {
    static final String ID_TOKEN_EMAIL_CLAIM = "idTokenEmailClaim";

    private MicrosoftUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        JsonNode profile = client.profile(p.userInfoURL(), token);
        String email = switch (p.extraString(ID_TOKEN_EMAIL_CLAIM)) {
            case "verified_primary_email" -> verifiedPrimary(claims(client, token));
            case "email_and_xms_edov" -> emailWithEdov(claims(client, token));
            case "any_verified" -> {
                Map<String, Object> claims = claims(client, token);
                String primary = verifiedPrimary(claims);
                yield primary.isEmpty() ? emailWithEdov(claims) : primary;
            }
            case "email" -> ProfileClient.text(claims(client, token), "email");
            default -> ProfileClient.text(profile, "mail");
        };
        return ProfileClient.user(ProfileClient.plain(profile), ProfileClient.text(profile, "id"),
                ProfileClient.text(profile, "displayName"), "", email, "", token);
    }

    private static Map<String, Object> claims(ProfileClient client, TokenResponse token) {
        try {
            return client.idTokenClaims(token.idToken(), new IdTokens.Rules(false, null, List.of()));
        } catch (OAuth2Exception e) {
            return Map.of(); // no trustworthy claims: no e-mail, but the login itself goes on
        }
    }

    private static String verifiedPrimary(Map<String, Object> claims) {
        return ProfileClient.text(claims, "verified_primary_email");
    }

    private static String emailWithEdov(Map<String, Object> claims) {
        return Casts.truthy(claims.get("xms_edov")) ? ProfileClient.text(claims, "email") : "";
    }
}
