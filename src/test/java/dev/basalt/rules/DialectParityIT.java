package dev.basalt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.collections.PasswordValue;
import dev.basalt.records.Record;
import dev.basalt.store.Dialect;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.ServerDatabase;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Dialect parity, as a property: the same random filters and sorts over the same seeded records
 * return the same ids in the same order (and the same totals) on SQLite, PostgreSQL and MariaDB.
 *
 * <p>The generator covers every operator on every kind of value the dialects treat differently:
 * text (case, LIKE wildcards, byte order), numbers, booleans, empty values, single and multiple
 * selects ({@code ?=}, {@code :each}, {@code :length}), dates, JSON paths (numbers, strings,
 * null, missing), single relations (joins, NULLs from missing targets) and multiple relations
 * (any/all semantics), {@code :lower}, and sorts by those, NULLs included. Every sort ends with
 * {@code id} so that the order is total. Values stay within ASCII, where the databases' case
 * folding agrees (docs/databases.md lists the one difference beyond it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialectParityIT {
    static final int CASES = 1_200;
    private static final long SEED = 20261126L;
    private static final String[] WORDS = {"", "alpha", "Alpha", "ALPHA", "beta", "beta_1", "beta%1", "a_b", "zeta zeta", "Zeta",
        "42", "7", "100%", "o'hara", "x\\y", "mid dle", "omega", "b"};
    private static final String[] CATS = {"a", "b", "c", "D"};
    private static final String[] TAGS = {"x", "y", "z", "W"};
    private static final int PEOPLE = 12;
    private static final int ITEMS = 160;

    private final List<ServerDatabase> databases = new ArrayList<>();
    private final Map<Dialect, TestServer> servers = new LinkedHashMap<>();
    private final Map<Dialect, String> tokens = new LinkedHashMap<>();

    @BeforeAll
    void seed() {
        for (Dialect d : Dialect.values()) {
            TestServer s;
            if (d == Dialect.SQLITE) {
                s = TestServer.empty();
            } else {
                ServerDatabase db = ServerDatabase.create(d);
                databases.add(db);
                s = TestServer.empty(c -> c.withDbUrl(db.userUrl()));
            }
            servers.put(d, s);
            Record admin = Record.create(s.basalt().collections().require("_superusers"));
            admin.set("email", "parity@example.com");
            admin.set("password", PasswordValue.ofPlain("parity-password-1"));
            s.basalt().records().save(admin);
            tokens.put(d, s.token("_superusers", "parity@example.com"));
            seedData(d);
        }
    }

    @AfterAll
    void close() {
        servers.values().forEach(TestServer::close);
        databases.forEach(ServerDatabase::close);
    }

    private void seedData(Dialect d) {
        post(d, "/api/collections", Map.of("name", "people", "type", "base", "listRule", "", "fields", List.of(
                Map.of("name", "name", "type", "text"), Map.of("name", "age", "type", "number"),
                Map.of("name", "active", "type", "bool"), Map.of("name", "info", "type", "json"))));
        String peopleId = get(d, "/api/collections/people").get("id").asString();
        post(d, "/api/collections", Map.of("name", "items", "type", "base", "listRule", "", "fields", List.of(
                Map.of("name", "title", "type", "text"), Map.of("name", "note", "type", "text"),
                Map.of("name", "n", "type", "number"), Map.of("name", "flag", "type", "bool"),
                Map.of("name", "cat", "type", "select", "values", List.of(CATS), "maxSelect", 1),
                Map.of("name", "tags", "type", "select", "values", List.of(TAGS), "maxSelect", 4),
                Map.of("name", "day", "type", "date"), Map.of("name", "meta", "type", "json"),
                Map.of("name", "owner", "type", "relation", "collectionId", peopleId, "maxSelect", 1),
                Map.of("name", "helpers", "type", "relation", "collectionId", peopleId, "maxSelect", 5))));
        Random r = new Random(SEED);
        for (int i = 0; i < PEOPLE; i++) {
            post(d, "/api/collections/people/records", Map.of("id", personId(i), "name", WORDS[r.nextInt(WORDS.length)],
                    "age", r.nextInt(60) + (r.nextBoolean() ? 0.5 : 0), "active", r.nextBoolean(), "info", randomJson(r)));
        }
        for (int i = 0; i < ITEMS; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", String.format("item%011d", i));
            item.put("title", WORDS[r.nextInt(WORDS.length)]);
            item.put("note", r.nextInt(3) == 0 ? "" : WORDS[r.nextInt(WORDS.length)]);
            item.put("n", r.nextInt(4) == 0 ? 0 : r.nextInt(41) - 10 + (r.nextInt(5) == 0 ? 0.25 : 0));
            item.put("flag", r.nextBoolean());
            item.put("cat", r.nextInt(5) == 0 ? "" : CATS[r.nextInt(CATS.length)]);
            item.put("tags", subset(r, TAGS));
            item.put("day", r.nextInt(4) == 0 ? "" : String.format("2024-%02d-%02d %02d:00:00.000Z", r.nextInt(12) + 1, r.nextInt(28) + 1,
                    r.nextInt(24)));
            item.put("meta", randomJson(r));
            item.put("owner", r.nextInt(5) == 0 ? "" : personId(r.nextInt(PEOPLE)));
            List<String> helpers = new ArrayList<>();
            for (int h = r.nextInt(4); h > 0; h--) {
                String p = personId(r.nextInt(PEOPLE));
                if (!helpers.contains(p)) {
                    helpers.add(p);
                }
            }
            item.put("helpers", helpers);
            post(d, "/api/collections/items/records", item);
        }
    }

    private static Object randomJson(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> Map.of("k", r.nextInt(20), "s", WORDS[r.nextInt(WORDS.length)]);
            case 1 -> Map.of("k", r.nextInt(20) - 5.5);
            case 2 -> Map.of("s", WORDS[r.nextInt(WORDS.length)], "flag", r.nextBoolean());
            case 3 -> List.of(r.nextInt(5), r.nextInt(5));
            case 4 -> WORDS[r.nextInt(WORDS.length)];
            case 5 -> r.nextInt(10);
            default -> Map.of("k", r.nextInt(20), "nested", Map.of("v", r.nextInt(3)));
        };
    }

    private static List<String> subset(Random r, String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (r.nextInt(3) == 0) {
                out.add(v);
            }
        }
        return out;
    }

    private static String personId(int i) {
        return String.format("person%09d", i);
    }

    @Test
    void randomFiltersAndSortsAgreeOnEveryDatabase() {
        Random r = new Random(SEED + 1);
        List<String> mismatches = new ArrayList<>();
        int nonEmpty = 0;
        for (int i = 0; i < CASES; i++) {
            String filter = ParityGenerator.filter(r);
            String sort = ParityGenerator.sort(r);
            String query = "/api/collections/items/records?perPage=500&fields=id&filter=" + encode(filter) + "&sort=" + encode(sort);
            Map<Dialect, String> answers = new LinkedHashMap<>();
            for (Dialect d : servers.keySet()) {
                Response res = servers.get(d).get(query, tokens.get(d));
                answers.put(d, res.status() == 200 ? ids(res.json()) : res.status() + " " + res.body());
            }
            String expected = answers.get(Dialect.SQLITE);
            if (!expected.startsWith("[]")) {
                nonEmpty++;
            }
            for (Map.Entry<Dialect, String> e : answers.entrySet()) {
                if (!e.getValue().equals(expected)) {
                    mismatches.add("filter=" + filter + " sort=" + sort + "\n  SQLITE:   " + expected + "\n  " + e.getKey() + ": " + e.getValue());
                }
            }
        }
        assertThat(mismatches).as("%d of %d cases differ:\n%s", mismatches.size(), CASES,
                String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size())))).isEmpty();
        // a generator whose filters all match nothing would prove little
        assertThat(nonEmpty).isGreaterThan(CASES / 2);
    }

    private static String ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString().replace("item", "")));
        return ids + " total=" + page.get("totalItems").asInt();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode get(Dialect d, String path) {
        Response res = servers.get(d).get(path, tokens.get(d));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private void post(Dialect d, String path, Map<String, Object> body) {
        Response res = servers.get(d).send("POST", path, tokens.get(d), Json.write(body), Map.of());
        assertThat(res.status()).as("%s %s on %s: %s", path, body, d, res.body()).isEqualTo(200);
    }
}
