package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.TestServer;
import dev.basalt.testkit.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A view by id under an open rule reuses its SQL across requests (rendered once per collection
 * definition): it must follow every change of the definition and still return the record asked for.
 */
class ViewByIdIT {
    @Test
    void aPublicViewFollowsSchemaAndRuleChanges() {
        try (TestServer server = TestServer.fixture()) {
            followsChanges(server);
        }
    }

    static void followsChanges(TestServer server) {
        String su = server.superuserToken();
        Response created = server.send("POST", "/api/collections", su, """
                {"name":"notes","type":"base","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"}]}""", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String a = create(server, "notes", "{\"title\":\"a\"}");
        String b = create(server, "notes", "{\"title\":\"b\"}");
        assertThat(title(server, "notes", a, null)).isEqualTo("a");
        assertThat(title(server, "notes", b, null)).isEqualTo("b");
        assertThat(server.get("/api/collections/notes/records/nothere12345678", null).status()).isEqualTo(404);

        Response added = server.send("PATCH", "/api/collections/notes", su, """
                {"fields":[{"name":"title","type":"text"},{"name":"score","type":"number"}]}""", Map.of());
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(server.send("PATCH", "/api/collections/notes/records/" + a, su, "{\"score\":7}", Map.of()).status()).isEqualTo(200);
        assertThat(server.get("/api/collections/notes/records/" + a, null).json().get("score").asInt()).isEqualTo(7);

        assertThat(server.send("PATCH", "/api/collections/notes", su, "{\"name\":\"memos\"}", Map.of()).status()).isEqualTo(200);
        assertThat(title(server, "memos", b, null)).isEqualTo("b");
        assertThat(server.get("/api/collections/notes/records/" + b, null).status()).isEqualTo(404);

        assertThat(server.send("PATCH", "/api/collections/memos", su, "{\"viewRule\":\"title = 'a'\"}", Map.of()).status()).isEqualTo(200);
        assertThat(server.get("/api/collections/memos/records/" + b, null).status()).isEqualTo(404);
        assertThat(title(server, "memos", a, null)).isEqualTo("a");
        assertThat(title(server, "memos", b, su)).as("superusers are not bound by the rule").isEqualTo("b");

        assertThat(server.send("PATCH", "/api/collections/memos", su, "{\"viewRule\":\"\"}", Map.of()).status()).isEqualTo(200);
        assertThat(title(server, "memos", b, null)).isEqualTo("b");
    }

    static String create(TestServer server, String collection, String json) {
        Response r = server.send("POST", "/api/collections/" + collection + "/records", server.superuserToken(), json, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    static String title(TestServer server, String collection, String id, String token) {
        Response r = server.get("/api/collections/" + collection + "/records/" + id, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(id);
        return r.json().get("title").asString();
    }
}
