package dev.basalt.rest;

import dev.basalt.auth.Tokens;
import dev.basalt.collections.AuthOptions;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.RequestInfo;
import dev.basalt.util.Json;
import dev.basalt.util.Picker;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Request and response helpers shared by the routes: bounded body reading (413 past the limit),
 * JSON and form decoding, the caller's auth token, {@code ?fields=} picking on JSON responses.
 */
final class Http {
    /** PocketBase's default request body limit. */
    static final long DEFAULT_BODY_LIMIT = 32L << 20;
    private static final String AUTH_ATTRIBUTE = "basalt.auth";
    private static final String BODY_ATTRIBUTE = "basalt.body";
    private static final String PENDING_ATTRIBUTE = "basalt.response";
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    private static final Pattern NUMBER = Pattern.compile("^[-.\\d]+$");

    private final Supplier<Tokens> tokens;
    private final Supplier<dev.basalt.settings.Settings> settings;

    Http(Supplier<Tokens> tokens, Supplier<dev.basalt.settings.Settings> settings) {
        this.settings = settings;
        this.tokens = tokens;
    }

    /** The verified auth token of the request, if any (an invalid token means guest). */
    Optional<Tokens.Verified> auth(Context ctx) {
        Optional<Tokens.Verified> cached = ctx.attribute(AUTH_ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        Optional<Tokens.Verified> auth = Optional.ofNullable(rawToken(ctx)).flatMap(t -> tokens.get().verify(t, AuthOptions.TokenType.AUTH));
        ctx.attribute(AUTH_ATTRIBUTE, auth);
        return auth;
    }

    /** The token from the Authorization header, with an optional {@code Bearer } prefix removed. */
    static String rawToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // like PocketBase, only the prefix is removed: "Bearer  <token>" is not a token
            return header.substring(7);
        }
        return header;
    }

    /** The caller as the rule engine sees it. */
    RequestInfo info(Context ctx, String context) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT).replace('-', '_'), ctx.req().getHeader(name));
        }
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return new RequestInfo(auth(ctx).map(Tokens.Verified::record).orElse(null), ctx.method().name(), headers, query,
                Map.of(), context, realIp(ctx));
    }

    /**
     * The client's IP: the remote address, or — when {@code trustedProxy.headers} are configured —
     * the first of those headers present (for a list such as X-Forwarded-For, the rightmost entry,
     * or the leftmost with {@code useLeftmostIP}).
     */
    String realIp(Context ctx) {
        dev.basalt.settings.Settings.TrustedProxy proxy = settings.get().trustedProxy();
        if (proxy != null && proxy.headers() != null) {
            for (String name : proxy.headers()) {
                String value = ctx.header(name);
                if (value == null || value.isBlank()) {
                    continue;
                }
                String[] parts = value.split(",");
                String ip = (proxy.useLeftmostIP() ? parts[0] : parts[parts.length - 1]).strip();
                if (!ip.isEmpty()) {
                    return ip;
                }
            }
        }
        String remote = ctx.req().getRemoteAddr();
        return remote == null ? "" : remote;
    }

    /** Requires a superuser: 401 for guests, 403 for other records. */
    void requireSuperuser(Context ctx) {
        Optional<Tokens.Verified> auth = auth(ctx);
        if (auth.isEmpty()) {
            throw ApiException.unauthorized();
        }
        if (!auth.get().record().collection().isSuperusers()) {
            throw new ApiException(ErrorCode.WRONG_AUTH_COLLECTION);
        }
    }

    /** Reads the raw body, failing with 413 when it exceeds {@code limit} bytes. */
    static byte[] bodyBytes(Context ctx, long limit) {
        byte[] cached = ctx.attribute(BODY_ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new ApiException(ErrorCode.BODY_TOO_LARGE);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 1 << 20) : 1024);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    throw new ApiException(ErrorCode.BODY_TOO_LARGE);
                }
                out.write(buffer, 0, n);
            }
            byte[] bytes = out.toByteArray();
            ctx.attribute(BODY_ATTRIBUTE, bytes);
            return bytes;
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, null, null, e);
        }
    }

    /** The body parsed as JSON ({@code null} node when empty); 400 for malformed JSON. */
    static JsonNode jsonBody(Context ctx, long limit) {
        byte[] bytes = bodyBytes(ctx, limit);
        if (bytes.length == 0) {
            return Json.object();
        }
        try {
            return Json.parse(bytes);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, null, null, e);
        }
    }

    /**
     * The body as a map from JSON, URL-encoded forms ({@code true}/{@code false} and numbers are
     * typed as PocketBase infers them) or an empty body. Other content types are refused.
     */
    static Map<String, Object> bodyMap(Context ctx, long limit, String failureMessage) {
        byte[] bytes = bodyBytes(ctx, limit);
        if (bytes.length == 0) {
            return new LinkedHashMap<>();
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return formMap(new String(bytes, StandardCharsets.UTF_8));
        }
        if (!type.isEmpty() && !type.startsWith("application/json")) {
            throw ApiException.badRequest("Unsupported Content-Type.");
        }
        try {
            JsonNode node = Json.parse(bytes);
            if (!node.isObject()) {
                throw ApiException.badRequest(failureMessage);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) Json.toPlain(node);
            return map;
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, failureMessage, null, e);
        }
    }

    static Map<String, Object> formMap(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            Object typed = infer(value);
            if (out.containsKey(key)) {
                Object existing = out.get(key);
                List<Object> list = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(existing));
                list.add(typed);
                out.put(key, list);
            } else {
                out.put(key, typed);
            }
        }
        return out;
    }

    /**
     * The body of a request that may carry files: multipart/form-data (form values typed, files to
     * temporary files, {@code @jsonPayload} merged on top) or anything {@link #bodyMap} accepts.
     */
    static RequestBody body(Context ctx, long limit, String failureMessage) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            return new RequestBody(bodyMap(ctx, limit, failureMessage), Map.of());
        }
        if (ctx.req().getContentLengthLong() > limit) {
            throw new ApiException(ErrorCode.BODY_TOO_LARGE);
        }
        ctx.req().setAttribute("org.eclipse.jetty.multipartConfig",
                new jakarta.servlet.MultipartConfigElement(RequestBody.TEMP_DIR.toString(), -1, limit, 1 << 20));
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, List<dev.basalt.collections.Upload>> files = new LinkedHashMap<>();
        RequestBody body = new RequestBody(data, files);
        try {
            for (jakarta.servlet.http.Part part : ctx.req().getParts()) {
                String name = part.getName();
                if (part.getSubmittedFileName() != null) {
                    files.computeIfAbsent(name, k -> new ArrayList<>()).add(upload(part));
                } else {
                    String value = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (name.equals("@jsonPayload")) {
                        continue;
                    }
                    Object typed = infer(value);
                    Object existing = data.get(name);
                    if (existing == null && !data.containsKey(name)) {
                        data.put(name, typed);
                    } else {
                        List<Object> list = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Arrays.asList(existing));
                        list.add(typed);
                        data.put(name, list);
                    }
                }
            }
            for (jakarta.servlet.http.Part part : ctx.req().getParts()) {
                if (part.getName().equals("@jsonPayload") && part.getSubmittedFileName() == null) {
                    JsonNode payload = Json.parse(part.getInputStream().readAllBytes());
                    if (!payload.isObject()) {
                        throw ApiException.badRequest(failureMessage);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) Json.toPlain(payload);
                    data.putAll(map);
                }
            }
            return body;
        } catch (ApiException e) {
            body.close();
            throw e;
        } catch (IllegalStateException e) {
            body.close();
            closeAfterAnswer(ctx);
            throw new ApiException(ErrorCode.BODY_TOO_LARGE, null, null, e);
        } catch (IOException | jakarta.servlet.ServletException | RuntimeException e) {
            body.close();
            closeAfterAnswer(ctx);
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("exceed") || message.contains("too large") || message.contains("413")) {
                throw new ApiException(ErrorCode.BODY_TOO_LARGE, null, null, e);
            }
            throw new ApiException(ErrorCode.BAD_REQUEST, failureMessage, null, e);
        }
    }

    /**
     * Jetty closes the connection once a request whose multipart body failed to parse completes;
     * saying so in the answer keeps a client from sending its next request on that connection.
     */
    private static void closeAfterAnswer(Context ctx) {
        ctx.header("Connection", "close");
    }

    private static dev.basalt.collections.Upload upload(jakarta.servlet.http.Part part) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile(RequestBody.TEMP_DIR, "upload-", ".part");
        try (InputStream in = part.getInputStream()) {
            java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dev.basalt.files.Uploads.fromTempFile(tmp, part.getSubmittedFileName());
    }

    /** PocketBase's type inference for form values. */
    static Object infer(String value) {
        switch (value) {
            case "" -> {
                return "";
            }
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> { }
        }
        char first = value.charAt(0);
        if ((first == '-' || (first >= '0' && first <= '9')) && NUMBER.matcher(value).matches()) {
            try {
                double d = Double.parseDouble(value);
                // only when the number prints back exactly as sent ("1.50" and "007" stay text)
                if (!Double.isInfinite(d) && plainDecimal(d).equals(value)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // not a number after all
            }
        }
        return value;
    }

    private static String plainDecimal(double d) {
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** Writes a JSON response, applying {@code ?fields=} to 2xx bodies (to each item of a list). */
    static void json(Context ctx, int status, Object body) {
        Object out = body;
        String fields = ctx.queryParam("fields");
        if (fields != null && !fields.isBlank() && status < 300) {
            try {
                if (body instanceof Map<?, ?> map && map.containsKey("items") && map.get("items") instanceof List<?> items) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
                    copy.put("items", Picker.pick(items, fields));
                    out = copy;
                } else {
                    out = Picker.pick(body, fields);
                }
            } catch (Picker.PickerException e) {
                throw ApiException.badRequest(null);
            }
        }
        send(ctx, status, "application/json", Json.writeBytes(out), true);
    }

    static void noContent(Context ctx) {
        send(ctx, 204, null, new byte[0], false);
    }

    /**
     * Sets the whole response body. It is written, with its Content-Length, by {@link CompletionFilter}
     * once the request's handling (error handlers, cleanup of uploads) is over, as Javalin would
     * write a result, but straight to the servlet response: Javalin copies a result through a
     * fresh 32 KiB buffer per request, a third of all allocation on a record view. A later call
     * replaces the body, as {@code ctx.result} does.
     */
    static void send(Context ctx, int status, String contentType, byte[] body, boolean newline) {
        ctx.status(status);
        if (contentType != null) {
            ctx.res().setContentType(contentType);
        }
        if (ctx.resultInputStream() != null) { // a streamed result set earlier (a download that then failed) is replaced
            byte[] whole = newline ? java.util.Arrays.copyOf(body, body.length + 1) : body;
            if (newline) {
                whole[body.length] = '\n';
            }
            ctx.result(whole);
            return;
        }
        ctx.attribute(PENDING_ATTRIBUTE, new Pending(body, newline));
    }

    private record Pending(byte[] body, boolean newline) {}

    /** Writes the body {@link #send} left for this request, if any (called after the servlet). */
    static void writePending(ServletRequest request, ServletResponse response) {
        if (!(request.getAttribute(PENDING_ATTRIBUTE) instanceof Pending pending) || response.isCommitted()) {
            return;
        }
        response.setContentLength(pending.body().length + (pending.newline() ? 1 : 0));
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(pending.body());
            if (pending.newline()) {
                out.write('\n');
            }
        } catch (IOException clientGone) {
            LOG.debug("the client left before the response was written: {}", clientGone.toString());
        }
    }

    /** Whether {@link #send} set this request's response body. */
    static boolean sent(Context ctx) {
        return ctx.attribute(PENDING_ATTRIBUTE) != null;
    }

    /** An integer query parameter; 400 when present but not an integer. */
    static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(null);
        }
    }

    /** A lenient boolean query parameter: Go's ParseBool true values, anything else false. */
    static boolean queryBool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v != null && switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> false;
        };
    }

    /** A boolean query parameter parsed like Go's {@code strconv.ParseBool}; 400 when malformed. */
    static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiException.badRequest(null);
        };
    }
}
