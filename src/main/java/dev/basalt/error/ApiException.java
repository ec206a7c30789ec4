package dev.basalt.error;

import dev.basalt.util.Strings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The only exception type that crosses from the core to the protocol adapters.
 *
 * <p>It carries a stable {@link ErrorCode}, a message that is safe to show to clients, optional
 * per-field validation data (which may nest, e.g. batch errors) and an optional cause. The cause is
 * logged by the adapter and never sent to the client.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> data;

    public ApiException(ErrorCode code, String message, Map<String, ?> data, Throwable cause) {
        super(Strings.sentenize(message == null || message.isBlank() ? code.defaultMessage() : message), cause);
        this.code = code;
        this.data = data == null ? Map.of() : new LinkedHashMap<>(data);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ApiException(ErrorCode code) {
        this(code, null, null, null);
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** The client-safe data object (field errors or nested structures); never null. */
    public Map<String, Object> data() {
        return data;
    }

    /** A 400 with per-field validation errors. */
    public static ApiException validation(ErrorCode code, String message, Map<String, ?> fieldErrors) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) toJson(fieldErrors);
        return new ApiException(code, message, data, null);
    }

    /** Field errors (possibly nested by field/index) as JSON values, keys sorted as PocketBase's map encoding sorts them. */
    private static Object toJson(Object value) {
        if (value instanceof FieldError fe) {
            return fe.toJson();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
            return out;
        }
        return value;
    }

    /** A 400 with one field error. */
    public static ApiException field(ErrorCode code, String field, FieldError error) {
        return validation(code, null, Map.of(field, error));
    }

    /** 400 with PocketBase's generic message or the given one. */
    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    /** 404 with PocketBase's generic message. */
    public static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND);
    }

    /** 403 for actions reserved to superusers (locked rules). */
    public static ApiException superuserOnly() {
        return new ApiException(ErrorCode.SUPERUSER_ONLY);
    }

    /** 403 with a specific message. */
    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    /** 401 for endpoints that require an auth token. */
    public static ApiException unauthorized() {
        return new ApiException(ErrorCode.UNAUTHORIZED);
    }

    /** 500 wrapping an unexpected failure; the cause is logged, never sent. */
    public static ApiException internal(Throwable cause) {
        return new ApiException(ErrorCode.INTERNAL, null, null, cause);
    }
}
