package dev.basalt.auth.oauth2;

import dev.basalt.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the per-provider classes share: authenticated GETs against the provider's APIs, the id_token
 * checks, and turning extracted fields into an {@link AuthUser}. One instance serves one
 * {@code fetchUser} call, so all its requests share one deadline.
 */
final class ProfileClient {
    /** Profiles are small; this only stops a hostile endpoint from filling the heap. */
    static final long MAX_BODY = 4L << 20;

    final Clock clock;
    final Duration leeway;
    private final HttpClient http;
    private final Deadline deadline;

    ProfileClient(HttpClient http, Clock clock, Duration leeway, Deadline deadline) {
        this.http = http;
        this.clock = clock;
        this.leeway = leeway;
        this.deadline = deadline;
    }

    /** GET with the token's {@code Authorization} header; any status is returned. */
    HttpCalls.Reply get(String url, TokenResponse token) {
        HttpRequest.Builder request = request(url);
        if (token != null) {
            request.header("Authorization", token.authorizationScheme() + " " + token.accessToken());
        }
        return HttpCalls.send(http, request.GET().build(), MAX_BODY, deadline, OAuth2Exception.Stage.USER,
                "request to " + url);
    }

    /** The user-info document: a status of 400 or more, or a body that is not a JSON object, fails. */
    JsonNode profile(String url, TokenResponse token) {
        HttpCalls.Reply reply = get(url, token);
        if (reply.status() >= 400) {
            throw fail("failed to fetch OAuth2 user profile via " + url + " (" + reply.status() + ")");
        }
        JsonNode node = json(reply, url);
        if (!node.isObject()) {
            throw fail("OAuth2 user profile from " + url + " is not a JSON object");
        }
        return node;
    }

    /** The body as JSON (any shape). */
    static JsonNode json(HttpCalls.Reply reply, String url) {
        try {
            return Json.parse(reply.body());
        } catch (JacksonException e) {
            // no cause: the parser's message may quote the body
            throw fail("invalid JSON from " + url);
        }
    }

    /** The claims of a validated id_token (see {@link IdTokens}). */
    Map<String, Object> idTokenClaims(String idToken, IdTokens.Rules rules) {
        return IdTokens.claims(idToken, clock.instant(), leeway, rules);
    }

    /** Verifies an id_token's signature against the key set at {@code jwksURL}. */
    void verifySignature(String idToken, String jwksURL) {
        Jwks.verify(idToken, jwksURL, url -> get(url, null));
    }

    /** Assembles the user; the token fields come from {@code token}. */
    static AuthUser user(Map<String, Object> raw, String id, String name, String username, String email, String avatarURL,
            TokenResponse token) {
        return new AuthUser(id, name, username, email, avatarURL, raw, token.accessToken(), token.refreshToken(),
                token.expiry());
    }

    /** A JSON node as plain Java values (objects become ordered maps). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(JsonNode node) {
        return Json.toPlain(node) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A string field, or "" when absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : "";
    }

    /** A string entry of a claims map, or "" when absent or not a string. */
    static String text(Map<String, Object> claims, String field) {
        return claims.get(field) instanceof String s ? s : "";
    }

    /** True only for a JSON {@code true} (providers that declare a boolean). */
    static boolean isTrue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /** An integral id (GitHub, GitLab) as its decimal string. */
    static String numericId(JsonNode node) {
        JsonNode value = node.get("id");
        if (value == null || !value.isIntegralNumber()) {
            throw fail("the profile has no numeric id");
        }
        return value.bigIntegerValue().toString();
    }

    static OAuth2Exception fail(String message) {
        return new OAuth2Exception(OAuth2Exception.Stage.USER, message);
    }

    private static HttpRequest.Builder request(String url) {
        try {
            return HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw fail("invalid URL " + url);
        }
    }
}
