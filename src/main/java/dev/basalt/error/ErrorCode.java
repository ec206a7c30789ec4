package dev.basalt.error;

/**
 * The closed list of error codes Basalt returns. The constant name is the stable wire id (sent
 * in the {@code Basalt-Error-Code} header); the default message is PocketBase's text for the
 * situation. Codes are never reused: retired ones stay here, marked "no longer used".
 */
public enum ErrorCode {
    // USER (400)
    BAD_REQUEST(ErrorCategory.USER, "Something went wrong while processing your request."),
    VALIDATION_FAILED(ErrorCategory.USER, "Failed to load the submitted data due to invalid formatting."),
    INVALID_BODY(ErrorCategory.USER, "Failed to read the request body."),
    INVALID_FILTER(ErrorCategory.USER, "Invalid filter parameters."),
    RECORD_CREATE_FAILED(ErrorCategory.USER, "Failed to create record."),
    RECORD_UPDATE_FAILED(ErrorCategory.USER, "Failed to update record."),
    RECORD_DELETE_FAILED(ErrorCategory.USER, "Failed to delete record."),
    AUTH_FAILED(ErrorCategory.USER, "Failed to authenticate."),
    OTP_INVALID(ErrorCategory.USER, "Invalid or expired OTP."),
    MFA_INVALID(ErrorCategory.USER, "Invalid or expired MFA session."),
    MFA_SAME_METHOD(ErrorCategory.USER, "A different authentication method is required."),
    TOKEN_INVALID(ErrorCategory.USER, "Invalid or expired token."),
    OAUTH2_FAILED(ErrorCategory.USER, "Failed to authenticate."),
    COLLECTION_INVALID(ErrorCategory.USER, "An error occurred while validating the submitted data."),
    UNSUPPORTED_COLLECTION_TYPE(ErrorCategory.USER, "Unsupported collection type."),

    // AUTH (401)
    UNAUTHORIZED(ErrorCategory.AUTH, "The request requires valid record authorization token."),

    // FORBIDDEN (403)
    FORBIDDEN(ErrorCategory.FORBIDDEN, "You are not allowed to perform this request."),
    SUPERUSER_ONLY(ErrorCategory.FORBIDDEN, "Only superusers can perform this action."),
    WRONG_AUTH_COLLECTION(ErrorCategory.FORBIDDEN, "The authorized record is not allowed to perform this action."),
    AUTH_METHOD_DISABLED(ErrorCategory.FORBIDDEN, "The collection is not configured to allow this authentication method."),
    AUTH_RULE_FAILED(ErrorCategory.FORBIDDEN, "The request doesn't satisfy the collection requirements to authenticate."),

    // NOT_FOUND (404)
    NOT_FOUND(ErrorCategory.NOT_FOUND, "The requested resource wasn't found."),
    COLLECTION_NOT_FOUND(ErrorCategory.NOT_FOUND, "Missing collection context."),
    RECORD_NOT_FOUND(ErrorCategory.NOT_FOUND, "The requested resource wasn't found."),

    // TOO_LARGE (413)
    BODY_TOO_LARGE(ErrorCategory.TOO_LARGE, "Request entity too large"),

    // RATE_LIMIT (429)
    RATE_LIMITED(ErrorCategory.RATE_LIMIT, "Too Many Requests."),
    TOO_MANY_ATTEMPTS(ErrorCategory.RATE_LIMIT, "Too many attempts, please try again later."),

    // INTERNAL (500)
    INTERNAL(ErrorCategory.INTERNAL, "Something went wrong while processing your request."),

    // UNAVAILABLE (503)
    UNAVAILABLE(ErrorCategory.UNAVAILABLE, "The service is temporarily unavailable. Please try again.");

    private final ErrorCategory category;
    private final String defaultMessage;

    ErrorCode(ErrorCategory category, String defaultMessage) {
        this.category = category;
        this.defaultMessage = defaultMessage;
    }

    /** The family that decides the status on each protocol. */
    public ErrorCategory category() {
        return category;
    }

    /** PocketBase's message for this situation. */
    public String defaultMessage() {
        return defaultMessage;
    }
}
