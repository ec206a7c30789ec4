package dev.basalt.auth.oauth2;

import tools.jackson.databind.JsonNode;

/**
 * Google: the OpenID user-info document. id = {@code sub}, name, avatar = {@code picture}, no
 * username; the e-mail only when {@code email_verified} is the JSON boolean {@code true}.
 */
final class GoogleUser {
    private GoogleUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        JsonNode profile = client.profile(p.userInfoURL(), token);
        String email = ProfileClient.isTrue(profile, "email_verified") ? ProfileClient.text(profile, "email") : "";
        return ProfileClient.user(ProfileClient.plain(profile), ProfileClient.text(profile, "sub"),
                ProfileClient.text(profile, "name"), "", email, ProfileClient.text(profile, "picture"), token);
    }
}
