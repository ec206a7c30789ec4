package dev.basalt.auth.oauth2;

import dev.basalt.collections.AuthOptions;
import java.util.Map;

/** Builds {@link ProviderSettings} from stored-config values, as the endpoints will. */
final class TestSettings {
    static final String SECRET = "very-secret-client-value-1234";

    private TestSettings() {}

    static AuthOptions.OAuth2Provider config(String name, String clientId, String tokenURL, String userInfoURL,
            Map<String, Object> extra) {
        return new AuthOptions.OAuth2Provider(null, name, clientId, SECRET, "", tokenURL, userInfoURL, "", extra);
    }

    static ProviderSettings settings(String name, String clientId, String tokenURL, String userInfoURL,
            Map<String, Object> extra) {
        return ProviderSettings.of(config(name, clientId, tokenURL, userInfoURL, extra)).orElseThrow();
    }
}
