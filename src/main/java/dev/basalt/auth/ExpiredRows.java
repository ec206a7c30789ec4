package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.records.RecordStore;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import java.time.Clock;
import java.util.function.ToLongFunction;

/**
 * Removes rows of a per-auth-collection system table ({@code _otps}, {@code _mfas}) that outlived
 * their collection's duration: they can no longer be used and only take space.
 */
final class ExpiredRows {
    private ExpiredRows() {}

    /**
     * @param duration seconds a row of the collection stays valid; collections whose option is
     *                 absent (negative) are skipped
     */
    static int delete(Database db, Collections collections, String systemCollection, Clock clock,
            ToLongFunction<AuthOptions> duration) {
        Collection rows = collections.require(systemCollection);
        int removed = 0;
        for (Collection c : collections.schema().all()) {
            long seconds = c.isAuth() ? duration.applyAsLong(c.auth()) : -1;
            if (seconds < 0) {
                continue;
            }
            String cutoff = DateTimes.format(clock.instant().minusSeconds(Math.max(1, seconds)));
            removed += db.write(tx -> tx.dsl().deleteFrom(RecordStore.table(rows))
                    .where(RecordStore.column(rows, "collectionRef").eq(c.id()))
                    .and(RecordStore.column(rows, "created").lt(cutoff)).execute());
        }
        return removed;
    }
}
