package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code rateLimits} settings: labels, audiences, prefixes, exclusions, and Basalt's defaults for new data directories. */
class RateLimitsIT {
    static final String TOO_MANY = "{\"data\":{},\"message\":\"Too Many Requests.\",\"status\":429}";

    static void limits(TestServer s, String rules, String excluded) {
        Response r = s.send("PATCH", "/api/settings", s.superuserToken(),
                "{\"rateLimits\":{\"enabled\":true,\"excludedIPs\":" + excluded + ",\"rules\":" + rules + "}}", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static List<Integer> statuses(TestServer s, int n, String method, String path, String token, String body) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.send(method, path, token, body, Map.of()).status());
        }
        return out;
    }

    @Test
    void collectionTagsAudiencesAndPrefixes() {
        try (TestServer s = TestServer.fixture()) {
            limits(s, """
                    [{"label":"demo2:list","audience":"@guest","duration":60,"maxRequests":2},
                     {"label":"*:view","audience":"","duration":60,"maxRequests":1},
                     {"label":"/api/health","audience":"","duration":60,"maxRequests":3},
                     {"label":"/api/collections/demo3/","audience":"","duration":60,"maxRequests":1}]""", "[]");
            assertThat(statuses(s, 3, "GET", "/api/collections/demo2/records", null, null)).containsExactly(200, 200, 429);
            Response limited = s.get("/api/collections/demo2/records", null);
            assertThat(limited.body()).isEqualTo(TOO_MANY);
            String user = s.token("users", "test@example.com");
            assertThat(statuses(s, 3, "GET", "/api/collections/demo2/records", user, null))
                    .as("the rule is for guests only").containsOnly(200);
            assertThat(statuses(s, 3, "GET", "/api/collections/demo2/records", s.superuserToken(), null))
                    .as("superusers are never limited").containsOnly(200);

            assertThat(statuses(s, 2, "GET", "/api/collections/demo2/records/llvuca81nly1qls", null, null)).containsExactly(200, 429);
            assertThat(s.get("/api/collections/demo2/records/achvryl401bhse3", null).status())
                    .as("counted per collection and route, not per record").isEqualTo(429);
            assertThat(statuses(s, 4, "GET", "/api/health", null, null)).containsExactly(200, 200, 200, 429);
            assertThat(statuses(s, 2, "GET", "/api/collections/demo3/records", null, null))
                    .as("a label ending in / covers the paths below it").containsExactly(200, 429);

            limits(s, "[{\"label\":\"/api/health\",\"audience\":\"\",\"duration\":60,\"maxRequests\":1}]", "[]");
            assertThat(statuses(s, 2, "GET", "/api/health", null, null)).as("new settings, new counters").containsExactly(200, 429);
            limits(s, "[{\"label\":\"/api/health\",\"audience\":\"\",\"duration\":60,\"maxRequests\":1}]", "[\"127.0.0.0/8\"]");
            assertThat(statuses(s, 3, "GET", "/api/health", null, null)).as("excluded IPs").containsOnly(200);
        }
    }

    @Test
    void newDataDirectoriesLimitAuthEndpointsByDefault() {
        try (TestServer s = TestServer.empty()) {
            String body = "{\"identity\":\"nobody@example.com\",\"password\":\"wrong-password\"}";
            List<Integer> logins = statuses(s, 3, "POST", "/api/collections/_superusers/auth-with-password", null, body);
            assertThat(logins).containsExactly(400, 400, 429);
            assertThat(s.basalt().settings().current().rateLimits().enabled()).isTrue();
            assertThat(statuses(s, 5, "GET", "/api/health", null, null)).as("only auth endpoints are limited").containsOnly(200);
        }
    }

    @Test
    void invalidRulesAreRejected() {
        try (TestServer s = TestServer.fixture()) {
            Response r = s.send("PATCH", "/api/settings", s.superuserToken(),
                    "{\"rateLimits\":{\"enabled\":true,\"rules\":[{\"label\":\"not a label!\",\"duration\":0,\"maxRequests\":0}]}}", Map.of());
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("\"rateLimits\":{\"rules\":{\"0\":{");
        }
    }
}
