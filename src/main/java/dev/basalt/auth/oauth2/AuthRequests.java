package dev.basalt.auth.oauth2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Builds the auth-methods entries: random state and PKCE pair, and the authorization URL exactly
 * as golang/oauth2's {@code Config.AuthCodeURL} writes it, plus PocketBase's trailing
 * {@code "&redirect_uri="}.
 */
final class AuthRequests {
    /** PocketBase's {@code security.RandomString} alphabet. */
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static final int STATE_LENGTH = 30;
    static final int VERIFIER_LENGTH = 43;

    private final RandomGenerator random;

    /** @param random a cryptographically strong source in production ({@link java.security.SecureRandom}) */
    AuthRequests(RandomGenerator random) {
        this.random = random;
    }

    AuthRequest create(ProviderSettings p) {
        String state = randomString(STATE_LENGTH);
        return build(p, state, p.pkce() ? randomString(VERIFIER_LENGTH) : "");
    }

    /** The entry for a given state and verifier ({@code ""} verifier when PKCE is off). */
    static AuthRequest build(ProviderSettings p, String state, String codeVerifier) {
        String challenge = p.pkce() ? codeChallenge(codeVerifier) : "";
        String method = p.pkce() ? "S256" : "";
        return new AuthRequest(p.name(), p.displayName(), p.definition().logo(), state,
                authURL(p, state, challenge), p.pkce() ? codeVerifier : "", challenge, method);
    }

    /**
     * {@code AuthCodeURL}: the base URL, {@code ?} (or {@code &} when it already has a query), the
     * sorted, Go-escaped parameters, then the literal {@code &redirect_uri=} for the client to fill.
     */
    static String authURL(ProviderSettings p, String state, String codeChallenge) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", p.clientId());
        if (!p.scopes().isEmpty()) {
            params.put("scope", String.join(" ", p.scopes()));
        }
        if (!state.isEmpty()) {
            params.put("state", state);
        }
        if (!codeChallenge.isEmpty()) {
            params.put("code_challenge", codeChallenge);
            params.put("code_challenge_method", "S256");
        }
        params.putAll(p.definition().authParams());
        String base = p.authURL();
        return base + (base.contains("?") ? '&' : '?') + GoQuery.encode(params) + "&redirect_uri=";
    }

    /** RFC 7636 S256: base64url(SHA-256(ASCII(verifier))) without padding. */
    static String codeChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** {@code length} characters drawn uniformly from {@link #ALPHABET}. */
    String randomString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
