package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** Validates the options of an auth collection (PocketBase's {@code collectionAuthOptions.validate}). */
final class AuthOptionsValidator {
    /** OAuth2 provider names PocketBase knows. */
    static final Set<String> PROVIDERS = Set.of("apple", "google", "facebook", "github", "gitlab", "discord", "twitter",
            "microsoft", "spotify", "kakao", "twitch", "strava", "gitee", "livechat", "gitea", "oidc", "oidc2", "oidc3",
            "bitbucket", "patreon", "mailcow", "vk", "yandex", "planningcenter", "notion", "monday", "box", "instagram",
            "trakt", "linear", "lark", "wakatime");

    private final Collection c;
    private final Optional<Collection> old;
    private final BiFunction<Collection, String, FieldError> ruleCheck;

    AuthOptionsValidator(Collection c, Optional<Collection> old, BiFunction<Collection, String, FieldError> ruleCheck) {
        this.c = c;
        this.old = old;
        this.ruleCheck = ruleCheck;
    }

    void validate(Map<String, Object> errors) {
        AuthOptions o = c.auth();
        Map<String, Object> local = new LinkedHashMap<>();
        rule("authRule", o.authRule(), old.map(x -> x.auth() == null ? null : x.auth().authRule()), local);
        if (o.manageRule() != null && o.manageRule().isEmpty()) {
            local.put("manageRule", FieldError.of("validation_nil_or_not_empty_required", "Cannot be blank."));
        } else {
            rule("manageRule", o.manageRule(), old.map(x -> x.auth() == null ? null : x.auth().manageRule()), local);
        }
        template(local, "authAlert", o.authAlert() == null ? null : o.authAlert().emailTemplate(), "emailTemplate");
        if (o.passwordAuth() != null && o.passwordAuth().enabled()
                && (o.passwordAuth().identityFields() == null || o.passwordAuth().identityFields().isEmpty())) {
            local.put("passwordAuth", Map.of("identityFields", Rules.required()));
        }
        if (o.oauth2() != null && o.oauth2().enabled()) {
            Map<String, Object> providerErrors = providers(o.oauth2().providers());
            if (!providerErrors.isEmpty()) {
                local.put("oauth2", Map.of("providers", providerErrors));
            }
        }
        if (o.otp() != null) {
            Map<String, Object> otp = new LinkedHashMap<>();
            if (o.otp().enabled()) {
                duration(otp, "duration", o.otp().duration(), 86400);
                if (o.otp().length() == 0) {
                    otp.put("length", Rules.required());
                } else if (o.otp().length() < 4) {
                    otp.put("length", Rules.min(o.otp().length(), 4));
                }
            }
            template(otp, "emailTemplate", o.otp().emailTemplate(), null);
            if (!otp.isEmpty()) {
                local.put("otp", otp);
            }
        }
        if (o.mfa() != null && o.mfa().enabled()) {
            Map<String, Object> mfa = new LinkedHashMap<>();
            duration(mfa, "duration", o.mfa().duration(), 86400);
            if (!mfa.isEmpty()) {
                local.put("mfa", mfa);
            }
        }
        for (AuthOptions.TokenType type : AuthOptions.TokenType.values()) {
            AuthOptions.TokenConfig token = o.token(type);
            Map<String, Object> t = new LinkedHashMap<>();
            if (token == null || token.secret() == null || token.secret().isEmpty()) {
                t.put("secret", Rules.required());
            } else {
                Rules.putIfError(t, "secret", Rules.length(token.secret(), 30, 255));
            }
            duration(t, "duration", token == null ? 0 : token.duration(), 94670856);
            if (!t.isEmpty()) {
                local.put(tokenKey(type), t);
            }
        }
        template(local, "verificationTemplate", o.verificationTemplate(), null);
        template(local, "resetPasswordTemplate", o.resetPasswordTemplate(), null);
        template(local, "confirmEmailChangeTemplate", o.confirmEmailChangeTemplate(), null);
        if (!local.isEmpty()) {
            errors.putAll(local);
            return;
        }
        extraChecks(o, errors);
    }

    private void extraChecks(AuthOptions o, Map<String, Object> errors) {
        if (o.mfa() != null && o.mfa().enabled()) {
            int methods = (o.passwordAuth() != null && o.passwordAuth().enabled() ? 1 : 0)
                    + (o.oauth2() != null && o.oauth2().enabled() ? 1 : 0) + (o.otp() != null && o.otp().enabled() ? 1 : 0);
            if (methods < 2) {
                errors.put("mfa", Map.of("enabled", FieldError.of("validation_mfa_not_enough_auths",
                        "MFA requires at least 2 auth methods to be enabled.")));
                return;
            }
            if (o.mfa().rule() != null && !o.mfa().rule().isEmpty()) {
                FieldError e = ruleCheck.apply(c, o.mfa().rule());
                if (e != null) {
                    errors.put("mfa", Map.of("rule", e));
                    return;
                }
            }
        }
        if (o.passwordAuth() != null && o.passwordAuth().enabled()) {
            for (String field : o.passwordAuth().identityFields()) {
                if (c.field(field).isEmpty()) {
                    errors.put("passwordAuth", Map.of("identityFields", FieldError.of("validation_missing_field",
                            "Invalid or missing field " + field + ".", "fieldName", field)));
                    return;
                }
                if (IndexDefinition.findSingleColumnUnique(c.indexes(), field).isEmpty()) {
                    errors.put("passwordAuth", Map.of("identityFields", FieldError.of("validation_missing_unique_constraint",
                            "The field " + field + " doesn't have a UNIQUE constraint.", "fieldName", field)));
                    return;
                }
            }
        }
    }

    private Map<String, Object> providers(List<AuthOptions.OAuth2Provider> providers) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (providers == null) {
            return out;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < providers.size(); i++) {
            AuthOptions.OAuth2Provider p = providers.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            String name = p.name() == null ? "" : p.name();
            if (!seen.add(name)) {
                e.put("name", FieldError.of("validation_duplicated_provider", "The provider " + name + " is already registered.",
                        "name", name));
            } else if (name.isEmpty()) {
                e.put("name", Rules.required());
            } else if (!PROVIDERS.contains(name)) {
                e.put("name", FieldError.of("validation_missing_provider", "Invalid or missing provider with name " + name + ".",
                        "name", name));
            }
            if (p.clientId() == null || p.clientId().isEmpty()) {
                e.put("clientId", Rules.required());
            }
            if (p.clientSecret() == null || p.clientSecret().isEmpty()) {
                e.put("clientSecret", Rules.required());
            }
            for (Map.Entry<String, String> url : Map.of("authURL", nz(p.authURL()), "tokenURL", nz(p.tokenURL()),
                    "userInfoURL", nz(p.userInfoURL())).entrySet()) {
                if (!url.getValue().isEmpty() && !Formats.isUrl(url.getValue())) {
                    e.put(url.getKey(), FieldError.of("validation_is_url", "Must be a valid URL."));
                }
            }
            if (!e.isEmpty()) {
                out.put(String.valueOf(i), e);
            }
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void rule(String key, String rule, Optional<String> oldRule, Map<String, Object> errors) {
        FieldError e = rule == null || rule.isEmpty() ? null : ruleCheck.apply(c, rule);
        if (e == null && old.isPresent() && old.get().system() && !java.util.Objects.equals(oldRule.orElse(null), rule)) {
            e = FieldError.of("validation_collection_system_rule_change", "System collection API rule cannot be changed.");
        }
        Rules.putIfError(errors, key, e);
    }

    private static void duration(Map<String, Object> errors, String key, long value, long max) {
        if (value == 0) {
            errors.put(key, Rules.required());
        } else if (value < 10) {
            errors.put(key, Rules.min(value, 10));
        } else if (value > max) {
            errors.put(key, Rules.max(value, max));
        }
    }

    private static void template(Map<String, Object> errors, String key, AuthOptions.EmailTemplate t, String nestedKey) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (t == null) {
            if (nestedKey == null) {
                errors.put(key, Rules.required());
            } else {
                errors.put(key, Map.of(nestedKey, Rules.required()));
            }
            return;
        }
        if (t.subject() == null || t.subject().isEmpty()) {
            e.put("subject", Rules.required());
        }
        if (t.body() == null || t.body().isEmpty()) {
            e.put("body", Rules.required());
        }
        if (!e.isEmpty()) {
            errors.put(key, nestedKey == null ? e : Map.of(nestedKey, e));
        }
    }

    private static String tokenKey(AuthOptions.TokenType type) {
        return switch (type) {
            case AUTH -> "authToken";
            case FILE -> "fileToken";
            case VERIFICATION -> "verificationToken";
            case PASSWORD_RESET -> "passwordResetToken";
            case EMAIL_CHANGE -> "emailChangeToken";
        };
    }
}
