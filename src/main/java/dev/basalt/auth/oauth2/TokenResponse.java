package dev.basalt.auth.oauth2;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful token endpoint response (RFC 6749 §5.1), from either a JSON or a form-encoded body.
 *
 * <p>Guarantees: {@code accessToken} is non-empty (a response without one is an error); the other
 * strings are non-null ({@code ""} when absent); {@code expiry} is the receive time plus
 * {@code expires_in}, or null when the provider sent none (or 0). {@code raw} holds every field of
 * the response, unmodifiable. {@link #toString()} never prints a token.
 *
 * @param tokenType the {@code token_type} as sent (may be "")
 * @param idToken   the OpenID Connect {@code id_token}, or ""
 * @param raw       all response fields (JSON values, or strings for a form body)
 */
public record TokenResponse(
        String accessToken,
        String tokenType,
        String refreshToken,
        Instant expiry,
        String idToken,
        Map<String, Object> raw) {

    public TokenResponse {
        accessToken = accessToken == null ? "" : accessToken;
        tokenType = tokenType == null ? "" : tokenType;
        refreshToken = refreshToken == null ? "" : refreshToken;
        idToken = idToken == null ? "" : idToken;
        raw = raw == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /**
     * The {@code Authorization} scheme for this token, normalised as golang/oauth2 does:
     * "bearer" in any case becomes "Bearer", "mac" "MAC", "basic" "Basic"; empty means "Bearer".
     */
    public String authorizationScheme() {
        if (tokenType.isEmpty() || tokenType.equalsIgnoreCase("bearer")) {
            return "Bearer";
        }
        if (tokenType.equalsIgnoreCase("mac")) {
            return "MAC";
        }
        if (tokenType.equalsIgnoreCase("basic")) {
            return "Basic";
        }
        return tokenType;
    }

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiry=" + expiry
                + ", refreshToken=" + (refreshToken.isEmpty() ? "" : "***")
                + ", idToken=" + (idToken.isEmpty() ? "" : "***") + "]";
    }
}
