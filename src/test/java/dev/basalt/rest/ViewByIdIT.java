package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.TestServer;
import dev.basalt.testkit.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A view by id under an open rule reuses its SQL across requests (rendered once per collection
 * definition): it must follow every change of the definition and still return the record asked for.
 */
class ViewByIdIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.fixture();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPublicViewFollowsSchemaAndRuleChanges() {
        String su = server.superuserToken();
        Response created = server.send("POST", "/api/collections", su, """
                {"name":"notes","type":"base","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"}]}""", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String a = create("notes", "{\"title\":\"a\"}");
        String b = create("notes", "{\"title\":\"b\"}");
        assertThat(title("notes", a, null)).isEqualTo("a");
        assertThat(title("notes", b, null)).isEqualTo("b");
        assertThat(server.get("/api/collections/notes/records/nothere12345678", null).status()).isEqualTo(404);

        Response added = server.send("PATCH", "/api/collections/notes", su, """
                {"fields":[{"name":"title","type":"text"},{"name":"score","type":"number"}]}""", Map.of());
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(server.send("PATCH", "/api/collections/notes/records/" + a, su, "{\"score\":7}", Map.of()).status()).isEqualTo(200);
        assertThat(server.get("/api/collections/notes/records/" + a, null).json().get("score").asInt()).isEqualTo(7);

        assertThat(server.send("PATCH", "/api/collections/notes", su, "{\"name\":\"memos\"}", Map.of()).status()).isEqualTo(200);
        assertThat(title("memos", b, null)).isEqualTo("b");
        assertThat(server.get("/api/collections/notes/records/" + b, null).status()).isEqualTo(404);

        assertThat(server.send("PATCH", "/api/collections/memos", su, "{\"viewRule\":\"title = 'a'\"}", Map.of()).status()).isEqualTo(200);
        assertThat(server.get("/api/collections/memos/records/" + b, null).status()).isEqualTo(404);
        assertThat(title("memos", a, null)).isEqualTo("a");
        assertThat(title("memos", b, su)).as("superusers are not bound by the rule").isEqualTo("b");

        assertThat(server.send("PATCH", "/api/collections/memos", su, "{\"viewRule\":\"\"}", Map.of()).status()).isEqualTo(200);
        assertThat(title("memos", b, null)).isEqualTo("b");
    }

    static String create(String collection, String json) {
        Response r = server.send("POST", "/api/collections/" + collection + "/records", server.superuserToken(), json, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    static String title(String collection, String id, String token) {
        Response r = server.get("/api/collections/" + collection + "/records/" + id, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(id);
        return r.json().get("title").asString();
    }
}
