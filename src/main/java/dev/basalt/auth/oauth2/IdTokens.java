package dev.basalt.auth.oauth2;

import com.nimbusds.jose.JWSObject;
import dev.basalt.util.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * Reads and checks id_token claims the way PocketBase does with {@code golang-jwt/v5}'s validator
 * (the signature is a separate step, {@link Jwks}).
 *
 * <p>Time claims are NumericDates (seconds, fractions allowed), compared with a leeway:
 * {@code exp} must not have passed ({@code now <= exp + leeway}; absent is allowed unless
 * required); {@code nbf} and {@code iat}, when present, must not lie in the future beyond the
 * leeway. A non-numeric time claim fails. {@code aud} (string or list) must contain the expected
 * audience; {@code iss} must equal the expected issuer or one of the allowed issuers. Audience and
 * issuer comparisons are constant-time.
 *
 * <p>Only signed (JWS) tokens are accepted; an unsecured {@code alg: none} token fails to parse.
 */
final class IdTokens {
    /**
     * What to check beyond the time claims.
     *
     * @param requireExp an absent {@code exp} fails (Apple)
     * @param audience   the required {@code aud} member, or null for no check
     * @param issuers    {@code iss} must equal one of these; empty for no check
     */
    record Rules(boolean requireExp, String audience, List<String> issuers) {}

    private IdTokens() {}

    /** The claims as plain JSON values, after the checks. */
    static Map<String, Object> claims(String idToken, Instant now, Duration leeway, Rules rules) {
        Map<String, Object> claims = parse(idToken);
        long nowMillis = now.toEpochMilli();
        long leewayMillis = leeway.toMillis();
        Long exp = millis(claims, "exp");
        if (exp == null && rules.requireExp()) {
            throw ProfileClient.fail("id_token has no exp claim");
        }
        if (exp != null && nowMillis > exp + leewayMillis) {
            throw ProfileClient.fail("id_token is expired");
        }
        Long nbf = millis(claims, "nbf");
        if (nbf != null && nowMillis + leewayMillis < nbf) {
            throw ProfileClient.fail("id_token is not valid yet");
        }
        Long iat = millis(claims, "iat");
        if (iat != null && nowMillis + leewayMillis < iat) {
            throw ProfileClient.fail("id_token used before issued");
        }
        if (rules.audience() != null && !audienceContains(claims.get("aud"), rules.audience())) {
            throw ProfileClient.fail("id_token audience does not contain the client id");
        }
        if (!rules.issuers().isEmpty()) {
            String iss = ProfileClient.text(claims, "iss");
            if (rules.issuers().stream().noneMatch(allowed -> equal(iss, allowed))) {
                throw ProfileClient.fail("id_token issuer " + iss + " is not one of " + rules.issuers());
            }
        }
        return claims;
    }

    /** The payload of a signed JWT, unverified. */
    static Map<String, Object> parse(String idToken) {
        if (idToken == null || idToken.isEmpty()) {
            throw ProfileClient.fail("empty or missing id_token");
        }
        try {
            JWSObject jws = JWSObject.parse(idToken);
            Object plain = Json.toPlain(Json.parse(jws.getPayload().toBytes()));
            if (plain instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> claims = (Map<String, Object>) map;
                return claims;
            }
        } catch (ParseException | JacksonException e) {
            // fall through: the messages may quote token content
        }
        throw ProfileClient.fail("malformed id_token");
    }

    private static Long millis(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof BigDecimal) {
            // saturate instead of overflowing: an absurd exp is "far future", an absurd iat "far past"
            BigDecimal ms = new BigDecimal(value.toString()).movePointRight(3);
            return ms.max(BigDecimal.valueOf(Long.MIN_VALUE)).min(BigDecimal.valueOf(Long.MAX_VALUE / 2)).longValue();
        }
        throw ProfileClient.fail("id_token claim " + name + " is not a number");
    }

    private static boolean audienceContains(Object aud, String expected) {
        if (aud instanceof String s) {
            return equal(s, expected);
        }
        if (aud instanceof List<?> list) {
            return list.stream().anyMatch(item -> item instanceof String s && equal(s, expected));
        }
        return false;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
