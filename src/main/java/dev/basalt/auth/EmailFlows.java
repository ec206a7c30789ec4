package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.PasswordField;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.SystemCollections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.mail.Mail;
import dev.basalt.mail.MailException;
import dev.basalt.mail.Mailer;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.settings.Settings;
import dev.basalt.settings.SettingsService;
import dev.basalt.util.Ids;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emailed-token flows: verification, password reset and email change. Request endpoints
 * answer the same for known and unknown addresses (mail goes out in the background) and resend at
 * most every 2 minutes per record; confirm endpoints accept a token of the right type and
 * collection whose email claim still matches. A reset password or a changed email rotates the
 * record's token key, which ends every session and voids other pending tokens.
 */
public final class EmailFlows {
    private static final Duration RESEND = Duration.ofMinutes(2);
    private static final String SUPERUSERS_VERIFIED = "All superusers are verified by default.";
    private static final String SUPERUSERS_EMAIL = "All superusers can change their emails directly.";

    private final Collections collections;
    private final RecordActions records;
    private final Tokens tokens;
    private final Passwords passwords;
    private final Mailer mailer;
    private final SettingsService settings;
    private final Throttle throttle;

    EmailFlows(Collections collections, RecordActions records, Tokens tokens, Passwords passwords, Mailer mailer,
            SettingsService settings, Throttle throttle) {
        this.collections = collections;
        this.records = records;
        this.tokens = tokens;
        this.passwords = passwords;
        this.mailer = mailer;
        this.settings = settings;
        this.throttle = throttle;
    }

    public void requestVerification(String collection, String email) {
        Collection c = AuthForms.authCollection(collections, collection);
        if (c.isSuperusers()) {
            throw ApiException.badRequest(SUPERUSERS_VERIFIED);
        }
        new AuthForms().email("email", email).check();
        Optional<Record> found = records.findByField(c, "email", email);
        if (found.isEmpty()) {
            return;
        }
        Record record = found.get();
        String key = "verification:" + c.id() + ":" + record.id();
        if (record.getBool("verified") || !throttle.tryMark(key, RESEND)) {
            return;
        }
        String token = tokens.issue(record, AuthOptions.TokenType.VERIFICATION, 0, Map.of("email", record.getString("email")));
        sendOnce(key, AuthMails.render(c.auth().verificationTemplate(), record, record.getString("email"), Map.of("{TOKEN}", token),
                settings.current().meta()));
    }

