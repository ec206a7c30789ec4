package dev.basalt.collections;

import java.util.List;
import java.util.Map;

/**
 * The options of an auth collection, stored in {@code _collections.options} and flattened into
 * the collection JSON exactly as PocketBase does. Secrets ({@code *Token.secret},
 * {@code oauth2.providers[].clientSecret}) are stored but never sent by the API.
 *
 * @param authRule   who may authenticate: null = nobody but superusers, "" = everyone
 * @param manageRule who may manage other records' email/password/verified (null = superusers)
 */
public record AuthOptions(
        String authRule,
        String manageRule,
        AuthAlert authAlert,
        OAuth2 oauth2,
        PasswordAuth passwordAuth,
        Mfa mfa,
        Otp otp,
        TokenConfig authToken,
        TokenConfig passwordResetToken,
        TokenConfig emailChangeToken,
        TokenConfig verificationToken,
        TokenConfig fileToken,
        EmailTemplate verificationTemplate,
        EmailTemplate resetPasswordTemplate,
        EmailTemplate confirmEmailChangeTemplate) {

    /** Subject and HTML body of an email; placeholders like {@code {APP_NAME}} are replaced when sent. */
    public record EmailTemplate(String subject, String body) {}

    /** The new-device login alert. */
    public record AuthAlert(boolean enabled, EmailTemplate emailTemplate) {}

    /** OAuth2 login settings. */
    public record OAuth2(List<OAuth2Provider> providers, MappedFields mappedFields, boolean enabled) {}

    /** One configured OAuth2/OIDC provider. */
    public record OAuth2Provider(
            Boolean pkce,
            String name,
            String clientId,
            String clientSecret,
            String authURL,
            String tokenURL,
            String userInfoURL,
            String displayName,
            Map<String, Object> extra) {}

    /** Which record fields receive the provider's user data. */
    public record MappedFields(String id, String name, String username, String avatarURL) {}

    /** Password login settings. */
    public record PasswordAuth(boolean enabled, List<String> identityFields) {}

    /** Multi-factor authentication settings. */
    public record Mfa(boolean enabled, long duration, String rule) {}

    /** One-time password settings. */
    public record Otp(boolean enabled, long duration, int length, EmailTemplate emailTemplate) {}

    /** Secret and lifetime (seconds) of one token type. */
    public record TokenConfig(String secret, long duration) {}

    /** The token kinds and the option that configures each. */
    public enum TokenType {
        AUTH("auth"), FILE("file"), VERIFICATION("verification"), PASSWORD_RESET("passwordReset"),
        EMAIL_CHANGE("emailChange");

        private final String claim;

        TokenType(String claim) {
            this.claim = claim;
        }

        /** The value of the JWT {@code type} claim. */
        public String claim() {
            return claim;
        }
    }

    /** The secret and duration configured for a token type. */
    public TokenConfig token(TokenType type) {
        return switch (type) {
            case AUTH -> authToken;
            case FILE -> fileToken;
            case VERIFICATION -> verificationToken;
            case PASSWORD_RESET -> passwordResetToken;
            case EMAIL_CHANGE -> emailChangeToken;
        };
    }
}
