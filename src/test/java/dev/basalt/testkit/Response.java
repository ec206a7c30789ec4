package dev.basalt.testkit;

import dev.basalt.util.Json;
import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** An HTTP response seen by a test. */
public record Response(int status, String body, HttpHeaders headers) {
    /** The body parsed as JSON. */
    public JsonNode json() {
        return Json.parse(body);
    }

    /** A header value, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
