package dev.basalt.rest;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Schema;
import dev.basalt.ratelimit.RateLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate-limit labels of a REST request, as PocketBase names them: collection routes carry
 * {@code <collection>:<tag>} and {@code *:<tag>} labels (records: list, view, create, update,
 * delete; auth routes: e.g. {@code authWithPassword} and {@code auth}) and count per collection and
 * route; every request also carries {@code "<METHOD> <path>"} and {@code "<path>"}.
 */
final class RateLimitLabels {
    private static final Pattern COLLECTION_ROUTE = Pattern.compile("^/api/collections/([^/]+)/([^/]+)(?:/([^/]+))?/?$");
    private static final Map<String, List<String>> AUTH_TAGS = Map.ofEntries(
            Map.entry("GET auth-methods", List.of("listAuthMethods")),
            Map.entry("POST auth-refresh", List.of("authRefresh")),
            Map.entry("POST auth-with-password", List.of("authWithPassword", "auth")),
            Map.entry("POST auth-with-oauth2", List.of("authWithOAuth2", "auth")),
            Map.entry("POST request-otp", List.of("requestOTP")),
            Map.entry("POST auth-with-otp", List.of("authWithOTP", "auth")),
            Map.entry("POST request-password-reset", List.of("requestPasswordReset")),
            Map.entry("POST confirm-password-reset", List.of("confirmPasswordReset")),
            Map.entry("POST request-verification", List.of("requestVerification")),
            Map.entry("POST confirm-verification", List.of("confirmVerification")),
            Map.entry("POST request-email-change", List.of("requestEmailChange")),
            Map.entry("POST confirm-email-change", List.of("confirmEmailChange")));

    private RateLimitLabels() {}

    static RateLimits.Request of(String method, String path, Schema schema, boolean authenticated, boolean superuser, String ip) {
        List<String> labels = new ArrayList<>();
        String scope = "";
        Matcher m = COLLECTION_ROUTE.matcher(path);
        if (m.matches()) {
            Optional<Collection> c = schema.find(m.group(1));
            List<String> tags = tags(method, m.group(2), m.group(3) != null);
            if (c.isPresent() && !tags.isEmpty()) {
                tags.forEach(t -> labels.add(c.get().name() + ":" + t));
                tags.forEach(t -> labels.add("*:" + t));
                scope = c.get().id() + " " + method + " " + m.group(2) + (m.group(3) != null ? "/{id}" : "") + " " + String.join(",", tags);
            }
        }
        labels.add(method + " " + path);
        labels.add(path);
        return new RateLimits.Request(labels, scope, authenticated, superuser, ip);
    }

    private static List<String> tags(String method, String route, boolean withId) {
        if (route.equals("records")) {
            return switch (method + (withId ? " id" : "")) {
                case "GET" -> List.of("list");
                case "POST" -> List.of("create");
                case "GET id" -> List.of("view");
                case "PATCH id" -> List.of("update");
                case "DELETE id" -> List.of("delete");
                default -> List.of();
            };
        }
        return withId ? List.of() : AUTH_TAGS.getOrDefault(method + " " + route, List.of());
    }
}
