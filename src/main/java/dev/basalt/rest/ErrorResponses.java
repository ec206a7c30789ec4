package dev.basalt.rest;

import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCategory;
import dev.basalt.error.ErrorCode;
import dev.basalt.util.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP mapping of the error model: one status per {@link ErrorCategory} and PocketBase's body
 * {@code {status, message, data}}. The stable error code goes in the {@code Basalt-Error-Code}
 * header; causes are logged with a request id and never sent.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String CODE_HEADER = "Basalt-Error-Code";

    private ErrorResponses() {}

    static int status(ErrorCategory category) {
        return switch (category) {
            case USER -> 400;
            case AUTH -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case TOO_LARGE -> 413;
            case RATE_LIMIT -> 429;
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
        };
    }

    static void write(Context ctx, ApiException e) {
        int status = status(e.code().category());
        if (status >= 500) {
            String requestId = UUID.randomUUID().toString();
            LOG.error("request {} {} {} failed [{}]", requestId, ctx.method(), ctx.path(), e.code(), e.getCause() != null ? e.getCause() : e);
            ctx.header("Basalt-Request-Id", requestId);
        } else if (e.getCause() != null) {
            LOG.debug("{} {} rejected [{}]: {}", ctx.method(), ctx.path(), e.code(), e.getCause().toString());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", e.data());
        body.put("message", e.getMessage());
        body.put("status", status);
        ctx.header(CODE_HEADER, e.code().name());
        Http.send(ctx, status, "application/json", Json.writeBytes(body), false);
    }

    static void writeUnexpected(Context ctx, Throwable error) {
        write(ctx, ApiException.internal(error));
    }

    /** The error body for a status decided outside the routes (by Jetty, e.g. a malformed request line). */
    static byte[] bodyFor(int status) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            default -> ErrorCode.BAD_REQUEST;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", Map.of());
        body.put("message", code.defaultMessage());
        body.put("status", status);
        return Json.writeBytes(body);
    }

    static void writeNotFound(Context ctx) {
        write(ctx, new ApiException(ErrorCode.NOT_FOUND));
    }
}
