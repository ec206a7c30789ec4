package dev.basalt.auth.oauth2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in defaults of one provider (PocketBase {@code tools/auth/<name>.go}): endpoints,
 * scopes, PKCE default, display name, logo and how the user profile is read.
 *
 * <p>Guarantees: immutable; every string is non-null (an OIDC provider has empty endpoints, which
 * must be configured). Obtain instances from {@link Providers#find}.
 *
 * @param authParams extra parameters every authorization URL carries (Apple:
 *                   {@code response_mode=form_post})
 * @param jwksURL    the key set that signs the provider's id_tokens when the profile comes from
 *                   one and the signature is always checked (Apple), else ""
 * @param kind       which profile-extraction rules apply
 */
public record ProviderDefinition(
        String name,
        String displayName,
        String logo,
        String authURL,
        String tokenURL,
        String userInfoURL,
        List<String> scopes,
        boolean pkce,
        Map<String, String> authParams,
        String jwksURL,
        Kind kind) {

    /** The profile-extraction rules of a provider family; each maps to one class in this package. */
    public enum Kind { GOOGLE, GITHUB, MICROSOFT, APPLE, GITLAB, DISCORD, OIDC }

    public ProviderDefinition {
        scopes = List.copyOf(scopes);
        authParams = Collections.unmodifiableMap(new LinkedHashMap<>(authParams));
    }
}
