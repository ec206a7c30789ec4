package dev.basalt.auth.oauth2;

/**
 * One provider entry of {@code GET /api/collections/{c}/auth-methods} (PocketBase
 * {@code providerInfo}): what a client needs to start the authorization code flow.
 *
 * <p>Guarantees: {@code state} is 30 crypto-random characters of {@code [A-Za-z0-9]}. With PKCE,
 * {@code codeVerifier} is 43 such characters, {@code codeChallenge} is the unpadded base64url
 * SHA-256 of it and {@code codeChallengeMethod} is {@code "S256"}; without PKCE all three are "".
 * {@code authURL} ends with the literal {@code "&redirect_uri="} so that clients append their
 * redirect URL. Nothing here is stored server-side.
 *
 * @param name        the provider name as configured ({@code "google"}, {@code "oidc2"}, …)
 * @param displayName the configured display name, else the provider's default
 * @param logo        an inline SVG document
 */
public record AuthRequest(
        String name,
        String displayName,
        String logo,
        String state,
        String authURL,
        String codeVerifier,
        String codeChallenge,
        String codeChallengeMethod) {}
