package dev.basalt.auth.oauth2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of built-in OAuth2/OIDC providers, with PocketBase's defaults (pb-auth.md §6).
 *
 * <p>Guarantees: immutable and thread-safe; names are the exact configuration names
 * ({@code oidc2} and {@code oidc3} are further independent OIDC slots with the same defaults).
 * Every built-in provider defaults to PKCE.
 */
public final class Providers {
    private static final Map<String, ProviderDefinition> ALL = register();

    private Providers() {}

    /** The definition registered under {@code name}; empty for unknown (or null) names. */
    public static Optional<ProviderDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : ALL.get(name));
    }

    /** Every registered name, in a stable order. */
    public static Set<String> names() {
        return ALL.keySet();
    }

    private static Map<String, ProviderDefinition> register() {
        Map<String, ProviderDefinition> all = new LinkedHashMap<>();
        add(all, new ProviderDefinition("apple", "Apple", Logos.APPLE,
                "https://appleid.apple.com/auth/authorize", "https://appleid.apple.com/auth/token", "",
                List.of("name", "email"), true,
                // Apple posts the result (and, on first consent, the user's name) to the redirect URL
                Map.of("response_mode", "form_post"),
                "https://appleid.apple.com/auth/keys", ProviderDefinition.Kind.APPLE));
        add(all, new ProviderDefinition("google", "Google", Logos.GOOGLE,
                "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
                "https://www.googleapis.com/oauth2/v3/userinfo",
                List.of("https://www.googleapis.com/auth/userinfo.profile", "https://www.googleapis.com/auth/userinfo.email"),
                true, Map.of(), "", ProviderDefinition.Kind.GOOGLE));
        add(all, new ProviderDefinition("microsoft", "Microsoft", Logos.MICROSOFT,
                "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                "https://graph.microsoft.com/v1.0/me",
                List.of("User.Read"), true, Map.of(), "", ProviderDefinition.Kind.MICROSOFT));
        add(all, new ProviderDefinition("github", "GitHub", Logos.GITHUB,
                "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token",
                "https://api.github.com/user",
                // GitHub ignores the PKCE parameters; sending them is harmless
                List.of("read:user", "user:email"), true, Map.of(), "", ProviderDefinition.Kind.GITHUB));
        add(all, new ProviderDefinition("gitlab", "GitLab", Logos.GITLAB,
                "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token", "https://gitlab.com/api/v4/user",
                List.of("read_user"), true, Map.of(), "", ProviderDefinition.Kind.GITLAB));
        add(all, new ProviderDefinition("discord", "Discord", Logos.DISCORD,
                "https://discord.com/api/oauth2/authorize", "https://discord.com/api/oauth2/token",
                "https://discord.com/api/users/@me",
                List.of("identify", "email"), true, Map.of(), "", ProviderDefinition.Kind.DISCORD));
        for (String name : List.of("oidc", "oidc2", "oidc3")) {
            add(all, new ProviderDefinition(name, "OIDC", Logos.OIDC, "", "", "",
                    List.of("openid", "email", "profile"), true, Map.of(), "", ProviderDefinition.Kind.OIDC));
        }
        return Collections.unmodifiableMap(all);
    }

    private static void add(Map<String, ProviderDefinition> all, ProviderDefinition definition) {
        all.put(definition.name(), definition);
    }
}
