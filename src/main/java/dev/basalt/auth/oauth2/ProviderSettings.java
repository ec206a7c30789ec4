package dev.basalt.auth.oauth2;

import dev.basalt.collections.AuthOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider ready to use: its {@link ProviderDefinition} merged with one stored
 * {@code oauth2.providers[]} entry of an auth collection.
 *
 * <p>Merge rules (PocketBase {@code InitProvider}): a null or empty configured URL or display name
 * means the default; a null {@code pkce} keeps the provider default. {@code displayName} falls back
 * to the definition's and then to the configured name. Microsoft adds the {@code openid} scope when
 * {@code extra.idTokenEmailClaim} is set. {@code jwksURL} is {@code extra.jwksURL} when set, else the
 * definition's (Apple's key set), else "" (no signature check for OIDC).
 *
 * <p>Guarantees: immutable; strings non-null; {@link #toString()} never prints the client secret.
 *
 * @param extra the configured provider-specific options (OIDC {@code issuers}/{@code jwksURL},
 *              Microsoft {@code idTokenEmailClaim}), unmodifiable
 */
public record ProviderSettings(
        ProviderDefinition definition,
        String name,
        String displayName,
        String clientId,
        String clientSecret,
        String authURL,
        String tokenURL,
        String userInfoURL,
        List<String> scopes,
        boolean pkce,
        String jwksURL,
        Map<String, Object> extra) {

    public ProviderSettings {
        scopes = List.copyOf(scopes);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The settings for a stored provider entry; empty when its name is not a built-in provider. */
    public static Optional<ProviderSettings> of(AuthOptions.OAuth2Provider config) {
        return Providers.find(config.name()).map(definition -> of(definition, config));
    }

    /** Merges {@code config} over {@code definition} (the configured name is kept as the name). */
    public static ProviderSettings of(ProviderDefinition definition, AuthOptions.OAuth2Provider config) {
        Map<String, Object> extra = config.extra() == null ? Map.of() : config.extra();
        List<String> scopes = new ArrayList<>(definition.scopes());
        if (definition.kind() == ProviderDefinition.Kind.MICROSOFT
                && !Casts.string(extra.get(MicrosoftUser.ID_TOKEN_EMAIL_CLAIM)).isEmpty() && !scopes.contains("openid")) {
            scopes.add("openid"); // the id_token carries the configured email claim
        }
        String name = or(config.name(), definition.name());
        return new ProviderSettings(
                definition,
                name,
                or(config.displayName(), or(definition.displayName(), name)),
                or(config.clientId(), ""),
                or(config.clientSecret(), ""),
                or(config.authURL(), definition.authURL()),
                or(config.tokenURL(), definition.tokenURL()),
                or(config.userInfoURL(), definition.userInfoURL()),
                scopes,
                config.pkce() == null ? definition.pkce() : config.pkce(),
                or(Casts.string(extra.get("jwksURL")), definition.jwksURL()),
                extra);
    }

    /** An {@code extra} option as a string ({@code cast.ToString}); "" when absent. */
    String extraString(String key) {
        return Casts.string(extra.get(key));
    }

    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", clientId=" + clientId + ", clientSecret=***, authURL=" + authURL
                + ", tokenURL=" + tokenURL + ", userInfoURL=" + userInfoURL + ", scopes=" + scopes + ", pkce=" + pkce
                + ", jwksURL=" + jwksURL + ", extra=" + extra + "]";
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
