package dev.basalt.rest;

import dev.basalt.auth.Tokens;
import dev.basalt.error.ApiException;
import dev.basalt.files.ContentTypes;
import dev.basalt.files.Storage;
import dev.basalt.files.StoredObject;
import dev.basalt.records.FileDownloads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET|HEAD /api/files/{collection}/{record}/{filename}} and {@code POST /api/files/token}:
 * serves stored files with Range and conditional requests, PocketBase's security headers
 * (sandboxing CSP, nosniff, attachment unless the type is on the inline allow-list).
 */
final class FileRoutes {
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final Map<String, String> FORCED_TYPES = Map.of(
            ".svg", "image/svg+xml", ".css", "text/css", ".js", "text/javascript", ".mjs", "text/javascript",
            ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    private final Supplier<FileDownloads> downloads;
    private final Supplier<Storage> storage;
    private final Http http;

    FileRoutes(Supplier<FileDownloads> downloads, Supplier<Storage> storage, Http http) {
        this.downloads = downloads;
        this.storage = storage;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/files/{collection}/{record}/{filename}", this::download);
        routes.head("/api/files/{collection}/{record}/{filename}", this::download);
        routes.post("/api/files/token", this::token);
    }

    private void token(Context ctx) {
        Tokens.Verified auth = http.auth(ctx).orElseThrow(ApiException::unauthorized);
        Http.json(ctx, 200, Map.of("token", downloads.get().fileToken(auth.record())));
    }

    private void download(Context ctx) {
        FileDownloads.Download d = downloads.get().resolve(ctx.pathParam("collection"), ctx.pathParam("record"),
                ctx.pathParam("filename"), ctx.queryParam("thumb"), ctx.queryParam("token"), http.info(ctx, "protectedFile"));
        StoredObject o = d.object();
        String stored = o.contentType().isEmpty() ? "application/octet-stream" : o.contentType();
        boolean forceAttachment = Http.queryBool(ctx, "download");
        String disposition = !forceAttachment && ContentTypes.INLINE_EXACT.contains(stored) ? "inline" : "attachment";
        String key = d.key();
        int dot = key.lastIndexOf('.');
        String ext = dot >= 0 && dot > key.lastIndexOf('/') ? key.substring(dot) : "";
        ctx.res().setHeader("X-Frame-Options", null);
        ctx.header("Content-Disposition", disposition + "; filename=" + goQuote(d.name()));
        ctx.header("Content-Type", FORCED_TYPES.getOrDefault(ext, stored));
        ctx.header("Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
        ctx.header("Cache-Control", "max-age=2592000, stale-while-revalidate=86400");
        ctx.header("Accept-Ranges", "bytes");
        Instant modified = o.modified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (modified.getEpochSecond() > 0) {
            ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(modified, ZoneOffset.UTC)));
        }
        Optional<Instant> ims = httpDate(ctx.header("If-Modified-Since"));
        if (ims.isPresent() && !modified.isAfter(ims.get())) {
            ctx.res().setHeader("Content-Type", null);
            ctx.status(304);
            return;
        }
        Optional<Instant> ius = httpDate(ctx.header("If-Unmodified-Since"));
        if (ius.isPresent() && modified.isAfter(ius.get())) {
            ctx.status(412);
            return;
        }
        long size = o.size();
        long start = 0;
        long length = size;
        int status = 200;
        String range = ctx.header("Range");
        Optional<Instant> ifRange = httpDate(ctx.header("If-Range"));
        boolean rangeApplies = range != null && (ctx.header("If-Range") == null || (ifRange.isPresent() && !modified.isAfter(ifRange.get())));
        if (rangeApplies) {
            Matcher m = RANGE.matcher(range.strip());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    long suffix = Long.parseLong(m.group(2));
                    start = Math.max(0, size - suffix);
                    length = size - start;
                } else {
                    start = Long.parseLong(m.group(1));
                    long end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                    length = end - start + 1;
                }
                if (start >= size || length <= 0) {
                    ctx.res().setHeader("Content-Type", null);
                    ctx.header("Content-Range", "bytes */" + size);
                    ctx.status(416).contentType("text/plain; charset=utf-8").result("invalid range: failed to overlap\n");
                    return;
                }
                status = 206;
                ctx.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
            }
        }
        ctx.status(status);
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        InputStream in = storage.get().open(key, start, length);
        ctx.result(in);
    }

    private static Optional<Instant> httpDate(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Go's strconv.Quote for file names: quotes, escapes {@code "} and {@code \} and control characters. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
