package dev.basalt.records;

import dev.basalt.auth.Passwords;
import dev.basalt.collections.PasswordValue;
import dev.basalt.error.FieldError;
import java.util.Map;

/**
 * The extra checks on auth records written through the API (PocketBase's record upsert form):
 * password confirmation, the old password for self-service changes, and email/verified being
 * changeable only by superusers and managers.
 */
final class AuthForm {
    private AuthForm() {}

    static void validate(Record record, RecordInput.Applied applied, boolean manage, Passwords passwords,
            Map<String, Object> errors) {
        boolean isNew = record.isNew();
        if (record.collection().isSuperusers()) {
            record.set("verified", true);
        } else if (!manage && record.getBool("verified") != Boolean.TRUE.equals(record.original("verified"))) {
            errors.put("verified", mismatch());
        }
        if (!isNew && !manage && !record.getString("email").equals(String.valueOf(record.original("email")))) {
            errors.put("email", mismatch());
        }
        PasswordValue password = (PasswordValue) record.get("password");
        String plain = password.plain();
        boolean programmatic = !applied.hasPasswordConfirm() && !applied.hasOldPassword() && applied.body().isEmpty();
        if (programmatic) {
            return; // set in code (CLI, OAuth2 sign-up): no form checks
        }
        if ((isNew || !applied.passwordConfirm().isEmpty() || !applied.oldPassword().isEmpty()) && plain.isEmpty()
                && (isNew || password.hash().isEmpty() || !applied.passwordConfirm().isEmpty() || !applied.oldPassword().isEmpty())) {
            errors.putIfAbsent("password", FieldError.of("validation_required", "Cannot be blank."));
        }
        if (isNew || !plain.isEmpty() || !applied.oldPassword().isEmpty()) {
            if (applied.passwordConfirm().isEmpty()) {
                errors.put("passwordConfirm", FieldError.of("validation_required", "Cannot be blank."));
            } else if (!applied.passwordConfirm().equals(plain)) {
                errors.put("passwordConfirm", mismatch());
            }
        }
        if (!isNew && !manage && (!plain.isEmpty() || !applied.passwordConfirm().isEmpty())) {
            String oldHash = record.original("password") instanceof PasswordValue p ? p.hash() : "";
            if (applied.oldPassword().isEmpty() || !passwords.verify(applied.oldPassword(), oldHash)) {
                errors.put("oldPassword", FieldError.of("validation_invalid_old_password", "Missing or invalid old password."));
            }
        }
    }

    private static FieldError mismatch() {
        return FieldError.of("validation_values_mismatch", "Values don't match.");
    }
}
