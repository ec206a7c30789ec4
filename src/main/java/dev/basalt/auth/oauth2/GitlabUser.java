package dev.basalt.auth.oauth2;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * GitLab: {@code GET /api/v4/user} gives id (numeric, as a string), name, username and avatar =
 * {@code avatar_url}; the e-mail only when {@code confirmed_at} is an RFC 3339 timestamp that is
 * not Go's zero time.
 */
final class GitlabUser {
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private GitlabUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        JsonNode profile = client.profile(p.userInfoURL(), token);
        String email = confirmed(ProfileClient.text(profile, "confirmed_at")) ? ProfileClient.text(profile, "email") : "";
        return ProfileClient.user(ProfileClient.plain(profile), ProfileClient.numericId(profile),
                ProfileClient.text(profile, "name"), ProfileClient.text(profile, "username"), email,
                ProfileClient.text(profile, "avatar_url"), token);
    }

    private static boolean confirmed(String confirmedAt) {
        try {
            return !OffsetDateTime.parse(confirmedAt).toInstant().equals(GO_ZERO_TIME);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
