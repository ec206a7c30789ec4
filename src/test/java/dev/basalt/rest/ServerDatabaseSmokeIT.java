package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.collections.PasswordValue;
import dev.basalt.records.Record;
import dev.basalt.store.Dialect;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.ServerDatabase;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Basalt on a fresh PostgreSQL or MariaDB database: it creates its system tables and collections,
 * and the collections and records APIs work for plain fields. (The full scenario matrix on every
 * database is issue 4's goal; this is the first slice of it.)
 */
class ServerDatabaseSmokeIT {

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void collectionsAndRecordsOnAServer(Dialect dialect) {
        try (ServerDatabase scratch = ServerDatabase.create(dialect);
                TestServer s = TestServer.empty(c -> c.withDbUrl(scratch.userUrl()))) {
            Record admin = Record.create(s.basalt().collections().require("_superusers"));
            admin.set("email", "admin@example.com");
            admin.set("password", PasswordValue.ofPlain("admin-password-1"));
            admin.set("verified", true);
            s.basalt().records().save(admin);
            String su = s.token("_superusers", "admin@example.com");

            Response login = s.send("POST", "/api/collections/_superusers/auth-with-password", null,
                    "{\"identity\":\"admin@example.com\",\"password\":\"admin-password-1\"}", Map.of());
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            Response settings = s.send("PATCH", "/api/settings", su, "{\"meta\":{\"appName\":\"On " + dialect + "\"}}", Map.of());
            assertThat(settings.status()).as(settings.body()).isEqualTo(200);
            assertThat(s.get("/api/settings", su).json().at("/meta/appName").asString()).isEqualTo("On " + dialect);

            Response created = s.send("POST", "/api/collections", su, Json.write(Map.of("name", "notes", "type", "base",
                    "listRule", "", "viewRule", "", "createRule", "", "updateRule", "", "deleteRule", "",
                    "fields", List.of(Map.of("name", "title", "type", "text"), Map.of("name", "n", "type", "number"),
                            Map.of("name", "done", "type", "bool")))), Map.of());
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            for (int i = 1; i <= 3; i++) {
                Response r = s.send("POST", "/api/collections/notes/records", null,
                        Json.write(Map.of("id", "note0000000000" + i, "title", "note " + i, "n", i * 10, "done", i != 2)), Map.of());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            Response list = s.get("/api/collections/notes/records?sort=-n", null);
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertThat(list.json().get("totalItems").asInt()).isEqualTo(3);
            assertThat(list.json().at("/items/0/title").asString()).isEqualTo("note 3");
            Response filtered = s.get("/api/collections/notes/records?filter=" + java.net.URLEncoder.encode("n > 10 && done = true",
                    java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
            assertThat(filtered.json().get("items").size()).isEqualTo(1);
            assertThat(filtered.json().at("/items/0/id").asString()).isEqualTo("note00000000003");

            Response like = s.get("/api/collections/notes/records?filter=" + java.net.URLEncoder.encode("title ~ 'NOTE 3' || title ~ '5%'",
                    java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(like.status()).as(like.body()).isEqualTo(200);
            assertThat(like.json().at("/items/0/id").asString()).as("~ ignores case like SQLite").isEqualTo("note00000000003");
            assertThat(like.json().get("totalItems").asInt()).isEqualTo(1);

            Response updated = s.send("PATCH", "/api/collections/notes/records/note00000000001", null, "{\"n+\":5}", Map.of());
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().get("n").asInt()).isEqualTo(15);
            Response duplicate = s.send("POST", "/api/collections/notes/records", null, "{\"id\":\"note00000000001\"}", Map.of());
            assertThat(duplicate.status()).isEqualTo(400);
            // multi-value fields: filters over their elements, their length, expand and detaching on delete
            String notesId = s.get("/api/collections/notes", su).json().get("id").asString();
            Response boards = s.send("POST", "/api/collections", su, Json.write(Map.of("name", "boards", "type", "base",
                    "listRule", "", "viewRule", "", "createRule", "", "updateRule", "", "deleteRule", "",
                    "fields", List.of(Map.of("name", "tags", "type", "select", "maxSelect", 3, "values", List.of("a", "b", "c")),
                            Map.of("name", "notes", "type", "relation", "collectionId", notesId, "maxSelect", 5)))), Map.of());
            assertThat(boards.status()).as(boards.body()).isEqualTo(200);
            assertThat(s.send("POST", "/api/collections/boards/records", null, Json.write(Map.of("id", "board0000000001",
                    "tags", List.of("a", "b"), "notes", List.of("note00000000001", "note00000000002"))), Map.of()).status()).isEqualTo(200);
            assertThat(s.send("POST", "/api/collections/boards/records", null, Json.write(Map.of("id", "board0000000002",
                    "tags", List.of("c"))), Map.of()).status()).isEqualTo(200);
            Response tagged = s.get("/api/collections/boards/records?filter=" + java.net.URLEncoder.encode("tags:each ?= 'a'",
                    java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
            assertThat(tagged.json().get("totalItems").asInt()).isEqualTo(1);
            Response longer = s.get("/api/collections/boards/records?filter=" + java.net.URLEncoder.encode("tags:length > 1",
                    java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(longer.json().at("/items/0/id").asString()).as(longer.body()).isEqualTo("board0000000001");
            Response expanded = s.get("/api/collections/boards/records/board0000000001?expand=notes", null);
            assertThat(expanded.json().at("/expand/notes").size()).as(expanded.body()).isEqualTo(2);

            assertThat(s.send("DELETE", "/api/collections/notes/records/note00000000002", null, null, Map.of()).status()).isEqualTo(204);
            assertThat(s.get("/api/collections/notes/records", null).json().get("totalItems").asInt()).isEqualTo(2);
            assertThat(s.get("/api/collections/boards/records/board0000000001", null).json().get("notes").toString())
                    .as("the deleted note was detached").isEqualTo("[\"note00000000001\"]");
        }
    }
}