    public void confirmVerification(String collection, String token) {
        Collection c = AuthForms.authCollection(collections, collection);
        if (c.isSuperusers()) {
            throw ApiException.badRequest(SUPERUSERS_VERIFIED);
        }
        Record record = claimed(c, token, AuthOptions.TokenType.VERIFICATION, "email", "Missing email token claim.");
        if (record.getBool("verified")) {
            return;
        }
        Record verified = record.copy();
        verified.set("verified", true);
        AuthOptions.PasswordAuth passwordAuth = c.auth().passwordAuth();
        if (passwordAuth == null || !passwordAuth.enabled()) {
            verified.set("password", PasswordValue.ofPlain(Ids.secret(30)));
        }
        try {
            records.save(verified);
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "An error occurred while saving the verified state.", null, e);
        }
        throttle.unmark("verification:" + c.id() + ":" + record.id());
    }

    public void requestPasswordReset(String collection, String email) {
        Collection c = AuthForms.authCollection(collections, collection);
        AuthOptions.PasswordAuth passwordAuth = c.auth().passwordAuth();
        if (passwordAuth == null || !passwordAuth.enabled()) {
            throw ApiException.badRequest("The collection is not configured to allow password authentication.");
        }
        new AuthForms().email("email", email).check();
        Optional<Record> found = records.findByField(c, "email", email);
        if (found.isEmpty()) {
            return;
        }
        Record record = found.get();
        String key = "passwordReset:" + c.id() + ":" + record.id();
        if (!throttle.tryMark(key, RESEND)) {
            return;
        }
        String token = tokens.issue(record, AuthOptions.TokenType.PASSWORD_RESET, 0, Map.of("email", record.getString("email")));
        sendOnce(key, AuthMails.render(c.auth().resetPasswordTemplate(), record, record.getString("email"), Map.of("{TOKEN}", token),
                settings.current().meta()));
    }

    /** Sends a mail whose resend marker {@code key} is already set; a failed send clears it so the user can retry. */
    private void sendOnce(String key, Mail mail) {
        mailer.sendLater(mail).whenComplete((ok, error) -> {
            if (error != null) {
                throttle.unmark(key);
            }
        });
    }

    public void confirmPasswordReset(String collection, String token, String password, String passwordConfirm) {
        Collection c = AuthForms.authCollection(collections, collection);
        AuthForms form = new AuthForms();
        Record record = null;
        if (token.isEmpty()) {
            form.required("token", token, Integer.MAX_VALUE);
        } else {
            Optional<Tokens.Verified> verified = tokens.verify(token, AuthOptions.TokenType.PASSWORD_RESET);
            if (verified.isEmpty()) {
                form.error("token", FieldError.of("validation_invalid_token", "Invalid or expired token."));
            } else if (!verified.get().record().collection().id().equals(c.id())) {
                form.error("token", FieldError.of("validation_token_collection_mismatch",
                        "The provided token is for different auth collection."));
            } else {
                record = verified.get().record();
            }
        }
        int min = c.fields().stream().filter(PasswordField.class::isInstance).map(PasswordField.class::cast)
                .filter(f -> f.name().equals("password")).findFirst().map(f -> Math.max(1, f.min())).orElse(1);
        if (password.isEmpty()) {
            form.required("password", password, 255);
        } else if (password.codePointCount(0, password.length()) < min || password.codePointCount(0, password.length()) > 255) {
            form.error("password", FieldError.of("validation_length_out_of_range", "The length must be between " + min + " and 255.",
                    "min", min, "max", 255));
        }
        form.required("passwordConfirm", passwordConfirm, Integer.MAX_VALUE);
        if (!form.has("passwordConfirm") && !passwordConfirm.equals(password)) {
            form.error("passwordConfirm", FieldError.of("validation_values_mismatch", "Values don't match."));
        }
        form.check();
        Record updated = record.copy();
        updated.set("password", PasswordValue.ofPlain(password));
        Object emailClaim = tokens.verify(token, AuthOptions.TokenType.PASSWORD_RESET).map(v -> v.claims().getClaim("email")).orElse(null);
        if (!record.getBool("verified") && record.getString("email").equals(emailClaim)) {
            updated.set("verified", true); // the reset mail reached this address
        }
        try {
            records.save(updated);
        } catch (ApiException e) {
            throw ApiException.validation(ErrorCode.BAD_REQUEST, "Failed to set new password.", e.data());
        }
        throttle.unmark("passwordReset:" + c.id() + ":" + record.id());
    }

    public void requestEmailChange(String collection, Record caller, String newEmail) {
        Collection c = AuthForms.authCollection(collections, collection);
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        if (!caller.collection().id().equals(c.id())) {
            throw ApiException.forbidden("The request requires auth record from " + caller.collection().name() + " collection.");
        }
        if (c.isSuperusers()) {
            throw ApiException.badRequest(SUPERUSERS_EMAIL);
        }
        AuthForms form = new AuthForms().email("newEmail", newEmail);
        if (!form.has("newEmail") && newEmail.equalsIgnoreCase(caller.getString("email"))) {
            form.error("newEmail", FieldError.of("validation_not_in_invalid", "Must not be in list."));
        }
        if (!form.has("newEmail") && records.findByField(c, "email", newEmail).isPresent()) {
            form.error("newEmail", FieldError.of("validation_invalid_new_email", "Invalid new email address."));
        }
        form.check();
        String token = tokens.issue(caller, AuthOptions.TokenType.EMAIL_CHANGE, 0,
                Map.of("email", caller.getString("email"), "newEmail", newEmail));
        try {
            mailer.send(AuthMails.render(c.auth().confirmEmailChangeTemplate(), caller, newEmail, Map.of("{TOKEN}", token),
                    settings.current().meta()));
        } catch (MailException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Failed to request email change.", null, e);
        }
    }

    /** The templates {@link #sendTest} knows, by PocketBase's names. */
    public static final List<String> TEST_TEMPLATES = List.of("verification", "password-reset", "email-change", "otp", "login-alert");

    /**
     * {@code POST /api/settings/test/email}: sends one of a collection's templates to {@code email},
     * rendered for a made-up record whose non-hidden fields read {@code __pb_test_<field>__}, and
     * waits for the mail server (400 "Failed to send the test email." when it refuses).
     */
    public void sendTest(String collection, String template, String email) {
        AuthForms form = new AuthForms().email("email", email);
        if (template == null || template.isEmpty()) {
            form.error("template", FieldError.of("validation_required", "Cannot be blank."));
        } else if (!TEST_TEMPLATES.contains(template)) {
            form.error("template", FieldError.of("validation_in_invalid", "Must be a valid value."));
        }
        form.check();
        Collection c = collections.schema().find(collection == null || collection.isEmpty() ? SystemCollections.SUPERUSERS : collection)
                .filter(Collection::isAuth)
                .orElseThrow(() -> ApiException.badRequest("Failed to send the test email."));
        Record record = Record.create(c);
        for (dev.basalt.collections.Field f : c.fields()) {
            if (!f.hidden()) {
                try {
                    record.set(f.name(), f.prepare("__pb_test_" + f.name() + "__"));
                } catch (RuntimeException e) {
                    // a field that cannot hold text (a number, a date) keeps its zero value
                }
            }
        }
        record.set("tokenKey", Ids.secret(50));
        record.set("email", email);
        Settings.Meta meta = settings.current().meta();
        AuthOptions auth = c.auth();
        Mail mail = switch (template) {
            case "verification" -> AuthMails.render(auth.verificationTemplate(), record, email,
                    Map.of("{TOKEN}", tokens.issue(record, AuthOptions.TokenType.VERIFICATION, 0, Map.of("email", email))), meta);
            case "password-reset" -> AuthMails.render(auth.resetPasswordTemplate(), record, email,
                    Map.of("{TOKEN}", tokens.issue(record, AuthOptions.TokenType.PASSWORD_RESET, 0, Map.of("email", email))), meta);
            case "email-change" -> AuthMails.render(auth.confirmEmailChangeTemplate(), record, email,
                    Map.of("{TOKEN}", tokens.issue(record, AuthOptions.TokenType.EMAIL_CHANGE, 0,
                            Map.of("email", email, "newEmail", email))), meta);
            case "otp" -> AuthMails.render(auth.otp() == null ? null : auth.otp().emailTemplate(), record, email,
                    Map.of("{OTP}", "123456", "{OTP_ID}", "_PB_TEST_OTP_ID_"), meta);
            default -> AuthMails.render(auth.authAlert() == null ? null : auth.authAlert().emailTemplate(), record, email,
                    Map.of("{ALERT_INFO}", "Test info"), meta);
        };
        try {
            mailer.send(mail);
        } catch (MailException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Failed to send the test email.", null, e);
        }
    }

    public void confirmEmailChange(String collection, String token, String password) {
        Collection c = AuthForms.authCollection(collections, collection);
        if (c.isSuperusers()) {
            throw ApiException.badRequest(SUPERUSERS_EMAIL);
        }
        AuthForms form = new AuthForms();
        Record record = null;
        String newEmail = "";
        if (token.isEmpty()) {
            form.required("token", token, Integer.MAX_VALUE);
        } else {
            Object claim = Tokens.unverifiedClaim(token, "newEmail");
            Optional<Tokens.Verified> verified = tokens.verify(token, AuthOptions.TokenType.EMAIL_CHANGE);
            if (!(claim instanceof String s) || s.isEmpty()) {
                form.error("token", FieldError.of("validation_invalid_token_payload", "Invalid token payload - newEmail must be set."));
            } else if (verified.isEmpty()) {
                form.error("token", FieldError.of("validation_invalid_token", "Invalid or expired token."));
            } else if (!verified.get().record().collection().id().equals(c.id())) {
                form.error("token", FieldError.of("validation_token_collection_mismatch",
                        "The provided token is for different auth collection."));
            } else if (records.findByField(c, "email", s).isPresent()) {
                form.error("token", FieldError.of("validation_invalid_token_email", "The new email address is invalid."));
            } else {
                record = verified.get().record();
                newEmail = s;
            }
        }
        form.required("password", password, 100);
        if (record != null && !form.has("password")) {
            String hash = record.get("password") instanceof PasswordValue p ? p.hash() : "";
            if (!passwords.verify(password, hash)) {
                form.error("password", FieldError.of("validation_invalid_password", "Missing or invalid auth record password."));
            }
        }
        form.check();
        Record updated = record.copy();
        updated.set("email", newEmail);
        updated.set("verified", true);
        try {
            records.save(updated);
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Failed to confirm email change.", null, e);
        }
    }

    /** The record of a valid token of {@code type} for collection {@code c} whose email claim matches, or PocketBase's 400. */
    private Record claimed(Collection c, String token, AuthOptions.TokenType type, String claim, String missingClaim) {
        AuthForms form = new AuthForms();
        Record record = null;
        if (token.isEmpty()) {
            form.required("token", token, Integer.MAX_VALUE);
        } else {
            Object value = Tokens.unverifiedClaim(token, claim);
            Optional<Tokens.Verified> verified = tokens.verify(token, type);
            if (!(value instanceof String s) || s.isEmpty()) {
                form.error("token", FieldError.of("validation_invalid_token_claims", missingClaim));
            } else if (verified.isEmpty()) {
                form.error("token", FieldError.of("validation_invalid_token", "Invalid or expired token."));
            } else if (!verified.get().record().collection().id().equals(c.id())) {
                form.error("token", FieldError.of("validation_token_collection_mismatch",
                        "The provided token is for different auth collection."));
            } else if (!verified.get().record().getString("email").equals(s)) {
                form.error("token", FieldError.of("validation_token_email_mismatch",
                        "The record email doesn't match with the requested token claims."));
            } else {
                record = verified.get().record();
            }
        }
        form.check();
        return record;
    }
}
