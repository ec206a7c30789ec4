package dev.basalt.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.records.Record;
import dev.basalt.records.RecordStore;
import dev.basalt.store.Database;
import dev.basalt.store.Dialect;
import dev.basalt.testkit.ServerDatabase;
import dev.basalt.util.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Collection tables on PostgreSQL and MariaDB: every field type's column, PocketBase's system
 * collections with their indexes, and a record written and read back unchanged.
 */
class ServerTablesIT {

    static Collection things() {
        List<Field> fields = CollectionJson.parseFields(Json.parse("""
                [{"name":"id","type":"text","primaryKey":true,"required":true,"pattern":"^[a-z0-9]+$","min":15,"max":15,"autogeneratePattern":"[a-z0-9]{15}"},
                 {"name":"title","type":"text"},
                 {"name":"n","type":"number"},
                 {"name":"flag","type":"bool"},
                 {"name":"j","type":"json"},
                 {"name":"tags","type":"select","maxSelect":3,"values":["a","b","c"]},
                 {"name":"one","type":"select","maxSelect":1,"values":["a","b"]},
                 {"name":"when","type":"date"},
                 {"name":"loc","type":"geoPoint"},
                 {"name":"created","type":"autodate","onCreate":true}]"""), new LinkedHashMap<>());
        return new Collection("pbc_things", "things", CollectionType.BASE, false, fields,
                List.of("CREATE INDEX `idx_things_title` ON `things` (`title`)", "CREATE INDEX `idx_things_n_flag` ON `things` (`n`, `flag`)",
                        "CREATE INDEX `idx_things_flag_created` ON `things` (`flag`, `created`)",
                        "CREATE UNIQUE INDEX `idx_things_one` ON `things` (`one`)"),
                "", "", null, null, null, null, null, "", "");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void everyFieldTypeAndTheSystemCollections(Dialect dialect) {
        try (ServerDatabase scratch = ServerDatabase.create(dialect);
                Database db = Database.server(scratch.url(), 2, Duration.ofSeconds(30))) {
            db.writeVoid(tx -> {
                for (Collection c : SystemCollections.initial()) {
                    TableSync.create(tx.dsl(), c);
                }
                TableSync.create(tx.dsl(), things());
            });
            Collection things = things();
            Record r = Record.create(things);
            r.set("id", "abcdefghijklmno");
            r.set("title", "Grüße");
            r.set("n", 12.5);
            r.set("flag", true);
            r.set("j", Map.of("k", List.of(1, 2)));
            r.set("tags", List.of("a", "c"));
            r.set("one", "b");
            r.set("when", "2026-01-02 03:04:05.678Z");
            r.set("created", "2026-01-02 03:04:05.678Z");
            db.writeVoid(tx -> RecordStore.insert(tx.dsl(), things, r));
            Record back = db.read(dsl -> RecordStore.findById(dsl, things, "abcdefghijklmno")).orElseThrow();
            assertThat(back.getString("title")).isEqualTo("Grüße");
            assertThat(((Number) back.get("n")).doubleValue()).isEqualTo(12.5);
            assertThat(back.getBool("flag")).isTrue();
            assertThat(Json.write(back.get("j"))).isEqualTo("{\"k\":[1,2]}");
            assertThat(back.getList("tags")).containsExactly("a", "c");
            assertThat(back.getString("one")).isEqualTo("b");
            assertThat(back.getString("when")).isEqualTo("2026-01-02 03:04:05.678Z");
            Record empty = Record.create(things);
            empty.set("id", "zzzzzzzzzzzzzzz");
            db.writeVoid(tx -> RecordStore.insert(tx.dsl(), things, empty));
            Record zero = db.read(dsl -> RecordStore.findById(dsl, things, "zzzzzzzzzzzzzzz")).orElseThrow();
            assertThat(zero.getList("tags")).isEmpty();
            assertThat(zero.getBool("flag")).isFalse();
            if (dialect == Dialect.MYSQL) {
                // a LONGTEXT is indexed by a prefix, which cannot serve ORDER BY: dates must not be LONGTEXT
                String plan = db.read(dsl -> dsl.fetch("EXPLAIN SELECT * FROM things WHERE flag = TRUE ORDER BY created DESC LIMIT 20")
                        .format());
                assertThat(plan).contains("idx_things_flag_created").doesNotContain("filesort");
            }
        }
    }
}
