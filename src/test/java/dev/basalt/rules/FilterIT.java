package dev.basalt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Scenario;
import dev.basalt.testkit.Scenario.Auth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operator, modifier, macro, function and identifier kind of the filter language over the fixture. */
public class FilterIT {
    static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    /** Superuser filter on demo1 expecting {@code total} matches. */
    static Scenario demo1(String filter, int total) {
        return Scenario.named("demo1: " + filter + " → " + total).get("/api/collections/demo1/records?filter=" + q(filter))
                .as(Auth.SUPERUSER).expect(200).contains("\"totalItems\":" + total);
    }

    public static Stream<Scenario> scenarios() {
        return Stream.of(
                demo1("text = \"test\"", 1),
                demo1("text = 'test'", 1),
                demo1("text != \"test\"", 2),
                demo1("number > 456", 1),
                demo1("number >= 456", 2),
                demo1("number < 456", 1),
                demo1("number <= 456", 2),
                demo1("number = 123456", 1),
                demo1("text ~ \"ipsum\"", 1),
                demo1("text !~ \"test\"", 1),
                demo1("text ~ \"TEST\"", 2),
                demo1("text ~ \"te%2\"", 1),
                demo1("text ~ \"t_st\"", 0),
                demo1("email = \"\"", 1),
                demo1("email = null", 1),
                demo1("null = email", 1),
                demo1("email != null", 2),
                demo1("datetime = ''", 2),
                demo1("bool = true", 1),
                demo1("bool = false", 2),
                demo1("bool != true", 2),
                demo1("select_one = \"optionB\"", 2),
                // without :each a multi-valued field compares its stored JSON text (as PocketBase)
                demo1("select_many ?= \"optionC\"", 0),
                demo1("select_many = \"optionB\"", 0),
                demo1("select_many ?!= \"optionB\"", 3),
                demo1("select_many:each = \"optionB\"", 1),
                demo1("select_many:length = 2", 1),
                demo1("select_many:length = 0", 1),
                demo1("select_many:each ~ \"option\"", 2),
                demo1("select_many:each ?= \"optionC\"", 1),
                demo1("rel_many.name ?= \"test3\"", 1),
                demo1("rel_many.verified = true", 1),
                demo1("rel_many.verified ?= false", 1),
                demo1("rel_many:length = 3", 1),
                demo1("rel_one.text = \"test\"", 1),
                demo1("rel_one.id = \"84nmscqy84lsi1t\"", 1),
                demo1("rel_one.rel_many.username ?= \"test2_username\"", 1),
                demo1("demo1_via_rel_one.text ?= \"test2\"", 1),
                demo1("json.0 = 1", 1),
                demo1("json = null", 2),
                demo1("point.lat > 40", 2),
                demo1("geoDistance(point.lon, point.lat, 23.33, 42.65) < 10", 1),
                demo1("geoDistance(point.lon, point.lat, -74.0, 40.7) < 5", 1),
                demo1("created > \"2022-10-14 10:14:00.000Z\"", 2),
                demo1("created < @now", 3),
                demo1("created > @yesterday", 0),
                demo1("@todayStart < @todayEnd && @monthStart < @monthEnd && @yearStart < @yearEnd", 3),
                demo1("@second >= 0 && @minute >= 0 && @hour >= 0 && @day >= 1 && @month >= 1 && @weekday >= 0 && @year > 2000", 3),
                demo1("@tomorrow > @now", 3),
                demo1("strftime('%Y', created) = \"2022\"", 3),
                demo1("strftime('%Y-%m', datetime) = \"2022-10\"", 1),
                demo1("strftime('%Y', datetime) = ''", 2),
                demo1("(text = \"test\" || text = \"test2\") && bool = false", 1),
                demo1("text = \"test\" || text = \"test2\" && bool = false", 2),
                demo1("// a comment\ntext = \"test\" // trailing", 1),
                demo1("text:lower = \"test\"", 1),
                demo1("text:lower ~ \"IPSUM\"", 1),
                demo1("@request.auth.id != \"\"", 3),
                demo1("@request.auth.collectionName = \"_superusers\"", 3),
                demo1("@request.method = \"GET\"", 3),
                demo1("@request.context = \"default\"", 3),
                demo1("@request.query.page:isset = false", 3),
                demo1("@request.headers.x_token = \"\"", 3),
                demo1("@collection.demo2.title ?= \"test1\"", 3),
                demo1("@collection.demo2.title = \"test1\"", 0),
                demo1("@collection.demo2:other.active ?= true && @collection.demo2:other.title = \"test1\"", 0),
                demo1("@collection.users.rel ?= id", 0),
                demo1("\"test\" = text", 1),
                demo1("text = null || true = true", 3),
                Scenario.named("filter with a trailing operator").get("/api/collections/demo1/records?filter=" + q("text = "))
                        .as(Auth.SUPERUSER).expect(400).contains("\"status\":400"),
                Scenario.named("filter on an unknown field").get("/api/collections/demo1/records?filter=" + q("nope = 1"))
                        .as(Auth.SUPERUSER).expect(400).contains("nope"),
                Scenario.named("filter with an unknown operator").get("/api/collections/demo1/records?filter=" + q("text == 1"))
                        .as(Auth.SUPERUSER).expect(400),
                Scenario.named("filter with an unclosed group").get("/api/collections/demo1/records?filter=" + q("(text = 1"))
                        .as(Auth.SUPERUSER).expect(400).contains("at character"),
                Scenario.named("filter with unterminated text").get("/api/collections/demo1/records?filter=" + q("text = 'abc"))
                        .as(Auth.SUPERUSER).expect(400),
                Scenario.named("filter longer than 3500 characters").get("/api/collections/demo1/records?filter="
                        + q("text = '" + "x".repeat(3500) + "'")).as(Auth.SUPERUSER).expect(400),
                Scenario.named("filter with more than 200 comparisons").get("/api/collections/demo1/records?filter="
                        + q("id != '' " + "&& id != '' ".repeat(200))).as(Auth.SUPERUSER).expect(400),
                Scenario.named("unknown function").get("/api/collections/demo1/records?filter=" + q("nope(1) = 1"))
                        .as(Auth.SUPERUSER).expect(400),
                Scenario.named("too deep relation").get("/api/collections/demo4/records?filter="
                        + q("self_rel_one.self_rel_one.self_rel_one.self_rel_one.self_rel_one.self_rel_one.self_rel_one.id != ''"))
                        .as(Auth.SUPERUSER).expect(400),
                // sort
                Scenario.named("sort by number desc").get("/api/collections/demo1/records?sort=-number").as(Auth.SUPERUSER).expect(200)
                        .then((r, s) -> assertThat(r.json().get("items").get(0).get("id").asString()).isEqualTo("84nmscqy84lsi1t")),
                Scenario.named("sort by a relation field").get("/api/collections/demo1/records?sort=-rel_one.text,id").as(Auth.SUPERUSER)
                        .expect(200).then((r, s) -> assertThat(r.json().get("items").get(0).get("id").asString()).isEqualTo("al1h9ijdeojtsjy")),
                Scenario.named("sort @random").get("/api/collections/demo1/records?sort=@random").as(Auth.SUPERUSER).expect(200)
                        .contains("\"totalItems\":3"),
                Scenario.named("sort @rowid desc").get("/api/collections/demo1/records?sort=-@rowid").as(Auth.SUPERUSER).expect(200)
                        .then((r, s) -> assertThat(r.json().get("items").get(0).get("id").asString()).isEqualTo("imy661ixudk5izi")),
                Scenario.named("sort by a JSON path").get("/api/collections/demo1/records?sort=point.lat").as(Auth.SUPERUSER).expect(200),
                Scenario.named("more than 8 sort fields").get("/api/collections/demo1/records?sort=id,id,id,id,id,id,id,id,id")
                        .as(Auth.SUPERUSER).expect(400),
                // totals with joins count distinct rows
                Scenario.named("totals are distinct with multi-relation joins")
                        .get("/api/collections/demo1/records?filter=" + q("rel_many.id ?!= ''")).as(Auth.SUPERUSER).expect(200)
                        .contains("\"totalItems\":2").then((r, s) -> assertThat(r.json().get("items").size()).isEqualTo(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        s.run();
    }
}
