package dev.basalt.error;

/** The families of errors; every protocol maps each category to exactly one of its statuses. */
public enum ErrorCategory {
    /** The request is malformed or invalid (HTTP 400). */
    USER,
    /** Authentication is missing or invalid (HTTP 401). */
    AUTH,
    /** The caller is authenticated but not allowed (HTTP 403). */
    FORBIDDEN,
    /** The resource does not exist or is not visible to the caller (HTTP 404). */
    NOT_FOUND,
    /** The request body is larger than allowed (HTTP 413). */
    TOO_LARGE,
    /** Too many requests (HTTP 429). */
    RATE_LIMIT,
    /** A bug or an unexpected failure (HTTP 500). */
    INTERNAL,
    /** A dependency is temporarily unavailable; retrying may succeed (HTTP 503). */
    UNAVAILABLE
}
