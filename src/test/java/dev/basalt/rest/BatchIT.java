package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Images;
import dev.basalt.testkit.Multipart;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/batch}: all-or-nothing record actions, PocketBase's result and error shapes, limits. */
class BatchIT {
    static final String ITEMS = "/api/collections/items/records";

    static TestServer server;
    static String su;
    static String itemsId;

    @BeforeAll
    static void start() {
        server = TestServer.fixture();
        su = server.superuserToken();
        Response items = server.send("POST", "/api/collections", su, """
                {"name":"items","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
                 "fields":[{"name":"title","type":"text","required":true},{"name":"count","type":"number"},
                  {"name":"tags","type":"select","maxSelect":3,"values":["a","b","c"]},
                  {"name":"attachment","type":"file","maxSelect":3,"maxSize":1048576},
                  {"name":"author","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1}],
                 "indexes":["CREATE UNIQUE INDEX idx_items_title ON items (title)"]}""", Map.of());
        assertThat(items.status()).as(items.body()).isEqualTo(200);
        itemsId = items.json().get("id").asString();
        Response locked = server.send("POST", "/api/collections", su, """
                {"name":"locked","type":"base","fields":[{"name":"title","type":"text"}]}""", Map.of());
        assertThat(locked.status()).isEqualTo(200);
        Response batchOnly = server.send("POST", "/api/collections", su, """
                {"name":"batch_only","type":"base","createRule":"@request.context = 'batch'","fields":[{"name":"title","type":"text"}]}""",
                Map.of());
        assertThat(batchOnly.status()).as(batchOnly.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void enable() {
        settings(true, 10, 3, 0);
        server.send("DELETE", "/api/collections/items/truncate", su, (String) null, Map.of());
    }

    static void settings(boolean enabled, int maxRequests, int timeout, long maxBodySize) {
        Response r = server.send("PATCH", "/api/settings", su, """
                {"batch":{"enabled":%s,"maxRequests":%d,"timeout":%d,"maxBodySize":%d}}""".formatted(enabled, maxRequests, timeout, maxBodySize),
                Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static Response batch(String json) {
        return server.send("POST", "/api/batch", null, json, Map.of());
    }

    static JsonNode item(String title) {
        Response r = server.send("POST", ITEMS, null, "{\"title\":\"" + title + "\"}", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static int itemCount() {
        return server.get(ITEMS, null).json().get("totalItems").asInt();
    }

    static long storedFiles() throws IOException {
        Path root = server.dir().resolve("storage").resolve(itemsId);
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void disabledBatchIsForbidden() {
        settings(false, 10, 3, 0);
        Response r = batch("{\"requests\":[{\"method\":\"POST\",\"url\":\"" + ITEMS + "\",\"body\":{\"title\":\"x\"}}]}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"data\":{},\"message\":\"Batch requests are not allowed.\",\"status\":403}");
        assertThat(itemCount()).isZero();
    }

    @Test
    void everyActionRunsInOrderAndAnswersLikeItsRestCall() {
        JsonNode existing = item("existing");
        JsonNode doomed = item("doomed");
        Response r = batch("""
                {"requests":[
                  {"method":"POST","url":"%1$s","body":{"title":"created","count":1}},
                  {"method":"PATCH","url":"%1$s/%2$s","body":{"count+":5,"tags+":["a","b"]}},
                  {"method":"DELETE","url":"%1$s/%3$s"},
                  {"method":"PUT","url":"%1$s","body":{"title":"upserted new"}},
                  {"method":"PUT","url":"%1$s","body":{"id":"%2$s","title":"existing renamed"}},
                  {"method":"POST","url":"%1$s?fields=id,title","body":{"title":"picked"}},
                  {"method":"POST","url":"/api/collections/batch_only/records","body":{"title":"context is batch"}}
                ]}""".formatted(ITEMS, existing.get("id").asString(), doomed.get("id").asString()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode results = r.json();
        assertThat(results).hasSize(7);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).get("body").get("title").asString()).isEqualTo("created");
        assertThat(results.get(0).get("body").get("collectionName").asString()).isEqualTo("items");
        assertThat(results.get(1).get("body").get("count").asInt()).isEqualTo(5);
        assertThat(results.get(1).get("body").get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(results.get(2).toString()).isEqualTo("{\"body\":null,\"status\":204}");
        assertThat(results.get(3).get("body").get("title").asString()).isEqualTo("upserted new");
        assertThat(results.get(4).get("body").get("id").asString()).isEqualTo(existing.get("id").asString());
        assertThat(results.get(4).get("body").get("title").asString()).isEqualTo("existing renamed");
        assertThat(results.get(5).get("body").toString()).matches("\\{\"id\":\"[a-z0-9]{15}\",\"title\":\"picked\"}");
        assertThat(results.get(6).get("status").asInt()).isEqualTo(200);

        assertThat(itemCount()).isEqualTo(4);
        assertThat(server.get(ITEMS + "/" + doomed.get("id").asString(), null).status()).isEqualTo(404);
        Response direct = server.send("POST", "/api/collections/batch_only/records", null, "{\"title\":\"direct\"}", Map.of());
        assertThat(direct.status()).as("the rule sees @request.context = batch only inside a batch").isEqualTo(400);
    }

    @Test
    void aFailingRequestRollsBackTheWholeBatch() {
        JsonNode existing = item("keep me");
        Response r = batch("""
                {"requests":[
                  {"method":"POST","url":"%1$s","body":{"title":"first"}},
                  {"method":"PATCH","url":"%1$s/%2$s","body":{"title":"changed"}},
                  {"method":"POST","url":"%1$s","body":{"count":1}}
                ]}""".formatted(ITEMS, existing.get("id").asString()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"data\":{\"requests\":{\"2\":{\"code\":\"batch_request_failed\",\"message\":\"Batch request failed.\","
                + "\"response\":{\"data\":{\"title\":{\"code\":\"validation_required\",\"message\":\"Cannot be blank.\"}},"
                + "\"message\":\"Failed to create record.\",\"status\":400}}}},\"message\":\"Batch transaction failed.\",\"status\":400}");
        assertThat(itemCount()).isEqualTo(1);
        assertThat(server.get(ITEMS + "/" + existing.get("id").asString(), null).json().get("title").asString()).isEqualTo("keep me");
    }

    @Test
    void aUniqueViolationInsideTheBatchRollsBack() {
        Response r = batch("""
                {"requests":[
                  {"method":"POST","url":"%1$s","body":{"title":"twin"}},
                  {"method":"POST","url":"%1$s","body":{"title":"twin"}}
                ]}""".formatted(ITEMS));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"1\":{\"code\":\"batch_request_failed\"", "\"title\":{\"code\":\"validation_not_unique\"");
        assertThat(itemCount()).isZero();
    }

    @Test
    void rulesApplyToEachRequestWithTheCallersAuth() {
        Response guest = batch("{\"requests\":[{\"method\":\"POST\",\"url\":\"/api/collections/locked/records\",\"body\":{\"title\":\"x\"}}]}");
        assertThat(guest.status()).isEqualTo(400);
        assertThat(guest.body()).contains("\"0\":{\"code\":\"batch_request_failed\"",
                "\"response\":{\"data\":{},\"message\":\"Only superusers can perform this action.\",\"status\":403}");

        Response perRequestAuthIgnored = batch("""
                {"requests":[{"method":"POST","url":"/api/collections/locked/records","headers":{"Authorization":"%s"},"body":{"title":"x"}}]}"""
                .formatted(su));
        assertThat(perRequestAuthIgnored.status()).isEqualTo(400);

        Response superuser = server.send("POST", "/api/batch", su,
                "{\"requests\":[{\"method\":\"POST\",\"url\":\"/api/collections/locked/records\",\"body\":{\"title\":\"x\"}}]}", Map.of());
        assertThat(superuser.status()).as(superuser.body()).isEqualTo(200);
    }

    @Test
    void requestsThatAreNotRecordActionsFailTheBatch() {
        Response r = batch("""
                {"requests":[{"method":"POST","url":"%s","body":{"title":"a"}},{"method":"GET","url":"/api/health"}]}""".formatted(ITEMS));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"1\":{\"code\":\"batch_request_failed\"",
                "\"response\":{\"data\":{},\"message\":\"Something went wrong while processing your request.\",\"status\":400}");
        assertThat(itemCount()).isZero();

        Response missing = batch("{\"requests\":[{\"method\":\"POST\",\"url\":\"/api/collections/nope/records\",\"body\":{}}]}");
        assertThat(missing.body()).contains("\"response\":{\"data\":{},\"message\":\"Missing collection context.\",\"status\":404}");
    }

    @Test
    void invalidBatchesAreRejectedWithValidationErrors() {
        assertThat(batch("{\"requests\":[]}").body())
                .isEqualTo("{\"data\":{\"requests\":{\"code\":\"validation_required\",\"message\":\"Cannot be blank.\"}},"
                        + "\"message\":\"Invalid batch request data.\",\"status\":400}");
        assertThat(batch("{}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 11; i++) {
            many.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"url\":\"").append(ITEMS).append("\",\"body\":{\"title\":\"t").append(i).append("\"}}");
        }
        Response tooMany = batch(many.append("]}").toString());
        assertThat(tooMany.body()).contains("\"requests\":{\"code\":\"validation_length_too_long\","
                + "\"message\":\"The length must be no more than 10.\",\"params\":{\"max\":10,\"min\":0}}");
        Response badItems = batch("{\"requests\":[{\"method\":\"TRACE\",\"url\":\"/x\"},{\"method\":\"POST\"}]}");
        assertThat(badItems.body()).contains("\"0\":{\"method\":{\"code\":\"validation_in_invalid\"",
                "\"1\":{\"url\":{\"code\":\"validation_required\"");
        assertThat(batch("{\"requests\":\"nope\"}").body()).contains("Failed to read the submitted batch data.");
        assertThat(batch("{\"requests\":[").status()).isEqualTo(400);
        assertThat(itemCount()).isZero();
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        settings(true, 10, 3, 1000);
        Response r = batch("{\"requests\":[{\"method\":\"POST\",\"url\":\"" + ITEMS + "\",\"body\":{\"title\":\"" + "x".repeat(2000) + "\"}}]}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(itemCount()).isZero();
    }

    @Test
    void aBatchOverItsTimeoutRollsBack() {
        settings(true, 50, 1, 0);
        StringBuilder slow = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 50; i++) {
            // every create hashes a password: 50 of them take well over a second
            slow.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"url\":\"/api/collections/users/records\",\"body\":")
                    // explicit usernames: 50 autogenerated ones (users + 5 digits) collide now and then
                    .append("{\"username\":\"batchuser").append(i).append("\",\"email\":\"batch").append(i)
                    .append("@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567890\"}}");
        }
        long before = server.get("/api/collections/users/records", su).json().get("totalItems").asLong();
        Response r = server.send("POST", "/api/batch", su, slow.append("]}").toString(), Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"data\":{},\"message\":\"Batch transaction failed.\",\"status\":400}");
        assertThat(server.get("/api/collections/users/records", su).json().get("totalItems").asLong()).isEqualTo(before);
    }

    @Test
    void multipartBatchStoresFilesOfEachRequest() throws IOException {
        JsonNode existing = item("with files");
        byte[] png = Images.gradient("png", 20, 20);
        Response r = server.send("POST", "/api/batch", null, Multipart.form()
                .json("""
                        {"requests":[{"method":"POST","url":"%1$s","body":{"title":"new with file"}},
                                     {"method":"PATCH","url":"%1$s/%2$s","body":{}}]}""".formatted(ITEMS, existing.get("id").asString()))
                .file("requests.0.attachment", "first.png", "image/png", png)
                .file("requests.0.attachment", "second.txt", "text/plain", "two".getBytes(StandardCharsets.UTF_8))
                .file("requests[1].attachment+", "appended.txt", "text/plain", "three".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode created = r.json().get(0).get("body");
        assertThat(FilesIT.names(created, "attachment")).hasSize(2);
        JsonNode updated = r.json().get(1).get("body");
        assertThat(FilesIT.names(updated, "attachment")).singleElement().asString().startsWith("appended_");
        Response file = server.get("/api/files/items/" + created.get("id").asString() + "/" + FilesIT.names(created, "attachment").get(0), null);
        assertThat(file.bytes()).isEqualTo(png);
        assertThat(storedFiles()).isEqualTo(6); // three files and their sidecars
    }

    @Test
    void filesOfARolledBackBatchLeaveNothingBehind() throws IOException {
        long before = storedFiles();
        Response r = server.send("POST", "/api/batch", null, Multipart.form()
                .json("""
                        {"requests":[{"method":"POST","url":"%1$s","body":{"title":"has a file"}},
                                     {"method":"POST","url":"%1$s","body":{"title":"also a file"}},
                                     {"method":"POST","url":"%1$s","body":{"count":"fails: no title"}}]}""".formatted(ITEMS))
                .file("requests.0.attachment", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8))
                .file("requests.1.attachment", "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8))
                .file("requests.2.attachment", "c.txt", "text/plain", "c".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"2\":{\"code\":\"batch_request_failed\"");
        assertThat(itemCount()).isZero();
        assertThat(storedFiles()).as("files written by the first two requests are removed by the rollback").isEqualTo(before);
        try (Stream<Path> temps = Files.list(RequestBody.TEMP_DIR)) {
            assertThat(temps.count()).isZero();
        }
    }
}
