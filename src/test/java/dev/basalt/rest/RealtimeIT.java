package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.SseClient;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Realtime over a real SSE connection: PocketBase's protocol, per-subscriber rules, options,
 * auth changes, transactions and slow consumers.
 */
class RealtimeIT {
    static final String USER1 = "4q1xlclmfloku33";
    static final String USER2 = "oap640cot4yru2s";
    static final Duration QUIET = Duration.ofMillis(700);

    TestServer s;
    String su;
    final List<SseClient> open = new ArrayList<>();

    @BeforeEach
    void start() {
        s = TestServer.fixture();
        su = s.superuserToken();
        Response r = s.send("POST", "/api/collections", su, Json.write(Map.of(
                "name", "rt_posts", "type", "base",
                "listRule", "public = true || owner = @request.auth.id",
                "viewRule", "public = true || owner = @request.auth.id",
                "fields", List.of(Map.of("name", "title", "type", "text", "max", 300_000),
                        Map.of("name", "public", "type", "bool"),
                        Map.of("name", "owner", "type", "relation", "collectionId", "_pb_users_auth_", "maxSelect", 1),
                        Map.of("name", "note", "type", "text", "hidden", true)))), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        open.forEach(SseClient::close);
        s.close();
    }

    SseClient connect() throws Exception {
        SseClient c = SseClient.connect(s.baseUrl());
        open.add(c);
        return c;
    }

    Response subscribe(SseClient c, String token, String... subscriptions) {
        return s.send("POST", "/api/realtime", token,
                Json.write(Map.of("clientId", c.clientId(), "subscriptions", List.of(subscriptions))), Map.of());
    }

    void subscribeOk(SseClient c, String token, String... subscriptions) {
        Response r = subscribe(c, token, subscriptions);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    Response write(String method, String path, Map<String, Object> body) {
        Response r = s.send(method, path, su, body == null ? null : Json.write(body), Map.of());
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isIn(200, 204);
        return r;
    }

    /** Creates, updates and deletes one record with a fixed id. */
    void lifecycle(String id, boolean isPublic, String owner) {
        write("POST", "/api/collections/rt_posts/records", Map.of("id", id, "title", "t-" + id, "public", isPublic, "owner", owner,
                "note", "secret"));
        write("PATCH", "/api/collections/rt_posts/records/" + id, Map.of("title", "t2-" + id));
        write("DELETE", "/api/collections/rt_posts/records/" + id, null);
    }

    static String options(Map<String, Object> query) {
        return "?options=" + URLEncoder.encode(Json.write(Map.of("query", query)), StandardCharsets.UTF_8);
    }

    @Test
    void theConnectionFollowsPocketBasesWireFormat() throws Exception {
        SseClient c = connect();
        assertThat(c.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(c.response().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(c.response().headers().firstValue("X-Accel-Buffering")).contains("no");
        assertThat(c.clientId()).matches("[A-Za-z0-9]{40}");
        assertThat(s.basalt().realtime().size()).isEqualTo(1);

        subscribeOk(c, su, "rt_posts/*");
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "wireformat00001", "title", "x"));
        SseClient.Event e = c.next(Duration.ofSeconds(5));
        assertThat(e.id()).as("every message carries the client id").isEqualTo(c.clientId());
        assertThat(e.name()).isEqualTo("rt_posts/*");
        assertThat(e.data()).startsWith("{\"action\":\"create\",\"record\":{");

        // a new subscription set replaces the old one; an empty one ends all
        subscribeOk(c, su);
        write("PATCH", "/api/collections/rt_posts/records/wireformat00001", Map.of("title", "y"));
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void everyCallerGetsExactlyWhatItsRulesAllow() throws Exception {
        String privateId = "privaterecord01";
        String publicId = "publicrecord001";
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("guest", null);
        tokens.put("owner", s.token("users", "test@example.com"));
        tokens.put("other", s.token("users", "test2@example.com"));
        tokens.put("superuser", su);
        Map<String, SseClient> clients = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            SseClient c = connect();
            // by id and by name, list and view topics, and PocketBase's legacy bare topic
            subscribeOk(c, t.getValue(), "rt_posts/*", "rt_posts/" + privateId, "rt_posts/" + publicId, "rt_posts");
            clients.put(t.getKey(), c);
        }
        lifecycle(privateId, false, USER1);
        lifecycle(publicId, true, USER1);

        List<String> publicEvents = new ArrayList<>();
        List<String> privateEvents = new ArrayList<>();
        for (String action : List.of("create", "update", "delete")) {
            for (String topic : List.of("rt_posts/*", "rt_posts/" + privateId, "rt_posts")) {
                if (!topic.endsWith(publicId)) {
                    privateEvents.add(topic + " " + action + " " + privateId);
                }
            }
            for (String topic : List.of("rt_posts/*", "rt_posts/" + publicId, "rt_posts")) {
                publicEvents.add(topic + " " + action + " " + publicId);
            }
        }
        List<String> all = new ArrayList<>(privateEvents);
        all.addAll(publicEvents);
        assertThat(SseClient.summary(clients.get("guest").drain(QUIET))).containsExactlyInAnyOrderElementsOf(publicEvents);
        assertThat(SseClient.summary(clients.get("owner").drain(QUIET))).containsExactlyInAnyOrderElementsOf(all);
        assertThat(SseClient.summary(clients.get("other").drain(QUIET))).containsExactlyInAnyOrderElementsOf(publicEvents);
        assertThat(SseClient.summary(clients.get("superuser").drain(QUIET))).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void eventsOfOneRecordArriveInCommitOrder() throws Exception {
        SseClient c = connect();
        subscribeOk(c, su, "rt_posts/*");
        lifecycle("orderedrecord01", true, USER1);
        assertThat(SseClient.summary(c.drain(QUIET))).containsExactly("rt_posts/* create orderedrecord01",
                "rt_posts/* update orderedrecord01", "rt_posts/* delete orderedrecord01");
    }

    @Test
    void subscriptionOptionsFilterExpandAndPickFields() throws Exception {
        SseClient c = connect();
        String filtered = "rt_posts/*" + options(Map.of("filter", "title ~ 'keep'", "expand", "owner",
                "fields", "id,title,expand.owner.id"));
        subscribeOk(c, su, filtered, "rt_posts/*");
        SseClient user = connect();
        subscribeOk(user, s.token("users", "test@example.com"), "rt_posts/*");

        write("POST", "/api/collections/rt_posts/records", Map.of("id", "keepthisrecord1", "title", "keep me", "owner", USER1,
                "note", "hidden note"));
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "dropthisrecord1", "title", "drop me", "owner", USER1));

        List<SseClient.Event> events = c.drain(QUIET);
        List<SseClient.Event> viaFilter = events.stream().filter(e -> e.name().equals(filtered)).toList();
        assertThat(viaFilter).as("the event name is the subscription exactly as sent").hasSize(1);
        JsonNode record = viaFilter.get(0).json().get("record");
        assertThat(record).isEqualTo(Json.parse("{\"id\":\"keepthisrecord1\",\"title\":\"keep me\",\"expand\":{\"owner\":{\"id\":\"" + USER1 + "\"}}}"));

        JsonNode full = events.stream().filter(e -> e.name().equals("rt_posts/*")).findFirst().orElseThrow().json().get("record");
        assertThat(full.get("note").asString()).as("superusers see hidden fields").isEqualTo("hidden note");
        JsonNode ownView = user.drain(QUIET).get(0).json().get("record");
        assertThat(ownView.has("note")).as("others do not").isFalse();
        assertThat(ownView.get("title").asString()).isEqualTo("keep me");
    }

    @Test
    void aClientFilterMayNotReachRequestOrCollectionData() throws Exception {
        SseClient c = connect();
        subscribeOk(c, s.token("users", "test@example.com"), "rt_posts/*" + options(Map.of("filter", "@request.auth.id != ''")));
        write("POST", "/api/collections/rt_posts/records", Map.of("title", "x", "public", true));
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void anAuthRecordThatChangesItsPasswordLosesItsLiveConnections() throws Exception {
        SseClient c = connect();
        subscribeOk(c, s.token("users", "test@example.com"), "rt_posts/*");
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "beforechange001", "title", "a", "owner", USER1));
        assertThat(SseClient.summary(c.drain(QUIET))).containsExactly("rt_posts/* create beforechange001");

        // a name change keeps the binding (the record is updated in place)
        write("PATCH", "/api/collections/users/records/" + USER1, Map.of("name", "renamed"));
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "afterrename0001", "title", "b", "owner", USER1));
        assertThat(SseClient.summary(c.drain(QUIET))).containsExactly("rt_posts/* create afterrename0001");

        write("PATCH", "/api/collections/users/records/" + USER1, Map.of("password", "new-password-1", "passwordConfirm", "new-password-1"));
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "afterchange0001", "title", "c", "owner", USER1));
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "publicafter0001", "title", "d", "public", true));
        assertThat(SseClient.summary(c.drain(QUIET))).as("now a guest: public records only").containsExactly("rt_posts/* create publicafter0001");
    }

    @Test
    void aRolledBackBatchPublishesNothing() throws Exception {
        write("PATCH", "/api/settings", Map.of("batch", Map.of("enabled", true, "maxRequests", 10)));
        SseClient c = connect();
        subscribeOk(c, su, "rt_posts/*");
        Response failed = s.send("POST", "/api/batch", su, Json.write(Map.of("requests", List.of(
                Map.of("method", "POST", "url", "/api/collections/rt_posts/records", "body", Map.of("id", "rolledback00001", "title", "x")),
                Map.of("method", "POST", "url", "/api/collections/rt_posts/records", "body", Map.of("owner", "missing-user-id"))))), Map.of());
        assertThat(failed.status()).as(failed.body()).isEqualTo(400);
        assertThat(c.drain(QUIET)).isEmpty();

        Response ok = s.send("POST", "/api/batch", su, Json.write(Map.of("requests", List.of(
                Map.of("method", "POST", "url", "/api/collections/rt_posts/records", "body", Map.of("id", "committed000001", "title", "y"))))),
                Map.of());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(SseClient.summary(c.drain(QUIET))).containsExactly("rt_posts/* create committed000001");
    }

    @Test
    void cascadedChangesAreEventsToo() throws Exception {
        SseClient c = connect();
        subscribeOk(c, su, "rt_posts/*");
        write("POST", "/api/collections/users/records", Map.of("id", "cascadeuser0001", "email", "cascade@example.com",
                "password", "12345678901", "passwordConfirm", "12345678901"));
        write("POST", "/api/collections/rt_posts/records", Map.of("id", "ownedbycascade1", "title", "x", "owner", "cascadeuser0001"));
        c.drain(QUIET);
        // deleting the owner clears the (optional, non-cascading) relation: an update event
        write("DELETE", "/api/collections/users/records/cascadeuser0001", null);
        List<SseClient.Event> events = c.drain(QUIET);
        assertThat(SseClient.summary(events)).containsExactly("rt_posts/* update ownedbycascade1");
        assertThat(events.get(0).json().at("/record/owner").asString()).isEmpty();
    }

    @Test
    void viewCollectionsHaveNoEvents() throws Exception {
        write("POST", "/api/collections", Map.of("name", "rt_titles", "type", "view", "listRule", "", "viewRule", "",
                "viewQuery", "SELECT id, title FROM rt_posts"));
        SseClient c = connect();
        subscribeOk(c, su, "rt_titles/*");
        write("POST", "/api/collections/rt_posts/records", Map.of("title", "x"));
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void subscriptionRequestsArePocketBasesWithItsErrors() throws Exception {
        SseClient c = connect();
        String user1 = s.token("users", "test@example.com");
        Response unknown = s.send("POST", "/api/realtime", null, "{\"clientId\":\"nope\",\"subscriptions\":[]}", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asString()).isEqualTo("Missing or invalid client id.");
        Response blank = s.send("POST", "/api/realtime", null, "{\"subscriptions\":[]}", Map.of());
        assertThat(blank.json().at("/data/clientId/code").asString()).isEqualTo("validation_required");
        Response wrongType = s.send("POST", "/api/realtime", null, "{\"clientId\":\"" + c.clientId() + "\",\"subscriptions\":\"x\"}", Map.of());
        assertThat(wrongType.status()).isEqualTo(400);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            tooMany.add("t" + i);
        }
        assertThat(subscribe(c, null, tooMany.toArray(String[]::new)).json().at("/data/subscriptions/code").asString())
                .isEqualTo("validation_length_too_long");
        assertThat(subscribe(c, null, "x".repeat(2501)).json().at("/data/subscriptions/0/code").asString())
                .isEqualTo("validation_length_too_long");
        assertThat(subscribe(c, null, "rt_posts/*\nevent:forged").status()).as("no SSE injection").isEqualTo(400);

        // guest -> user is allowed; user -> other user or guest is not
        assertThat(subscribe(c, null, "rt_posts/*").status()).isEqualTo(204);
        assertThat(subscribe(c, user1, "rt_posts/*").status()).isEqualTo(204);
        assertThat(subscribe(c, user1, "rt_posts/*").status()).isEqualTo(204);
        Response other = subscribe(c, s.token("users", "test2@example.com"), "rt_posts/*");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("message").asString()).isEqualTo("The current and the previous request authorization don't match.");
        assertThat(subscribe(c, null, "rt_posts/*").status()).isEqualTo(403);
    }

    @Test
    void aQuietStreamIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestServer quick = TestServer.fixture(c -> c.withRealtimeIdleTimeout(Duration.ofSeconds(2)));
                SseClient c = SseClient.connect(quick.baseUrl())) {
            assertThat(quick.basalt().realtime().size()).isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!c.ended() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(c.ended()).as("the server ended the stream").isTrue();
            assertThat(quick.basalt().realtime().size()).isZero();
            Response r = quick.send("POST", "/api/realtime", null,
                    Json.write(Map.of("clientId", c.clientId(), "subscriptions", List.of())), Map.of());
            assertThat(r.status()).as("the client id is gone").isEqualTo(404);
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndMemoryStaysBounded() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.basalt().port())) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "\n\n");
            String clientId = head.substring(head.indexOf("id:") + 3, head.indexOf('\n', head.indexOf("id:")));
            assertThat(s.send("POST", "/api/realtime", su, Json.write(Map.of("clientId", clientId, "subscriptions", List.of("rt_posts/*"))),
                    Map.of()).status()).isEqualTo(204);
            SseClient healthy = connect();
            subscribeOk(healthy, su, "rt_posts/*");
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();

            // ~40 MiB of events; the stalled client reads nothing more
            String big = "x".repeat(200_000);
            int received = 0;
            for (int i = 0; i < 200 && s.basalt().realtime().size() > 1; i++) {
                write("POST", "/api/collections/rt_posts/records", Map.of("title", big));
                received += healthy.drain(Duration.ofMillis(1)).size();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.basalt().realtime().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(s.basalt().realtime().size()).as("the stalled client was dropped, the healthy one kept").isEqualTo(1);
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            assertThat(after - before).as("heap growth in bytes").isLessThan(64L << 20);
            received += healthy.drain(QUIET).size();
            assertThat(received).as("the healthy client kept receiving").isGreaterThan(0);
            assertThat(healthy.ended()).isFalse();
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(end) < 0 || sb.indexOf("PB_CONNECT") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString().replace("\r", "");
    }
}
