package dev.basalt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** API rule outcomes per action and caller, client-filter hardening, email visibility, expand and fields. */
public class RulesIT {
    static final Auth USER = Auth.user("test@example.com");
    static final Auth OTHER_USER = Auth.user("test2@example.com");
    static final Auth CLIENT = Auth.account("clients", "test@example.com");
    static final String DEMO3 = "/api/collections/demo3/records";

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Stream<Scenario> scenarios() {
        return Stream.of(
                // users: list locked, view/update/delete only the owner
                Scenario.named("users list as guest").get("/api/collections/users/records").expect(403),
                Scenario.named("users list as user").get("/api/collections/users/records").as(USER).expect(403),
                Scenario.named("users view own").get("/api/collections/users/records/4q1xlclmfloku33").as(USER).expect(200)
                        .contains("\"email\":\"test@example.com\""),
                Scenario.named("users view other").get("/api/collections/users/records/oap640cot4yru2s").as(USER).expect(404),
                Scenario.named("users view as guest").get("/api/collections/users/records/4q1xlclmfloku33").expect(404),
                Scenario.named("users view as superuser").get("/api/collections/users/records/oap640cot4yru2s").as(Auth.SUPERUSER)
                        .expect(200).contains("\"email\":\"test2@example.com\""),
                Scenario.named("users update own").patch("/api/collections/users/records/4q1xlclmfloku33", "{\"name\":\"renamed\"}")
                        .as(USER).expect(200).contains("\"name\":\"renamed\""),
                Scenario.named("users update other").patch("/api/collections/users/records/oap640cot4yru2s", "{\"name\":\"x\"}")
                        .as(USER).expect(404),
                Scenario.named("users update own email needs manage access")
                        .patch("/api/collections/users/records/4q1xlclmfloku33", "{\"email\":\"new@example.com\"}").as(USER).expect(400)
                        .contains("\"email\":{\"code\":\"validation_values_mismatch\""),
                Scenario.named("users change own password needs the old one")
                        .patch("/api/collections/users/records/4q1xlclmfloku33",
                                "{\"password\":\"12345678901\",\"passwordConfirm\":\"12345678901\"}").as(USER).expect(400)
                        .contains("\"oldPassword\":{\"code\":\"validation_invalid_old_password\""),
                Scenario.named("users change own password with the old one")
                        .patch("/api/collections/users/records/4q1xlclmfloku33",
                                "{\"password\":\"12345678901\",\"passwordConfirm\":\"12345678901\",\"oldPassword\":\"1234567890\"}")
                        .as(USER).expect(200),
                Scenario.named("users delete other").delete("/api/collections/users/records/oap640cot4yru2s").as(USER).expect(404),
                Scenario.named("users sign up as guest").post("/api/collections/users/records",
                                "{\"email\":\"new@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567890\",\"verified\":true}")
                        .expect(400).contains("\"verified\":{\"code\":\"validation_values_mismatch\""),
                Scenario.named("users sign up").post("/api/collections/users/records",
                                "{\"email\":\"new@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567890\"}")
                        .expect(200).contains("\"verified\":false", "\"username\":\"users").absent("\"password\"", "\"tokenKey\"", "new@example.com"),
                Scenario.named("users sign up with mismatching confirmation").post("/api/collections/users/records",
                                "{\"email\":\"new@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567899\"}")
                        .expect(400).contains("\"passwordConfirm\":{\"code\":\"validation_values_mismatch\""),
                Scenario.named("users sign up with a taken email").post("/api/collections/users/records",
                                "{\"email\":\"test@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567890\"}")
                        .expect(400).contains("\"email\":{\"code\":\"validation_not_unique\""),
                // demo3: every rule = authenticated and not a "users" record
                Scenario.named("demo3 list as guest is filtered").get(DEMO3).expect(200).contains("\"totalItems\":0"),
                Scenario.named("demo3 list as user is filtered").get(DEMO3).as(USER).expect(200).contains("\"totalItems\":0"),
                Scenario.named("demo3 list as client").get(DEMO3).as(CLIENT).expect(200).contains("\"totalItems\":4"),
                Scenario.named("demo3 list as superuser").get(DEMO3).as(Auth.SUPERUSER).expect(200).contains("\"totalItems\":4"),
                Scenario.named("demo3 view as guest").get(DEMO3 + "/1tmknxy2868d869").expect(404),
                Scenario.named("demo3 view as user").get(DEMO3 + "/1tmknxy2868d869").as(USER).expect(404),
                Scenario.named("demo3 view as client").get(DEMO3 + "/1tmknxy2868d869").as(CLIENT).expect(200),
                Scenario.named("demo3 create as guest").post(DEMO3, "{\"title\":\"new\"}").expect(400)
                        .contains("{\"data\":{},\"message\":\"Failed to create record.\",\"status\":400}")
                        .then((r, s) -> assertThat(s.get(DEMO3, s.superuserToken()).body()).contains("\"totalItems\":4")),
                Scenario.named("demo3 create as user").post(DEMO3, "{\"title\":\"new\"}").as(USER).expect(400),
                Scenario.named("demo3 create as client").post(DEMO3, "{\"title\":\"new\"}").as(CLIENT).expect(200),
                Scenario.named("demo3 update as user").patch(DEMO3 + "/1tmknxy2868d869", "{\"title\":\"x\"}").as(USER).expect(404),
                Scenario.named("demo3 update as client").patch(DEMO3 + "/1tmknxy2868d869", "{\"title\":\"x\"}").as(CLIENT).expect(200),
                Scenario.named("demo3 delete as user").delete(DEMO3 + "/1tmknxy2868d869").as(USER).expect(404),
                Scenario.named("demo3 delete as client").delete(DEMO3 + "/1tmknxy2868d869").as(CLIENT).expect(204),
                // demo4 create rule on @request.auth.collectionName
                Scenario.named("demo4 create as guest").post("/api/collections/demo4/records",
                                "{\"rel_one_no_cascade_required\":\"lcl9d87w22ml6jy\",\"rel_many_no_cascade_required\":[\"lcl9d87w22ml6jy\"]}")
                        .expect(400).contains("Failed to create record."),
                Scenario.named("demo4 create as user").post("/api/collections/demo4/records",
                                "{\"rel_one_no_cascade_required\":\"lcl9d87w22ml6jy\",\"rel_many_no_cascade_required\":[\"lcl9d87w22ml6jy\"]}")
                        .as(USER).expect(200).contains("\"rel_many_no_cascade_required\":[\"lcl9d87w22ml6jy\"]"),
                Scenario.named("demo4 create with a missing relation id").post("/api/collections/demo4/records",
                                "{\"rel_one_no_cascade_required\":\"missingmissingm\",\"rel_many_no_cascade_required\":[\"lcl9d87w22ml6jy\"]}")
                        .as(USER).expect(400).contains("validation_missing_rel_records"),
                // demo5: rules on :length, @request.body and @request.query
                Scenario.named("demo5 list rule select_many:length = 3").get("/api/collections/demo5/records").expect(200)
                        .contains("\"totalItems\":1", "qjeql998mtp1azp"),
                Scenario.named("demo5 create rule on body: allowed").post("/api/collections/demo5/records", "{\"total\":3}").expect(200),
                Scenario.named("demo5 create rule on body: denied").post("/api/collections/demo5/records", "{\"total\":2}").expect(400),
                Scenario.named("demo5 create rule sees modifiers").post("/api/collections/demo5/records", "{\"total\":1,\"total+\":2}")
                        .expect(200).contains("\"total\":3"),
                Scenario.named("demo5 update rule on body: allowed").patch("/api/collections/demo5/records/la4y2w4o98acwuj",
                        "{\"total\":3}").expect(200).contains("\"total\":3"),
                Scenario.named("demo5 update rule on body: denied").patch("/api/collections/demo5/records/la4y2w4o98acwuj",
                        "{\"total\":4}").expect(404),
                Scenario.named("demo5 update with number modifier").patch("/api/collections/demo5/records/la4y2w4o98acwuj",
                        "{\"total+\":1}").expect(200).contains("\"total\":3"),
                Scenario.named("demo5 delete rule on query: denied").delete("/api/collections/demo5/records/la4y2w4o98acwuj").expect(404),
                Scenario.named("demo5 delete rule on query: allowed").delete("/api/collections/demo5/records/la4y2w4o98acwuj?test=1")
                        .expect(204),
                // view collections
                Scenario.named("view1 as guest").get("/api/collections/view1/records").expect(200).contains("\"totalItems\":0"),
                Scenario.named("view1 as user").get("/api/collections/view1/records").as(USER).expect(200)
                        .contains("\"totalItems\":1", "84nmscqy84lsi1t"),
                Scenario.named("view1 view").get("/api/collections/view1/records/84nmscqy84lsi1t").as(USER).expect(200),
                Scenario.named("view1 view of a filtered record").get("/api/collections/view1/records/al1h9ijdeojtsjy").as(USER).expect(404),
                Scenario.named("view2 with a filter").get("/api/collections/view2/records?filter=" + q("state = true")).expect(200)
                        .contains("\"totalItems\":1"),
                Scenario.named("numeric id view").get("/api/collections/numeric_id_view/records").expect(200)
                        .contains("\"totalItems\":2"),
                // client filter hardening
                Scenario.named("guest filter with @request").get("/api/collections/demo2/records?filter=" + q("@request.auth.id = ''"))
                        .expect(403).contains("Only superusers can filter by @request."),
                Scenario.named("guest filter with @collection").get("/api/collections/demo2/records?filter=" + q("@collection.demo1.id != ''"))
                        .expect(403).contains("Only superusers can filter by @collection."),
                Scenario.named("guest sort with @request").get("/api/collections/demo2/records?sort=@request.auth.id").expect(403),
                Scenario.named("guest filter on a hidden field").get("/api/collections/nologin/records?filter=" + q("tokenKey != ''"))
                        .expect(400),
                Scenario.named("superuser filter on a hidden field").get("/api/collections/nologin/records?filter=" + q("tokenKey != ''"))
                        .as(Auth.SUPERUSER).expect(200).contains("\"totalItems\":3"),
                Scenario.named("traversed collection list rule applies").get("/api/collections/demo4/records?filter="
                        + q("rel_one_cascade.title = 'test3'")).expect(200).contains("\"totalItems\":0"),
                Scenario.named("traversed collection list rule passes for its audience").get("/api/collections/demo4/records?filter="
                        + q("rel_one_cascade.title = 'test3'")).as(CLIENT).expect(200).contains("\"totalItems\":1"),
                Scenario.named("guest filter through a relation into a locked collection")
                        .get("/api/collections/view2/records?filter=" + q("rel_many.name ?!= ''")).expect(400),
                Scenario.named("superuser filter through a relation into a locked collection")
                        .get("/api/collections/view2/records?filter=" + q("rel_many.name ?!= ''")).as(Auth.SUPERUSER).expect(200)
                        .contains("\"totalItems\":1", "al1h9ijdeojtsjy"),
                Scenario.named("guest sort through a relation into a locked collection")
                        .get("/api/collections/demo5/records?sort=" + q("rel_one.rel_one_no_cascade.title")).expect(200),
                // email visibility
                Scenario.named("emails of a public auth list").get("/api/collections/nologin/records").expect(200)
                        .contains("\"email\":\"test2@example.com\"").absent("test@example.com", "test3@example.com"),
                Scenario.named("filter on a hidden email matches nothing").get("/api/collections/nologin/records?filter="
                        + q("email = 'test@example.com'")).expect(200).contains("\"totalItems\":0"),
                Scenario.named("filter on a visible email").get("/api/collections/nologin/records?filter="
                        + q("email = 'test2@example.com'")).expect(200).contains("\"totalItems\":1"),
                Scenario.named("managers see every email").get("/api/collections/nologin/records").as(USER).expect(200)
                        .contains("test@example.com", "test2@example.com", "test3@example.com"),
                Scenario.named("managers may change emails").patch("/api/collections/nologin/records/dc49k6jgejn40h3",
                        "{\"email\":\"changed@example.com\"}").as(USER).expect(200).contains("changed@example.com"),
                Scenario.named("non-managers may not change emails").patch("/api/collections/nologin/records/dc49k6jgejn40h3",
                        "{\"email\":\"changed@example.com\"}").expect(400).contains("validation_values_mismatch"),
                // authRule
                Scenario.named("authRule rejects an unverified client").post("/api/collections/clients/auth-with-password",
                        "{\"identity\":\"test2@example.com\",\"password\":\"1234567890\"}").expect(403)
                        .contains("The request doesn't satisfy the collection requirements to authenticate."),
                Scenario.named("authRule accepts a verified client").post("/api/collections/clients/auth-with-password",
                        "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}").expect(200),
                // expand
                Scenario.named("expand a single relation").get("/api/collections/demo1/records/al1h9ijdeojtsjy?expand=rel_one")
                        .as(Auth.SUPERUSER).expect(200).contains("\"expand\":{\"rel_one\":{", "\"id\":\"84nmscqy84lsi1t\""),
                Scenario.named("expand a multiple relation").get("/api/collections/demo1/records/al1h9ijdeojtsjy?expand=rel_many")
                        .as(Auth.SUPERUSER).expect(200).then((r, s) -> {
                            JsonNode rel = r.json().get("expand").get("rel_many");
                            assertThat(rel.isArray()).isTrue();
                            assertThat(rel.size()).isEqualTo(3);
                            assertThat(rel.get(0).get("id").asString()).isEqualTo("bgs820n361vj1qd");
                        }),
                Scenario.named("expand nested relations").get("/api/collections/demo5/records?expand=" + q("rel_many.self_rel_many,rel_one"))
                        .expect(200).then((r, s) -> {
                            JsonNode item = r.json().get("items").get(0);
                            assertThat(item.get("expand").get("rel_one").get("id").asString()).isEqualTo("i9naidtvr6qsgb4");
                            JsonNode first = item.get("expand").get("rel_many").get(0);
                            assertThat(first.get("id").asString()).isEqualTo("qzaqccwrmva4o1n");
                            assertThat(first.get("expand").get("self_rel_many").size()).isEqualTo(2);
                        }),
                Scenario.named("expand a back-relation").get(DEMO3 + "/lcl9d87w22ml6jy?expand=demo4_via_rel_many_no_cascade_required")
                        .as(Auth.SUPERUSER).expect(200).then((r, s) ->
                                assertThat(r.json().get("expand").get("demo4_via_rel_many_no_cascade_required").size()).isEqualTo(1)),
                Scenario.named("expand a back-relation with a unique index is an object")
                        .get(DEMO3 + "/1tmknxy2868d869?expand=demo4_via_rel_one_unique").as(Auth.SUPERUSER).expect(200),
                Scenario.named("expand hides records the caller cannot view").get("/api/collections/demo4/records?expand=rel_one_cascade")
                        .expect(200).absent("\"expand\":{\"rel_one_cascade\""),
                Scenario.named("expand shows records the caller can view").get("/api/collections/demo4/records?expand=rel_one_cascade")
                        .as(CLIENT).expect(200).contains("\"expand\":{\"rel_one_cascade\":{"),
                Scenario.named("expand of an unknown relation is ignored").get("/api/collections/demo2/records?expand=nope").expect(200),
                Scenario.named("expand on create").post("/api/collections/users/records?expand=rel",
                                "{\"email\":\"x@example.com\",\"password\":\"1234567890\",\"passwordConfirm\":\"1234567890\",\"rel\":\"llvuca81nly1qls\"}")
                        .expect(200).contains("\"expand\":{\"rel\":{\"active\":false"),
                // fields
                Scenario.named("fields with expand and excerpt").get("/api/collections/demo1/records/al1h9ijdeojtsjy?expand=rel_one&fields="
                                + q("id,expand.rel_one.text,text:excerpt(3,true)")).as(Auth.SUPERUSER).expect(200)
                        .contains("{\"expand\":{\"rel_one\":{\"text\":\"test\"}},\"id\":\"al1h9ijdeojtsjy\",\"text\":\"tes...\"}"),
                Scenario.named("fields star").get("/api/collections/demo2/records/llvuca81nly1qls?fields=" + q("*")).expect(200)
                        .contains("\"title\":\"test1\""),
                Scenario.named("fields on other responses").get("/api/health?fields=message").expect(200)
                        .contains("{\"message\":\"API is healthy.\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }
}
