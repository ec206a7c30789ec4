package dev.basalt.realtime;

import dev.basalt.util.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One subscription exactly as a client submitted it ({@code raw}, also the SSE event name), with
 * its topic (the part before {@code ?}) and PocketBase's {@code ?options={"query":{},"headers":{}}}.
 *
 * <p>Guarantees: never fails on odd input: unreadable options are ignored (PocketBase does the
 * same). Option values are strings (JSON strings unquoted, anything else as its JSON text);
 * header names are lower-cased with {@code -} as {@code _}, as {@code @request.headers.*} sees them.
 */
record Subscription(String raw, String topic, Map<String, String> query, Map<String, String> headers) {

    static Subscription parse(String raw) {
        int q = raw.indexOf('?');
        String topic = q < 0 ? raw : raw.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        String options = q < 0 ? null : queryParam(raw.substring(q + 1), "options");
        if (options != null && !options.isEmpty()) {
            try {
                JsonNode node = Json.parse(options);
                copy(node.path("query"), query, false);
                copy(node.path("headers"), headers, true);
            } catch (RuntimeException e) {
                // like PocketBase: a subscription with unreadable options has none
            }
        }
        return new Subscription(raw, topic, Map.copyOf(query), Map.copyOf(headers));
    }

    private static void copy(JsonNode from, Map<String, String> to, boolean headerNames) {
        if (!from.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            String key = headerNames ? e.getKey().toLowerCase(Locale.ROOT).replace('-', '_') : e.getKey();
            JsonNode v = e.getValue();
            to.put(key, v.isString() ? v.asString() : v.toString());
        }
    }

    private static String queryParam(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    String option(String name) {
        return query.getOrDefault(name, "");
    }
}
