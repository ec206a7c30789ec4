package dev.basalt.auth;

import dev.basalt.auth.oauth2.OAuth2Client;
import dev.basalt.collections.Collections;
import dev.basalt.mail.Mailer;
import dev.basalt.records.RecordActions;
import dev.basalt.rules.RuleEngine;
import dev.basalt.settings.SettingsService;
import dev.basalt.store.Database;
import java.time.Clock;

/**
 * The auth actions, wired once: password login/refresh/impersonation, one-time passwords, OAuth2
 * and the emailed-token flows, sharing one MFA gate, one new-device alerter and one throttle.
 */
public record AuthModule(AuthActions actions, OtpActions otp, EmailFlows email, OAuth2Actions oauth2, MfaSessions mfa,
        Throttle throttle) {

    public static AuthModule create(Database db, Collections collections, RecordActions records, RuleEngine rules,
            Passwords passwords, Tokens tokens, SettingsService settings, Mailer mailer, OAuth2Client oauth2Client, Clock clock) {
        Throttle throttle = new Throttle(clock);
        MfaSessions mfa = new MfaSessions(db, collections, records, clock);
        AuthAlerts alerts = new AuthAlerts(db, collections, records, mailer, settings, clock);
        AuthFinisher finisher = new AuthFinisher(db, rules, tokens, settings, mfa, alerts);
        AuthActions actions = new AuthActions(db, collections, records, passwords, tokens, finisher, throttle);
        OtpActions otp = new OtpActions(db, collections, records, passwords, mailer, settings, throttle, finisher, clock);
        EmailFlows email = new EmailFlows(collections, records, tokens, passwords, mailer, settings, throttle);
        OAuth2Actions oauth2 = new OAuth2Actions(db, collections, records, oauth2Client, finisher);
        return new AuthModule(actions, otp, email, oauth2, mfa, throttle);
    }

    /** Deletes expired one-time passwords and MFA sessions; returns how many rows went. */
    public int deleteExpired() {
        return otp.deleteExpired() + mfa.deleteExpired();
    }
}
