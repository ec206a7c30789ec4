package dev.basalt.rest;

import dev.basalt.collections.Upload;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.records.BatchFailure;
import dev.basalt.records.BatchOp;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordExport;
import dev.basalt.records.RequestInfo;
import dev.basalt.settings.Settings;
import dev.basalt.settings.SettingsService;
import dev.basalt.util.Picker;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/batch}: decodes the batch (JSON or multipart with {@code @jsonPayload} and
 * {@code requests.N.field} files) into record operations and runs them through
 * {@link RecordActions#batch} in one transaction — the same actions REST calls, no re-dispatch.
 */
final class BatchRoutes {
    private static final Pattern UPSERT = Pattern.compile("^PUT /api/collections/([^/?]+)/records(\\?.*)?$");
    private static final Pattern CREATE = Pattern.compile("^POST /api/collections/([^/?]+)/records(\\?.*)?$");
    private static final Pattern UPDATE = Pattern.compile("^PATCH /api/collections/([^/?]+)/records/([^/?]+)(\\?.*)?$");
    private static final Pattern DELETE = Pattern.compile("^DELETE /api/collections/([^/?]+)/records/([^/?]+)(\\?.*)?$");
    private static final Pattern FILE_KEY = Pattern.compile("^requests(?:\\.(\\d+)|\\[(\\d+)])\\.(.+)$");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final Supplier<RecordActions> records;
    private final Supplier<SettingsService> settings;
    private final Http http;

    BatchRoutes(Supplier<RecordActions> records, Supplier<SettingsService> settings, Http http) {
        this.records = records;
        this.settings = settings;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/batch", this::batch);
    }

    private void batch(Context ctx) {
        Settings.Batch config = settings.get().current().batch();
        if (!config.enabled() || config.maxRequests() <= 0) {
            throw ApiException.forbidden("Batch requests are not allowed.");
        }
        long limit = config.maxBodySize() <= 0 ? 128L << 20 : config.maxBodySize();
        Duration timeout = Duration.ofSeconds(config.timeout() <= 0 ? 3 : config.timeout());
        RequestInfo info = http.info(ctx, "batch");
        try (RequestBody body = Http.body(ctx, limit, "Failed to read the submitted batch data.")) {
            List<Map<String, Object>> requests = requests(body.data(), config.maxRequests());
            Map<Integer, Map<String, List<Upload>>> files = files(body.files());
            List<BatchOp> ops = new ArrayList<>();
            List<Map<String, String>> queries = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                Map<String, Object> r = requests.get(i);
                String url = String.valueOf(r.get("url"));
                Map<String, String> query = query(url);
                queries.add(query);
                ops.add(op(String.valueOf(r.get("method")).toUpperCase(java.util.Locale.ROOT) + " " + url, body(r),
                        files.getOrDefault(i, Map.of()), query));
            }
            List<RecordActions.BatchResult> results;
            try {
                results = records.get().batch(ops, info, timeout);
            } catch (BatchFailure f) {
                throw failure(f);
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                RecordActions.BatchResult result = results.get(i);
                Map<String, Object> item = new LinkedHashMap<>();
                Object value = null;
                if (result.record() != null) {
                    Record record = result.record();
                    records.get().expand(List.of(record), queries.get(i).get("expand"), info);
                    value = RecordExport.forCaller(record, info, records.get().managed(List.of(record), info));
                    String fields = queries.get(i).get("fields");
                    if (fields != null && !fields.isBlank()) {
                        value = Picker.pick(value, fields);
                    }
                }
                item.put("body", value);
                item.put("status", result.status());
                out.add(item);
            }
            Http.json(ctx, 200, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> requests(Map<String, Object> data, int max) {
        Object raw = data.get("requests");
        if (raw != null && !(raw instanceof List<?>)) {
            throw ApiException.badRequest("Failed to read the submitted batch data.");
        }
        List<Object> list = raw == null ? List.of() : (List<Object>) raw;
        Map<String, Object> errors = new TreeMap<>();
        if (list.isEmpty()) {
            errors.put("requests", FieldError.of("validation_required", "Cannot be blank."));
        } else if (list.size() > max) {
            errors.put("requests", FieldError.of("validation_length_too_long", "The length must be no more than " + max + ".",
                    "max", max, "min", 0));
        }
        Map<String, Object> itemErrors = new TreeMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> item = list.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Map<String, Object> e = new TreeMap<>();
            Object method = item.get("method");
            if (method == null || method.toString().isEmpty()) {
                e.put("method", FieldError.of("validation_required", "Cannot be blank."));
            } else if (!METHODS.contains(method.toString())) {
                e.put("method", FieldError.of("validation_in_invalid", "Must be a valid value."));
            }
            Object url = item.get("url");
            if (url == null || url.toString().isEmpty()) {
                e.put("url", FieldError.of("validation_required", "Cannot be blank."));
            } else if (url.toString().length() > 2000) {
                e.put("url", FieldError.of("validation_length_too_long", "The length must be no more than 2000.", "max", 2000, "min", 0));
            }
            if (!e.isEmpty()) {
                itemErrors.put(String.valueOf(i), e);
            }
            out.add(item);
        }
        if (!itemErrors.isEmpty() && !errors.containsKey("requests")) {
            errors.put("requests", itemErrors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "Invalid batch request data.", errors);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> request) {
        return request.get("body") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    private static Map<Integer, Map<String, List<Upload>>> files(Map<String, List<Upload>> parts) {
        Map<Integer, Map<String, List<Upload>>> out = new LinkedHashMap<>();
        parts.forEach((name, uploads) -> {
            Matcher m = FILE_KEY.matcher(name);
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                out.computeIfAbsent(index, k -> new LinkedHashMap<>()).computeIfAbsent(m.group(3), k -> new ArrayList<>()).addAll(uploads);
            }
        });
        return out;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the parameter is skipped, as Go's url.ParseQuery skips it
            }
        }
        return out;
    }

    private static BatchOp op(String line, Map<String, Object> body, Map<String, List<Upload>> files, Map<String, String> query) {
        Matcher m = UPSERT.matcher(line);
        if (m.matches()) {
            return new BatchOp.Upsert(segment(m.group(1)), body, files, query);
        }
        m = CREATE.matcher(line);
        if (m.matches()) {
            return new BatchOp.Create(segment(m.group(1)), body, files, query);
        }
        m = UPDATE.matcher(line);
        if (m.matches()) {
            return new BatchOp.Update(segment(m.group(1)), segment(m.group(2)), body, files, query);
        }
        m = DELETE.matcher(line);
        if (m.matches()) {
            return new BatchOp.Delete(segment(m.group(1)), segment(m.group(2)), query);
        }
        return new BatchOp.Unknown(line);
    }

    /** A percent-decoded path segment (the SDK encodes collection names with encodeURIComponent). */
    private static String segment(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a malformed escape names no collection: the action fails with 404
        }
    }

    private static ApiException failure(BatchFailure f) {
        if (f.index() < 0) {
            return new ApiException(ErrorCode.BAD_REQUEST, "Batch transaction failed.", null, f);
        }
        ApiException e = f.error();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", e.data());
        response.put("message", e.getMessage());
        response.put("status", ErrorResponses.status(e.code().category()));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", "batch_request_failed");
        item.put("message", "Batch request failed.");
        item.put("response", response);
        return new ApiException(ErrorCode.BAD_REQUEST, "Batch transaction failed.",
                Map.of("requests", Map.of(String.valueOf(f.index()), item)), f);
    }
}
