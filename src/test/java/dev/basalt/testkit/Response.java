package dev.basalt.testkit;

import dev.basalt.util.Json;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** An HTTP response seen by a test: status, raw body bytes and headers. */
public record Response(int status, byte[] bytes, HttpHeaders headers) {
    /** The body as UTF-8 text. */
    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        return Json.parse(body());
    }

    /** A header value, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
