package dev.basalt.auth;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Formats;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validation PocketBase applies to auth request bodies (ozzo-validation codes and messages,
 * first failing rule per field) and the shared lookups of auth routes.
 */
final class AuthForms {
    static final String VALIDATING = "An error occurred while validating the submitted data.";

    private final Map<String, Object> errors = new TreeMap<>();

    /** The auth collection of an auth route, or 404. */
    static Collection authCollection(Collections collections, String idOrName) {
        return collections.schema().find(idOrName).filter(Collection::isAuth)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Missing or invalid auth collection context."));
    }

    /** Required, at most {@code max} characters. */
    AuthForms required(String key, String value, int max) {
        if (value == null || value.isEmpty()) {
            errors.putIfAbsent(key, FieldError.of("validation_required", "Cannot be blank."));
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.putIfAbsent(key, FieldError.of("validation_length_out_of_range", "The length must be between 1 and " + max + ".",
                    "min", 1, "max", max));
        }
        return this;
    }

    /** Required, at most 255 characters, an email address. */
    AuthForms email(String key, String value) {
        required(key, value, 255);
        if (!errors.containsKey(key) && !Formats.isEmail(value)) {
            errors.put(key, FieldError.of("validation_is_email", "Must be a valid email address."));
        }
        return this;
    }

    /** Adds an error unless the field has one already. */
    AuthForms error(String key, FieldError error) {
        errors.putIfAbsent(key, error);
        return this;
    }

    boolean has(String key) {
        return errors.containsKey(key);
    }

    /** Throws PocketBase's 400 with the collected errors, if any. */
    void check() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, VALIDATING, errors);
        }
    }

    static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v instanceof String s ? s : v == null ? "" : String.valueOf(v);
    }
}
