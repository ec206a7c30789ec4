package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.store.Dialect;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deleting a collection while view collections exist (the fixture has three). After the drop every
 * remaining view is queried; that check quoted names with SQLite's backticks, so on PostgreSQL
 * every collection delete on a directory with views failed as a "view dependency" (found by the
 * e2e suite's PostgreSQL pass). A collection a view reads is refused on every database and stays
 * usable: on MariaDB, which commits a DROP at once, the drop used to go through before the
 * refusal, leaving the collection without its table and the view broken.
 */
class CollectionDeleteWithViewsIT {

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"SQLITE", "POSTGRES", "MYSQL"})
    void deletingACollectionChecksTheRemainingViews(Dialect dialect) {
        try (TestServer s = TestServer.fixtureOn(dialect)) {
            String su = s.superuserToken();
            Response created = s.send("POST", "/api/collections", su,
                    "{\"name\":\"scratch\",\"type\":\"base\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"}]}", Map.of());
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            Response deleted = s.send("DELETE", "/api/collections/scratch", su, null, Map.of());
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
            assertThat(s.get("/api/collections/scratch", su).status()).isEqualTo(404);

            Response fixtureCollection = s.send("DELETE", "/api/collections/demo5", su, null, Map.of());
            assertThat(fixtureCollection.status()).as(fixtureCollection.body()).isEqualTo(204);

            // numeric_id_view reads clients, view2 reads view1: both deletes are refused and change nothing
            for (String[] used : new String[][] {{"clients", "numeric_id_view"}, {"view1", "view2"}}) {
                Response refused = s.send("DELETE", "/api/collections/" + used[0], su, null, Map.of());
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().get("message").asString())
                        .isEqualTo("Failed to delete collection probably due to existing view dependency.");
                Response stillThere = s.get("/api/collections/" + used[0] + "/records", su);
                assertThat(stillThere.status()).as(stillThere.body()).isEqualTo(200);
                Response view = s.get("/api/collections/" + used[1] + "/records", su);
                assertThat(view.status()).as(view.body()).isEqualTo(200);
            }
        }
    }
}
