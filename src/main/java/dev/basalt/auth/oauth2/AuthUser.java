package dev.basalt.auth.oauth2;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user a provider vouched for, normalised across providers (PocketBase {@code auth.AuthUser}).
 *
 * <p>Guarantees: {@code email} is non-empty <b>only</b> when the provider states that the address is
 * verified (the per-provider rule is on each provider's class); it is the only value that may be
 * used to match an existing account by email. {@code id} is never empty. Every string is non-null
 * ({@code ""} when absent); {@code expiry} is null when the token response had no
 * {@code expires_in}. {@code rawUser} is the provider's full profile (or the id_token claims),
 * unmodifiable. {@link #toString()} never prints the tokens.
 *
 * @param id           the provider's stable user id ({@code _externalAuths.providerId})
 * @param avatarURL    an absolute URL of the profile picture, or ""
 * @param rawUser      the provider's profile document as plain Java values
 * @param accessToken  the access token from the token response
 * @param refreshToken the refresh token from the token response, or ""
 * @param expiry       when the access token expires, or null when unknown
 */
public record AuthUser(
        String id,
        String name,
        String username,
        String email,
        String avatarURL,
        Map<String, Object> rawUser,
        String accessToken,
        String refreshToken,
        Instant expiry) {

    public AuthUser {
        id = nonNull(id);
        name = nonNull(name);
        username = nonNull(username);
        email = nonNull(email);
        avatarURL = nonNull(avatarURL);
        rawUser = rawUser == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rawUser));
        accessToken = nonNull(accessToken);
        refreshToken = nonNull(refreshToken);
    }

    /** A copy with another display name (Apple sends the name only to the redirect, see {@link AppleRedirect}). */
    public AuthUser withName(String newName) {
        return new AuthUser(id, newName, username, email, avatarURL, rawUser, accessToken, refreshToken, expiry);
    }

    @Override
    public String toString() {
        return "AuthUser[id=" + id + ", name=" + name + ", username=" + username + ", email=" + email
                + ", avatarURL=" + avatarURL + ", expiry=" + expiry + "]";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
