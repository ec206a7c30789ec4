package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.collections.AuthOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuth2ProvidersTest {
    @Test
    void registersTheDocumentedProviders() {
        assertThat(Providers.names()).containsExactlyInAnyOrder("google", "github", "microsoft", "apple", "gitlab", "discord",
                "oidc", "oidc2", "oidc3");
        assertThat(Providers.find("facebook")).isEmpty();
        assertThat(Providers.find(null)).isEmpty();
        assertThat(Providers.names()).allSatisfy(name -> {
            ProviderDefinition d = Providers.find(name).orElseThrow();
            assertThat(d.pkce()).as(name).isTrue();
            assertThat(d.logo()).as(name).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
                    .hasSizeLessThan(1000);
        });
    }

    @Test
    void defaultsMatchPocketBase() {
        ProviderDefinition google = Providers.find("google").orElseThrow();
        assertThat(google.tokenURL()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(google.userInfoURL()).isEqualTo("https://www.googleapis.com/oauth2/v3/userinfo");
        ProviderDefinition microsoft = Providers.find("microsoft").orElseThrow();
        assertThat(microsoft.authURL()).isEqualTo("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
        assertThat(microsoft.tokenURL()).isEqualTo("https://login.microsoftonline.com/common/oauth2/v2.0/token");
        assertThat(microsoft.scopes()).containsExactly("User.Read");
        ProviderDefinition apple = Providers.find("apple").orElseThrow();
        assertThat(apple.authParams()).containsExactly(Map.entry("response_mode", "form_post"));
        assertThat(apple.jwksURL()).isEqualTo("https://appleid.apple.com/auth/keys");
        assertThat(apple.userInfoURL()).isEmpty();
        assertThat(Providers.find("github").orElseThrow().displayName()).isEqualTo("GitHub");
        assertThat(Providers.find("gitlab").orElseThrow().userInfoURL()).isEqualTo("https://gitlab.com/api/v4/user");
        assertThat(Providers.find("discord").orElseThrow().scopes()).containsExactly("identify", "email");
        assertThat(Providers.find("oidc3").orElseThrow().scopes()).containsExactly("openid", "email", "profile");
        assertThat(Providers.find("oidc3").orElseThrow().displayName()).isEqualTo("OIDC");
    }

    @Test
    void settingsMergeConfigOverDefaults() {
        ProviderSettings defaults = ProviderSettings.of(new AuthOptions.OAuth2Provider(null, "gitlab", "id", "secret", "", null,
                "", "", null)).orElseThrow();
        assertThat(defaults.authURL()).isEqualTo("https://gitlab.com/oauth/authorize");
        assertThat(defaults.tokenURL()).isEqualTo("https://gitlab.com/oauth/token");
        assertThat(defaults.displayName()).isEqualTo("GitLab");
        assertThat(defaults.pkce()).isTrue();
        assertThat(defaults.extra()).isEmpty();

        ProviderSettings custom = ProviderSettings.of(new AuthOptions.OAuth2Provider(false, "gitlab", "id", "secret",
                "https://git.example.com/oauth/authorize", "https://git.example.com/oauth/token",
                "https://git.example.com/api/v4/user", "Company Git", Map.of("jwksURL", "https://keys.example.com"))).orElseThrow();
        assertThat(custom.authURL()).isEqualTo("https://git.example.com/oauth/authorize");
        assertThat(custom.tokenURL()).isEqualTo("https://git.example.com/oauth/token");
        assertThat(custom.userInfoURL()).isEqualTo("https://git.example.com/api/v4/user");
        assertThat(custom.displayName()).isEqualTo("Company Git");
        assertThat(custom.pkce()).isFalse();
        assertThat(custom.jwksURL()).isEqualTo("https://keys.example.com");
        assertThat(custom.scopes()).containsExactly("read_user");

        assertThat(ProviderSettings.of(new AuthOptions.OAuth2Provider(null, "nope", "", "", "", "", "", "", null))).isEmpty();
    }

    @Test
    void displayNameFallsBackToTheConfiguredName() {
        ProviderDefinition nameless = new ProviderDefinition("custom", "", "<svg/>", "", "", "", List.of(), false, Map.of(), "",
                ProviderDefinition.Kind.OIDC);
        ProviderSettings s = ProviderSettings.of(nameless, new AuthOptions.OAuth2Provider(null, "custom", "", "", "", "", "", "",
                null));
        assertThat(s.displayName()).isEqualTo("custom");
        assertThat(s.pkce()).isFalse();
    }

    @Test
    void toStringNeverShowsTheSecretOrTokens() {
        ProviderSettings s = TestSettings.settings("google", "id", "", "", null);
        assertThat(s.toString()).doesNotContain(TestSettings.SECRET).contains("clientSecret=***");
        TokenResponse t = new TokenResponse("access-abc", "bearer", "refresh-abc", null, "id-abc", Map.of("access_token", "access-abc"));
        assertThat(t.toString()).doesNotContain("access-abc", "refresh-abc", "id-abc");
        AuthUser u = new AuthUser("1", "n", "u", "e@x.io", "", Map.of(), "access-abc", "refresh-abc", null);
        assertThat(u.toString()).doesNotContain("access-abc", "refresh-abc");
        assertThat(t.authorizationScheme()).isEqualTo("Bearer");
        assertThat(new TokenResponse("a", "", "", null, "", null).authorizationScheme()).isEqualTo("Bearer");
        assertThat(new TokenResponse("a", "MAC", "", null, "", null).authorizationScheme()).isEqualTo("MAC");
    }

    @Test
    void castsFollowGoSemantics() {
        assertThat(Casts.truthy(true)).isTrue();
        assertThat(Casts.truthy("true")).isTrue();
        assertThat(Casts.truthy("1")).isTrue();
        assertThat(Casts.truthy(1L)).isTrue();
        assertThat(Casts.truthy(new java.math.BigDecimal("1.0"))).isTrue();
        assertThat(Casts.truthy(false)).isFalse();
        assertThat(Casts.truthy("yes")).isFalse();
        assertThat(Casts.truthy(0L)).isFalse();
        assertThat(Casts.truthy(null)).isFalse();
        assertThat(Casts.strings(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(Casts.strings(" a  b ")).containsExactly("a", "b");
        assertThat(Casts.strings(null)).isEmpty();
    }
}
