package dev.basalt.auth.oauth2;

import tools.jackson.databind.JsonNode;

/**
 * Discord: {@code GET /users/@me}. name = {@code global_name}, else {@code username} plus
 * {@code #discriminator} for legacy accounts (discriminator other than "" and "0"); avatar =
 * {@code https://cdn.discordapp.com/avatars/<id>/<avatar>.png} when an avatar hash is set; the
 * e-mail only when {@code verified} is {@code true}.
 */
final class DiscordUser {
    private DiscordUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        JsonNode profile = client.profile(p.userInfoURL(), token);
        String id = ProfileClient.text(profile, "id");
        String username = ProfileClient.text(profile, "username");
        String name = ProfileClient.text(profile, "global_name");
        if (name.isEmpty()) {
            name = username;
            String discriminator = ProfileClient.text(profile, "discriminator");
            if (!discriminator.isEmpty() && !discriminator.equals("0")) {
                name += "#" + discriminator;
            }
        }
        String avatar = ProfileClient.text(profile, "avatar");
        String avatarURL = avatar.isEmpty() ? "" : "https://cdn.discordapp.com/avatars/" + id + "/" + avatar + ".png";
        String email = ProfileClient.isTrue(profile, "verified") ? ProfileClient.text(profile, "email") : "";
        return ProfileClient.user(ProfileClient.plain(profile), id, name, username, email, avatarURL, token);
    }
}
