package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.basalt.store.Dialect;
import dev.basalt.testkit.Scenario;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API scenario suites (records, collections, filters, rules) on PostgreSQL and MariaDB, each
 * scenario on the PocketBase fixture copied there with {@code basalt migrate-data}. Scenarios in
 * {@link #KNOWN_GAPS} are the documented gaps (docs/databases.md): they must still fail, so that
 * fixing one forces its removal from the list.
 */
class ScenarioMatrixIT {
    static final Map<Dialect, Set<String>> KNOWN_GAPS = Map.of(
        Dialect.POSTGRES, Set.of(
            "create a view collection infers fields",
            "demo1: geoDistance(point.lon, point.lat, -74.0, 40.7) < 5 → 1",
            "demo1: geoDistance(point.lon, point.lat, 23.33, 42.65) < 10 → 1",
            "demo1: json = null → 2",
            "demo1: json.0 = 1 → 1",
            "demo1: point.lat > 40 → 2",
            "guest sort through a relation into a locked collection",
            "sort @rowid desc",
            "sort by a JSON path",
            "sort by a relation field"),
        Dialect.MYSQL, Set.of(
            "create a view collection infers fields",
            "demo1: @collection.demo2.title = \"test1\" → 0",
            "demo1: @collection.demo2:other.active ?= true && @collection.demo2:other.title = \"test1\" → 0",
            "demo1: geoDistance(point.lon, point.lat, -74.0, 40.7) < 5 → 1",
            "demo1: geoDistance(point.lon, point.lat, 23.33, 42.65) < 10 → 1",
            "demo1: json = null → 2",
            "demo1: rel_many.verified = true → 1",
            "demo1: select_many:each = \"optionB\" → 1",
            "demo1: select_many:each ~ \"option\" → 2",
            "sort @rowid desc"));

    static Stream<Arguments> scenarios() {
        return Stream.of(RecordsApiIT.scenarios(), CollectionsApiIT.scenarios(), dev.basalt.rules.FilterIT.scenarios(),
                        dev.basalt.rules.RulesIT.scenarios())
                .flatMap(s -> s)
                .flatMap(s -> Arrays.stream(new Dialect[] {Dialect.POSTGRES, Dialect.MYSQL}).map(d -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("scenarios")
    void scenario(Dialect dialect, Scenario s) {
        if (KNOWN_GAPS.get(dialect).contains(s.name())) {
            Throwable failure = catchThrowable(() -> s.run(dialect));
            assertThat(failure).as("%s on %s is a known gap that now works: remove it from KNOWN_GAPS", s.name(), dialect).isNotNull();
        } else {
            s.run(dialect);
        }
    }
}
