package dev.basalt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.collections.Collection;
import dev.basalt.collections.CollectionDefaults;
import dev.basalt.collections.CollectionType;
import dev.basalt.collections.Schema;
import dev.basalt.collections.SelectField;
import dev.basalt.collections.TextField;
import dev.basalt.collections.RelationField;
import dev.basalt.collections.NumberField;
import dev.basalt.collections.JsonField;
import dev.basalt.records.RequestInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Fuzzes the parser and the compiler: any input either compiles to SQL or fails with a
 * {@link FilterSyntaxException} (a 400 for the client) — never another exception, a hang or
 * runaway work. Without {@code JAZZER_FUZZ=1} it replays the committed seed corpus
 * ({@code src/test/resources/dev/basalt/rules/FilterFuzzTestInputs/parseAndCompile}) as a regression test.
 */
class FilterFuzzTest {
    private static final Collection POSTS;
    private static final Schema SCHEMA;

    static {
        Collection created = CollectionDefaults.newCollection(CollectionType.BASE, "posts");
        Collection base = new Collection(created.id(), "posts", CollectionType.BASE, false, created.fields(), List.of(), "", "", null,
                null, null, null, null, "", "");
        POSTS = base.withFields(List.of(base.fields().get(0), TextField.of("title").withIdAndName("t1", "title"),
                NumberField.of("views").withIdAndName("n1", "views"),
                new SelectField("s1", "tags", false, false, false, false, "", List.of("a", "b"), 2),
                new RelationField("r1", "author", false, false, false, false, "", base.id(), false, 0, 1),
                new RelationField("r2", "related", false, false, false, false, "", base.id(), false, 0, 5),
                new JsonField("j1", "meta", false, false, false, false, "", 0)));
        SCHEMA = new Schema(List.of(POSTS));
        // load and initialise the SQL renderer once, so the 1 s budget measures the input, not class loading
        new RuleEngine(() -> SCHEMA, Clock.systemUTC()).list(POSTS, RequestInfo.guest("GET"), "title = 'x' && related.title ?= 1", "-title");
        DSL.using(SQLDialect.SQLITE).selectOne().getSQL();
    }

    // each input must finish within 1 s (asserted below); hangs are caught by Jazzer's own timeout
    @FuzzTest(maxDuration = "60s")
    void parseAndCompile(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        long started = System.nanoTime();
        RuleEngine engine = new RuleEngine(() -> SCHEMA, Clock.systemUTC());
        try {
            ListPlan plan = engine.list(POSTS, RequestInfo.guest("GET"), input, input.length() < 300 ? input : "");
            String sql = DSL.using(SQLDialect.SQLITE).selectOne().where(plan.where().where()).getSQL();
            assertThat(sql).isNotEmpty();
        } catch (FilterSyntaxException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
