package dev.basalt.records;

import java.util.Map;

/**
 * Everything about the caller that rules and actions may look at (PocketBase's RequestInfo):
 * the authenticated record (null for guests), the method, headers (lower-cased, dashes to
 * underscores), query parameters, the submitted body (after modifiers) and the context
 * ({@code default}, {@code password}, {@code oauth2}, {@code otp}, {@code realtime}, {@code protectedFile},
 * {@code expand}, {@code batch}) and the client's IP address (behind trusted proxies, the forwarded one).
 */
public record RequestInfo(
        Record auth,
        String method,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, Object> body,
        String context,
        String ip) {

    public RequestInfo {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        body = body == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
        ip = ip == null ? "" : ip;
    }

    /** A guest request with no headers, query or body. */
    public static RequestInfo guest(String method) {
        return new RequestInfo(null, method, Map.of(), Map.of(), Map.of(), "default", "");
    }

    /** True when the caller is a superuser: superusers bypass every rule. */
    public boolean isSuperuser() {
        return auth != null && auth.collection().isSuperusers();
    }

    /** True when a record is authenticated. */
    public boolean isAuthenticated() {
        return auth != null;
    }

    /** This request with another body (the create/update body after modifiers). */
    public RequestInfo withBody(Map<String, Object> newBody) {
        return new RequestInfo(auth, method, headers, query, newBody, context, ip);
    }

    /** This request in another context. */
    public RequestInfo withContext(String newContext) {
        return new RequestInfo(auth, method, headers, query, body, newContext, ip);
    }

    /** The User-Agent header ("" when absent). */
    public String userAgent() {
        return headers.getOrDefault("user_agent", "");
    }

    /** This request with other query parameters (a batch sub-request's URL). */
    public RequestInfo withQuery(Map<String, String> newQuery) {
        return new RequestInfo(auth, method, headers, newQuery, Map.of(), context, ip);
    }

    /** This request with another authenticated record. */
    public RequestInfo withAuth(Record newAuth) {
        return new RequestInfo(newAuth, method, headers, query, body, context, ip);
    }
}
