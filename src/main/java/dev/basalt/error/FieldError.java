package dev.basalt.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validation failure of one field, in PocketBase's shape {@code {code, message[, params]}}.
 *
 * @param code    stable snake-case code, e.g. {@code validation_required}
 * @param message human readable text (sentenized)
 * @param params  template parameters of the message; empty when there are none
 */
public record FieldError(String code, String message, Map<String, Object> params) {
    public FieldError {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A field error without parameters. */
    public static FieldError of(String code, String message) {
        return new FieldError(code, message, Map.of());
    }

    /** A field error with parameters (key, value pairs). */
    public static FieldError of(String code, String message, Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new FieldError(code, message, params);
    }

    /** The common "missing required value" error. */
    public static FieldError required() {
        return of("validation_required", "Missing required value.");
    }

    /** The JSON shape of this error. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        if (!params.isEmpty()) {
            json.put("params", new java.util.TreeMap<>(params)); // Go marshals map keys sorted
        }
        return json;
    }
}
