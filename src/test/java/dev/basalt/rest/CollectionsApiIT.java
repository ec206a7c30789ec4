package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import dev.basalt.testkit.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The collections API: access, listing, create/update/delete, import, scaffolds and schema changes. */
class CollectionsApiIT {
    static final String ALL_TYPES = """
            {"name":"every","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
             "fields":[
              {"name":"title","type":"text","max":100},
              {"name":"count","type":"number","onlyInt":true},
              {"name":"done","type":"bool"},
              {"name":"mail","type":"email"},
              {"name":"site","type":"url"},
              {"name":"body","type":"editor"},
              {"name":"due","type":"date"},
              {"name":"stamp","type":"autodate","onCreate":true,"onUpdate":true},
              {"name":"color","type":"select","values":["red","green","blue"],"maxSelect":1},
              {"name":"tags","type":"select","values":["a","b","c"],"maxSelect":3},
              {"name":"doc","type":"file","maxSelect":1},
              {"name":"owner","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
              {"name":"meta","type":"json"},
              {"name":"secret","type":"password"},
              {"name":"place","type":"geoPoint"}
             ],
             "indexes":["CREATE INDEX idx_every_title ON every (title)"]}""";

    static Stream<Scenario> scenarios() {
        return Stream.of(
                Scenario.named("guest lists collections").get("/api/collections").expect(401)
                        .contains("The request requires valid record authorization token."),
                Scenario.named("user lists collections").get("/api/collections").as(Auth.user("test@example.com")).expect(403)
                        .contains("The authorized record is not allowed to perform this action."),
                Scenario.named("superuser lists collections").get("/api/collections").as(Auth.SUPERUSER).expect(200)
                        .contains("\"totalItems\":16", "\"name\":\"demo1\"", "\"perPage\":30")
                        .absent("\"secret\"", "\"clientSecret\""),
                Scenario.named("list sorted by name").get("/api/collections?sort=-name&perPage=1").as(Auth.SUPERUSER).expect(200)
                        .contains("\"name\":\"view2\""),
                Scenario.named("filter collections").get("/api/collections?filter=" + java.net.URLEncoder.encode(
                                "system = true && type = 'auth'", java.nio.charset.StandardCharsets.UTF_8)).as(Auth.SUPERUSER).expect(200)
                        .contains("\"totalItems\":2", "\"name\":\"_superusers\"", "\"name\":\"nologin\""),
                Scenario.named("filter collections by name").get("/api/collections?filter=name~'demo'&sort=-name").as(Auth.SUPERUSER)
                        .expect(200).contains("\"totalItems\":5"),
                Scenario.named("invalid collections filter").get("/api/collections?filter=nope=1").as(Auth.SUPERUSER).expect(400),
                Scenario.named("view a collection by name").get("/api/collections/demo2").as(Auth.SUPERUSER).expect(200)
                        .contains("\"id\":\"sz5l5z67tg7gku0\"", "\"type\":\"base\"", "\"indexes\":["),
                Scenario.named("view an auth collection hides secrets").get("/api/collections/users").as(Auth.SUPERUSER).expect(200)
                        .contains("\"authToken\":{\"duration\":1209600}", "\"passwordAuth\":{\"enabled\":true")
                        .absent("\"secret\"", "PjVU4hAV7CZIWbCByJHkDcMUlSEWCLI6M5aWSZOpEq0a3rYxKT", "clientSecret"),
                Scenario.named("view a missing collection").get("/api/collections/missing").as(Auth.SUPERUSER).expect(404),
                Scenario.named("scaffolds").get("/api/collections/meta/scaffolds").as(Auth.SUPERUSER).expect(200)
                        .contains("\"auth\":{", "\"base\":{", "\"view\":{", "\"name\":\"tokenKey\"", "\"viewQuery\":\"\""),
                Scenario.named("create every field type").post("/api/collections", ALL_TYPES).as(Auth.SUPERUSER).expect(200)
                        .contains("\"name\":\"every\"", "\"id\":\"pbc_", "\"type\":\"geoPoint\"", "\"name\":\"id\"",
                                "\"primaryKey\":true", "CREATE INDEX idx_every_title ON every (title)"),
                Scenario.named("create an auth collection gets system fields and indexes")
                        .post("/api/collections", "{\"name\":\"members\",\"type\":\"auth\"}").as(Auth.SUPERUSER).expect(200)
                        .contains("\"name\":\"password\"", "\"name\":\"tokenKey\"", "\"name\":\"email\"", "\"name\":\"verified\"",
                                "idx_tokenKey_", "idx_email_")
                        .absent("\"secret\""),
                Scenario.named("create a view collection infers fields")
                        .post("/api/collections", "{\"name\":\"titles\",\"type\":\"view\",\"listRule\":\"\",\"viewQuery\":\"select id, title, active from demo2\"}")
                        .as(Auth.SUPERUSER).expect(200)
                        .contains("\"name\":\"title\"", "\"type\":\"text\"", "\"name\":\"active\"", "\"type\":\"bool\"")
                        .then((r, s) -> assertThat(s.get("/api/collections/titles/records", null).body()).contains("\"totalItems\":3")),
                Scenario.named("view query without id").post("/api/collections", "{\"name\":\"bad\",\"type\":\"view\",\"viewQuery\":\"select title from demo2\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_invalid_view_query"),
                Scenario.named("duplicate collection name").post("/api/collections", "{\"name\":\"DEMO2\"}").as(Auth.SUPERUSER).expect(400)
                        .contains("\"name\":{\"code\":\"validation_collection_name_exists\""),
                Scenario.named("internal table name").post("/api/collections", "{\"name\":\"_params\"}").as(Auth.SUPERUSER).expect(400)
                        .contains("validation_collection_name_invalid"),
                Scenario.named("invalid collection name").post("/api/collections", "{\"name\":\"a b\"}").as(Auth.SUPERUSER).expect(400)
                        .contains("\"name\":{\"code\":\"validation_match_invalid\""),
                Scenario.named("missing name").post("/api/collections", "{}").as(Auth.SUPERUSER).expect(400)
                        .contains("\"name\":{\"code\":\"validation_required\""),
                Scenario.named("unknown type").post("/api/collections", "{\"name\":\"x\",\"type\":\"weird\"}").as(Auth.SUPERUSER).expect(400),
                Scenario.named("duplicate field names").post("/api/collections",
                                "{\"name\":\"dups\",\"fields\":[{\"name\":\"a\",\"type\":\"text\"},{\"name\":\"A\",\"type\":\"bool\"}]}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_duplicated_field_name"),
                Scenario.named("reserved field name").post("/api/collections",
                                "{\"name\":\"res\",\"fields\":[{\"name\":\"expand\",\"type\":\"text\"}]}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"code\":\"validation_not_in_invalid\""),
                Scenario.named("unknown field type").post("/api/collections",
                                "{\"name\":\"ft\",\"fields\":[{\"name\":\"a\",\"type\":\"blob\"}]}")
                        .as(Auth.SUPERUSER).expect(400),
                Scenario.named("select without values").post("/api/collections",
                                "{\"name\":\"sel\",\"fields\":[{\"name\":\"a\",\"type\":\"select\"}]}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"values\":{\"code\":\"validation_required\""),
                Scenario.named("relation to a missing collection").post("/api/collections",
                                "{\"name\":\"rel\",\"fields\":[{\"name\":\"a\",\"type\":\"relation\",\"collectionId\":\"nope\"}]}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_field_relation_missing_collection"),
                Scenario.named("invalid index expression").post("/api/collections",
                                "{\"name\":\"idx\",\"fields\":[{\"name\":\"a\",\"type\":\"text\"}],\"indexes\":[\"CREATE INDEX nope\"]}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_invalid_index_expression")
                        .then((r, s) -> assertThat(s.get("/api/collections/idx", s.superuserToken()).status()).isEqualTo(404)),
                Scenario.named("index on a missing column").post("/api/collections",
                                "{\"name\":\"idx2\",\"fields\":[{\"name\":\"a\",\"type\":\"text\"}],\"indexes\":[\"CREATE INDEX idx_x ON idx2 (missing)\"]}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"indexes\":{\"0\":{\"code\":\"validation_invalid_index_expression\"")
                        .then((r, s) -> assertThat(s.get("/api/collections/idx2", s.superuserToken()).status()).isEqualTo(404)),
                Scenario.named("index name used by another table").post("/api/collections",
                                "{\"name\":\"idx3\",\"fields\":[{\"name\":\"a\",\"type\":\"text\"}],\"indexes\":[\"CREATE INDEX idx_demo2_created ON idx3 (a)\"]}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_existing_index_name"),
                Scenario.named("malformed collection JSON").post("/api/collections", "{\"name\":").as(Auth.SUPERUSER).expect(400),
                Scenario.named("delete a referenced collection").delete("/api/collections/demo3").as(Auth.SUPERUSER).expect(400)
                        .contains("Failed to delete collection probably due to existing reference in demo4."),
                Scenario.named("delete a system collection").delete("/api/collections/_superusers").as(Auth.SUPERUSER).expect(400),
                Scenario.named("delete a collection").delete("/api/collections/demo5").as(Auth.SUPERUSER).expect(204)
                        .then((r, s) -> assertThat(s.get("/api/collections/demo5/records", s.superuserToken()).status()).isEqualTo(404)),
                Scenario.named("truncate a collection").delete("/api/collections/demo2/truncate").as(Auth.SUPERUSER).expect(204)
                        .then((r, s) -> assertThat(s.get("/api/collections/demo2/records", null).body()).contains("\"totalItems\":0")),
                Scenario.named("truncate a view").delete("/api/collections/view2/truncate").as(Auth.SUPERUSER).expect(400)
                        .contains("View collections cannot be truncated"),
                Scenario.named("rename a system collection").patch("/api/collections/_superusers", "{\"name\":\"admins\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_collection_system_name_change"),
                Scenario.named("import with deleteMissing=false keeps other collections")
                        .put("/api/collections/import", "{\"collections\":[{\"name\":\"imported\",\"fields\":[{\"name\":\"x\",\"type\":\"text\"}]}]}")
                        .as(Auth.SUPERUSER).expect(204)
                        .then((r, s) -> {
                            assertThat(s.get("/api/collections/imported", s.superuserToken()).status()).isEqualTo(200);
                            assertThat(s.get("/api/collections/demo2", s.superuserToken()).status()).isEqualTo(200);
                        }),
                Scenario.named("import with an invalid collection changes nothing")
                        .put("/api/collections/import", "{\"collections\":[{\"name\":\"ok1\"},{\"name\":\"bad name\"}]}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_collections_import_failure")
                        .then((r, s) -> assertThat(s.get("/api/collections/ok1", s.superuserToken()).status()).isEqualTo(404)),
                Scenario.named("import nothing").put("/api/collections/import", "{\"collections\":[]}").as(Auth.SUPERUSER).expect(400)
                        .contains("\"collections\":{\"code\":\"validation_required\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }

    /**
     * Creates a collection with every field type, fills it, then changes the schema in steps:
     * untouched data survives, on every database.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.basalt.store.Dialect.class)
    void schemaChangesKeepUntouchedData(dev.basalt.store.Dialect dialect) {
        try (TestServer s = TestServer.fixtureOn(dialect)) {
            String su = s.superuserToken();
            assertThat(s.send("POST", "/api/collections", su, ALL_TYPES, Map.of()).status()).isEqualTo(200);
            String record = """
                    {"title":"hello","count":42,"done":true,"mail":"a@example.com","site":"https://example.com",
                     "body":"<p>hi</p>","due":"2024-05-06 07:08:09.123Z","color":"green","tags":["a","c"],
                     "owner":"4q1xlclmfloku33","meta":{"k":[1,2.5,"x"]},"place":{"lon":12.5,"lat":-45.25}}""";
            Response created = s.send("POST", "/api/collections/every/records", null, record, Map.of());
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            String id = created.json().get("id").asString();
            JsonNode before = s.get("/api/collections/every/records/" + id, null).json();
            assertThat(before.get("meta").toString()).isEqualTo("{\"k\":[1,2.5,\"x\"]}");
            assertThat(before.get("place").toString()).isEqualTo("{\"lon\":12.5,\"lat\":-45.25}");
            assertThat(before.get("count").asInt()).isEqualTo(42);
            assertThat(before.get("due").asString()).isEqualTo("2024-05-06 07:08:09.123Z");

            JsonNode collection = s.get("/api/collections/every", su).json();
            // rename "title" → "headline", remove "site", add "extra", change tags to single and back later
            StringBuilder fields = new StringBuilder("[");
            for (JsonNode f : collection.get("fields")) {
                String name = f.get("name").asString();
                if (name.equals("site")) {
                    continue;
                }
                String json = f.toString();
                if (name.equals("title")) {
                    json = json.replace("\"name\":\"title\"", "\"name\":\"headline\"");
                }
                fields.append(json).append(',');
            }
            fields.append("{\"name\":\"extra\",\"type\":\"text\"}]");
            String patch = "{\"fields\":" + fields + ",\"indexes\":[\"CREATE UNIQUE INDEX idx_every_headline ON every (headline)\"]}";
            Response updated = s.send("PATCH", "/api/collections/every", su, patch, Map.of());
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);

            JsonNode after = s.get("/api/collections/every/records/" + id, null).json();
            assertThat(after.get("headline").asString()).isEqualTo("hello");
            assertThat(after.has("title")).isFalse();
            assertThat(after.has("site")).isFalse();
            assertThat(after.get("extra").asString()).isEmpty();
            for (String untouched : new String[] {"count", "done", "mail", "body", "due", "color", "tags", "owner", "meta", "place"}) {
                assertThat(after.get(untouched)).as(untouched).isEqualTo(before.get(untouched));
            }
            // the new unique index is enforced
            Response dup = s.send("POST", "/api/collections/every/records", null, "{\"headline\":\"hello\"}", Map.of());
            assertThat(dup.status()).isEqualTo(400);
            assertThat(dup.body()).contains("\"headline\":{\"code\":\"validation_not_unique\"");

            // tags multiple -> single keeps the last value
            String toSingle = s.get("/api/collections/every", su).body().replace("\"maxSelect\":3", "\"maxSelect\":1");
            Response single = s.send("PATCH", "/api/collections/every", su, toSingle, Map.of());
            assertThat(single.status()).as(single.body()).isEqualTo(200);
            assertThat(s.get("/api/collections/every/records/" + id, null).json().get("tags").asString()).isEqualTo("c");
            // and single -> multiple makes it a one-element list
            String toMultiple = s.get("/api/collections/every", su).body().replace("\"maxSelect\":1,\"name\":\"tags\"",
                    "\"maxSelect\":3,\"name\":\"tags\"");
            assertThat(toMultiple).contains("\"maxSelect\":3,\"name\":\"tags\"");
            Response multiple = s.send("PATCH", "/api/collections/every", su, toMultiple, Map.of());
            assertThat(multiple.status()).as(multiple.body()).isEqualTo(200);
            assertThat(s.get("/api/collections/every/records/" + id, null).json().get("tags").toString()).isEqualTo("[\"c\"]");

            // an invalid change is rejected and leaves schema and data as they were
            Response bad = s.send("PATCH", "/api/collections/every", su, "{\"indexes\":[\"CREATE INDEX i ON every (nope)\"]}", Map.of());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(s.get("/api/collections/every", su).body()).contains("idx_every_headline");
            assertThat(s.get("/api/collections/every/records/" + id, null).json().get("headline").asString()).isEqualTo("hello");
        }
    }
}
