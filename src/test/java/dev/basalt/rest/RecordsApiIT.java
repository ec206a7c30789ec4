package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The records API over a copy of the PocketBase fixture. */
class RecordsApiIT {
    static final String DEMO2 = "/api/collections/demo2/records";

    static Stream<Scenario> scenarios() {
        return Stream.of(
                // list envelope and paging
                Scenario.named("guest lists the public demo2").get(DEMO2).expect(200)
                        .contains("\"page\":1", "\"perPage\":30", "\"totalItems\":3", "\"totalPages\":1",
                                "\"collectionName\":\"demo2\"", "\"id\":\"llvuca81nly1qls\"", "\"id\":\"achvryl401bhse3\"", "\"id\":\"0yxhwia2amd8gec\""),
                Scenario.named("collection by id works like by name").get("/api/collections/sz5l5z67tg7gku0/records").expect(200)
                        .contains("\"totalItems\":3"),
                Scenario.named("perPage above 1000 is capped and echoed").get(DEMO2 + "?perPage=5000").expect(200).contains("\"perPage\":1000"),
                Scenario.named("perPage 0 falls back to 30").get(DEMO2 + "?perPage=0").expect(200).contains("\"perPage\":30"),
                Scenario.named("paging").get(DEMO2 + "?perPage=1&page=2").expect(200)
                        .contains("\"page\":2", "\"perPage\":1", "\"totalItems\":3", "\"totalPages\":3"),
                Scenario.named("skipTotal gives -1 totals").get(DEMO2 + "?skipTotal=1").expect(200)
                        .contains("\"totalItems\":-1", "\"totalPages\":-1"),
                Scenario.named("invalid skipTotal").get(DEMO2 + "?skipTotal=maybe").expect(400),
                Scenario.named("invalid page").get(DEMO2 + "?page=abc").expect(400)
                        .contains("\"message\":\"Something went wrong while processing your request.\""),
                Scenario.named("sort descending by title").get(DEMO2 + "?sort=-title").expect(200)
                        .then((r, s) -> assertThat(titles(r)).containsExactly("test3", "test2", "test1")),
                Scenario.named("sort by two fields").get(DEMO2 + "?sort=-active,+title").expect(200)
                        .then((r, s) -> assertThat(titles(r)).containsExactly("test2", "test3", "test1")),
                Scenario.named("sort by an unknown field").get(DEMO2 + "?sort=nope").expect(400).contains("\"data\":{}"),
                Scenario.named("unknown collection").get("/api/collections/missing/records").expect(404)
                        .contains("\"message\":\"Missing collection context.\""),
                // locked rules
                Scenario.named("guest on locked demo1").get("/api/collections/demo1/records").expect(403)
                        .contains("\"message\":\"Only superusers can perform this action.\"", "\"status\":403"),
                Scenario.named("user on locked demo1").get("/api/collections/demo1/records").as(Auth.user("test@example.com"))
                        .expect(403).contains("Only superusers can perform this action."),
                Scenario.named("superuser on locked demo1").get("/api/collections/demo1/records").as(Auth.SUPERUSER)
                        .expect(200).contains("\"totalItems\":3", "\"point\":{\"lon\":0,\"lat\":0}", "\"json\":null"),
                Scenario.named("guest views locked demo1 record").get("/api/collections/demo1/records/84nmscqy84lsi1t").expect(403),
                Scenario.named("guest creates in locked demo1").post("/api/collections/demo1/records", "{}").expect(403),
                // view
                Scenario.named("view a record").get(DEMO2 + "/llvuca81nly1qls").expect(200)
                        .contains("\"id\":\"llvuca81nly1qls\"", "\"title\":\"test1\"", "\"active\":false", "\"created\":\"2022-10-12 11:42:51.509Z\""),
                Scenario.named("view a missing record").get(DEMO2 + "/missingmissing1").expect(404)
                        .contains("\"message\":\"The requested resource wasn't found.\""),
                // create
                Scenario.named("create answers 200 with the record").post(DEMO2, "{\"title\":\"new title\",\"active\":true}").expect(200)
                        .contains("\"title\":\"new title\"", "\"active\":true", "\"collectionName\":\"demo2\"")
                        .then((r, s) -> {
                            String id = r.json().get("id").asString();
                            assertThat(id).matches("[a-z0-9]{15}");
                            assertThat(s.get(DEMO2 + "/" + id, null).status()).isEqualTo(200);
                            assertThat(r.json().get("created").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                        }),
                Scenario.named("create with a custom id").post(DEMO2, "{\"id\":\"customid1234567\",\"title\":\"abc\"}").expect(200)
                        .contains("\"id\":\"customid1234567\""),
                Scenario.named("create with an invalid id").post(DEMO2, "{\"id\":\"BAD\",\"title\":\"abc\"}").expect(400)
                        .contains("\"id\":{\"code\":\"validation_min_text_constraint\""),
                Scenario.named("create with a duplicate id").post(DEMO2, "{\"id\":\"llvuca81nly1qls\",\"title\":\"unique1\"}").expect(400)
                        .contains("\"id\":{\"code\":\"validation_not_unique\",\"message\":\"Value must be unique.\"}"),
                Scenario.named("create with a duplicate unique title").post(DEMO2, "{\"title\":\"test1\"}").expect(400)
                        .contains("\"message\":\"Failed to create record.\"",
                                "\"title\":{\"code\":\"validation_not_unique\",\"message\":\"Value must be unique.\"}")
                        .then((r, s) -> assertThat(s.get(DEMO2, null).body()).contains("\"totalItems\":3")),
                Scenario.named("create with a missing required field").post(DEMO2, "{\"active\":true}").expect(400)
                        .contains("\"title\":{\"code\":\"validation_required\",\"message\":\"Cannot be blank.\"}"),
                Scenario.named("create with a too short value").post(DEMO2, "{\"title\":\"a\"}").expect(400)
                        .contains("\"code\":\"validation_min_text_constraint\"", "\"params\":{\"min\":2}"),
                Scenario.named("a select value outside its list").post("/api/collections/demo1/records", "{\"select_one\":\"nope\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"select_one\":{\"code\":\"validation_invalid_value\""),
                Scenario.named("too many select values").post("/api/collections/demo1/records",
                                "{\"select_many\":[\"optionA\",\"optionB\",\"optionC\",\"x\"]}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"select_many\":{\"code\":\"validation_too_many_values\""),
                Scenario.named("an invalid email").post("/api/collections/demo1/records", "{\"email\":\"not-an-email\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"email\":{\"code\":\"validation_is_email\""),
                Scenario.named("an invalid url").post("/api/collections/demo1/records", "{\"url\":\"not a url\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("\"url\":{\"code\":\"validation_invalid_url\""),
                Scenario.named("an out of range point").post("/api/collections/demo1/records", "{\"point\":{\"lon\":500,\"lat\":1}}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_invalid_longitude"),
                Scenario.named("a relation to a missing record").post("/api/collections/demo1/records", "{\"rel_one\":\"missingmissing1\"}")
                        .as(Auth.SUPERUSER).expect(400).contains("validation_missing_rel_records")
                        .then((r, s) -> assertThat(s.get("/api/collections/demo1/records", s.superuserToken()).body())
                                .contains("\"totalItems\":3")),
                Scenario.named("number strings are cast like PocketBase").post("/api/collections/demo1/records", "{\"number\":\"12.5\"}")
                        .as(Auth.SUPERUSER).expect(200).contains("\"number\":12.5"),
                Scenario.named("unknown fields are ignored").post(DEMO2, "{\"title\":\"ok title\",\"nope\":1}").expect(200)
                        .absent("nope"),
                Scenario.named("malformed JSON").post(DEMO2, "{\"title\":").expect(400)
                        .then((r, s) -> assertThat(s.get(DEMO2, null).body()).contains("\"totalItems\":3")),
                Scenario.named("JSON that is not an object").post(DEMO2, "[1,2]").expect(400),
                Scenario.named("urlencoded body").post(DEMO2, "title=from+form&active=true")
                        .header("Content-Type", "application/x-www-form-urlencoded").expect(200)
                        .contains("\"title\":\"from form\"", "\"active\":true"),
                Scenario.named("unsupported content type").post(DEMO2, "<a/>").header("Content-Type", "text/xml").expect(400),
                Scenario.named("create in a view collection").post("/api/collections/view2/records", "{}").expect(400)
                        .contains("\"message\":\"Unsupported collection type.\""),
                Scenario.named("autodate fields cannot be set").post(DEMO2, "{\"title\":\"dated\",\"created\":\"2000-01-01 00:00:00.000Z\"}")
                        .expect(200).absent("2000-01-01"),
                // update
                Scenario.named("update a record").patch(DEMO2 + "/llvuca81nly1qls", "{\"title\":\"changed\"}").expect(200)
                        .contains("\"title\":\"changed\"", "\"active\":false", "\"created\":\"2022-10-12 11:42:51.509Z\"")
                        .absent("\"updated\":\"2022-10-12 11:42:51.509Z\""),
                Scenario.named("update a missing record").patch(DEMO2 + "/missingmissing1", "{\"title\":\"changed\"}").expect(404),
                Scenario.named("update cannot change the id").patch(DEMO2 + "/llvuca81nly1qls", "{\"id\":\"otherid12345678\"}").expect(400)
                        .contains("validation_pk_change"),
                Scenario.named("update with invalid value changes nothing").patch(DEMO2 + "/llvuca81nly1qls", "{\"title\":\"x\"}").expect(400)
                        .then((r, s) -> assertThat(s.get(DEMO2 + "/llvuca81nly1qls", null).body()).contains("\"title\":\"test1\"")),
                // delete
                Scenario.named("delete answers 204").delete(DEMO2 + "/llvuca81nly1qls").expect(204)
                        .then((r, s) -> {
                            assertThat(r.body()).isEmpty();
                            assertThat(s.get(DEMO2 + "/llvuca81nly1qls", null).status()).isEqualTo(404);
                        }),
                Scenario.named("delete a missing record").delete(DEMO2 + "/missingmissing1").expect(404),
                Scenario.named("delete a required relation target").delete("/api/collections/demo3/records/7nwo8tuiatetxdm")
                        .as(Auth.SUPERUSER).expect(400)
                        .contains("Failed to delete record. Make sure that the record is not part of a required relation reference."),
                // hidden and auth fields
                Scenario.named("auth records never expose password or tokenKey").get("/api/collections/users/records").as(Auth.SUPERUSER)
                        .expect(200).contains("\"email\":\"test@example.com\"").absent("\"password\"", "\"tokenKey\""),
                Scenario.named("fields picking").get(DEMO2 + "?fields=id,title").expect(200)
                        .contains("{\"id\":\"llvuca81nly1qls\",\"title\":\"test1\"}", "\"perPage\":30").absent("\"active\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }

    static List<String> titles(dev.basalt.testkit.Response r) {
        return r.json().get("items").valueStream().map(i -> i.get("title").asString()).toList();
    }
}
