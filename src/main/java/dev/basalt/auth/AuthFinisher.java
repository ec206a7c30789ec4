package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.Record;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import dev.basalt.rules.Decision;
import dev.basalt.rules.FilterSyntaxException;
import dev.basalt.rules.RuleEngine;
import dev.basalt.settings.SettingsService;
import dev.basalt.store.Database;
import dev.basalt.util.IpRanges;
import java.util.List;
import java.util.Map;

/**
 * The common end of every successful authentication, in PocketBase's order: the superuser IP
 * allow-list, the collection's {@code authRule}, multi-factor authentication (a first factor
 * answers {@link AuthOutcome.MfaRequired}), the new-device alert, and the token.
 */
final class AuthFinisher {
    private final Database db;
    private final RuleEngine rules;
    private final Tokens tokens;
    private final SettingsService settings;
    private final MfaSessions mfa;
    private final AuthAlerts alerts;

    AuthFinisher(Database db, RuleEngine rules, Tokens tokens, SettingsService settings, MfaSessions mfa, AuthAlerts alerts) {
        this.db = db;
        this.rules = rules;
        this.tokens = tokens;
        this.settings = settings;
        this.mfa = mfa;
        this.alerts = alerts;
    }

    /**
     * Finishes a login of {@code record} by {@code method} ({@code password}, {@code otp},
     * {@code oauth2}; "" for refresh and impersonation, which skip MFA and alerts).
     *
     * @param token the token to answer with, or null to issue a new auth token
     * @param meta  OAuth2 provider data for the response, or null
     */
    AuthOutcome finish(Record record, String method, String token, Map<String, Object> meta, RequestInfo info) {
        checkSuperuserIp(record, info);
        checkAuthRule(record, info);
        if (!method.isEmpty() && wantsMfa(record, info)) {
            String mfaId = mfaId(info);
            if (mfaId.isEmpty()) {
                return new AuthOutcome.MfaRequired(mfa.start(record, method));
            }
            mfa.complete(record, method, mfaId);
        }
        if (!method.isEmpty()) {
            alerts.onLogin(record, info);
        }
        return new AuthResult(token != null ? token : tokens.authToken(record), record, meta);
    }

    private static String mfaId(RequestInfo info) {
        String fromQuery = info.query().getOrDefault("mfaId", "");
        if (!fromQuery.isEmpty()) {
            return fromQuery;
        }
        Object fromBody = info.body().get("mfaId");
        return fromBody instanceof String s ? s : "";
    }

    private void checkSuperuserIp(Record record, RequestInfo info) {
        List<String> allowed = settings.current().superuserIPs();
        if (record.collection().isSuperusers() && allowed != null && !allowed.isEmpty() && !IpRanges.contains(allowed, info.ip())) {
            throw new ApiException(ErrorCode.FORBIDDEN);
        }
    }

    /** The collection's authRule with the caller's request (null rule: only superuser callers pass). */
    void checkAuthRule(Record record, RequestInfo info) {
        if (!matches(record, record.collection().auth().authRule(), info)) {
            throw new ApiException(ErrorCode.AUTH_RULE_FAILED);
        }
    }

    private boolean wantsMfa(Record record, RequestInfo info) {
        AuthOptions.Mfa options = record.collection().auth().mfa();
        if (options == null || !options.enabled()) {
            return false;
        }
        String rule = options.rule() == null ? "" : options.rule();
        if (rule.isBlank()) {
            return true;
        }
        try {
            return matches(record, rule, info);
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.AUTH_FAILED, null, null, e);
        }
    }

    private boolean matches(Record record, String rule, RequestInfo info) {
        Collection c = record.collection();
        try {
            return switch (rules.decide(c, rule, info)) {
                case Decision.Allow a -> true;
                case Decision.Deny d -> false;
                case Decision.Filter f -> db.read(dsl -> RecordStore.findById(dsl, c, record.id(), f.rule()).isPresent());
            };
        } catch (FilterSyntaxException e) {
            return false;
        }
    }
}
