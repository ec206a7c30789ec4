package dev.basalt.auth.oauth2;

import dev.basalt.util.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The authorization-code exchange of golang/oauth2 ({@code internal/token.go RetrieveToken}).
 *
 * <p>Client authentication is auto-detected: HTTP Basic first, and on any failure one retry with
 * {@code client_id}/{@code client_secret} in the form body. The style that worked is remembered
 * per (token URL, client id) for the life of this object, so later logins send one request.
 * Concurrent first logins may both probe; that is harmless.
 */
final class TokenExchange {
    /** golang/oauth2 reads at most 1 MiB of a token response. */
    static final long MAX_BODY = 1 << 20;
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    enum AuthStyle { HEADER, PARAMS }

    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private final ConcurrentMap<String, AuthStyle> styles = new ConcurrentHashMap<>();

    TokenExchange(HttpClient http, Clock clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    TokenResponse exchange(ProviderSettings p, String code, String redirectURL, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code == null ? "" : code);
        if (redirectURL != null && !redirectURL.isEmpty()) {
            form.put("redirect_uri", redirectURL);
        }
        if (p.pkce() && codeVerifier != null && !codeVerifier.isEmpty()) {
            form.put("code_verifier", codeVerifier);
        }
        Deadline deadline = Deadline.after(timeout);
        String[] secrets = {p.clientSecret(), code, codeVerifier};
        String key = p.tokenURL() + "\n" + p.clientId();
        AuthStyle known = styles.get(key);
        if (known != null) {
            return attempt(p, form, known, deadline, secrets);
        }
        TokenResponse token;
        AuthStyle style = AuthStyle.HEADER;
        try {
            token = attempt(p, form, style, deadline, secrets);
        } catch (OAuth2Exception headerFailed) {
            // like golang/oauth2: any failure may mean "wrong client auth style"; the second error wins
            style = AuthStyle.PARAMS;
            token = attempt(p, form, style, deadline, secrets);
        }
        styles.put(key, style);
        return token;
    }

    /** The remembered client authentication style for a token URL and client (tests). */
    AuthStyle rememberedStyle(String tokenURL, String clientId) {
        return styles.get(tokenURL + "\n" + clientId);
    }

    private TokenResponse attempt(ProviderSettings p, Map<String, String> form, AuthStyle style, Deadline deadline,
            String[] secrets) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(p.tokenURL())).timeout(deadline.remaining().plusMillis(1));
        } catch (IllegalArgumentException e) {
            throw new OAuth2Exception(OAuth2Exception.Stage.TOKEN,
                    OAuth2Exception.redact("invalid token URL " + p.tokenURL(), secrets));
        }
        if (style == AuthStyle.HEADER) {
            // RFC 6749 §2.3.1: both parts are form-encoded before they are joined
            String credentials = GoQuery.escape(p.clientId()) + ":" + GoQuery.escape(p.clientSecret());
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", p.clientId());
            if (!p.clientSecret().isEmpty()) {
                body.put("client_secret", p.clientSecret());
            }
        }
        request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(GoQuery.encode(body)));
        String where = OAuth2Exception.redact(p.tokenURL(), secrets);
        HttpCalls.Reply reply = HttpCalls.send(http, request.build(), MAX_BODY, deadline, OAuth2Exception.Stage.TOKEN,
                "token request to " + where);
        Map<String, Object> raw = parse(reply, where);
        if (reply.status() < 200 || reply.status() > 299) {
            String error = raw.get("error") instanceof String s && ERROR_CODE.matcher(s).matches() ? ": " + s : "";
            throw new OAuth2Exception(OAuth2Exception.Stage.TOKEN, OAuth2Exception.redact(
                    "failed to fetch OAuth2 token via " + where + " (" + reply.status() + ")" + error, secrets));
        }
        String accessToken = raw.get("access_token") instanceof String s ? s : "";
        if (accessToken.isEmpty()) {
            throw new OAuth2Exception(OAuth2Exception.Stage.TOKEN, "token response from " + where + " has no access_token");
        }
        long expiresIn = Math.min(seconds(raw.get("expires_in")), Integer.MAX_VALUE);
        Instant expiry = expiresIn == 0 ? null : clock.instant().plusSeconds(expiresIn);
        return new TokenResponse(accessToken, string(raw.get("token_type")), string(raw.get("refresh_token")), expiry,
                string(raw.get("id_token")), raw);
    }

    /** The body as a map: form-encoded for those media types (GitHub's default), else JSON; {} if unreadable. */
    private static Map<String, Object> parse(HttpCalls.Reply reply, String where) {
        String text = new String(reply.body(), StandardCharsets.UTF_8);
        String type = reply.mediaType();
        try {
            if (type.equals("application/x-www-form-urlencoded") || type.equals("text/plain")) {
                return new LinkedHashMap<>(GoQuery.parse(text));
            }
            JsonNode node = Json.parse(text);
            if (node.isObject() && Json.toPlain(node) instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) map;
                return plain;
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // the parser's message may quote the body; it is dropped on purpose
            if (reply.status() >= 200 && reply.status() <= 299) {
                throw new OAuth2Exception(OAuth2Exception.Stage.TOKEN, "unreadable token response from " + where);
            }
        }
        return Map.of();
    }

    /** {@code expires_in} as golang/oauth2 reads it: a JSON number or numeric string; 0 otherwise. */
    private static long seconds(Object value) {
        try {
            if (value instanceof Long l) {
                return l;
            }
            if (value instanceof BigDecimal d) {
                return d.longValueExact();
            }
            if (value instanceof String s && !s.isEmpty()) {
                return Long.parseLong(s.trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : "";
    }
}
