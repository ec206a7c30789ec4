package dev.basalt.auth;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.SystemCollections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordStore;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Multi-factor sessions ({@code _mfas} rows): the first factor of a login stores one and answers
 * with its id; the second factor must name it and use a different method. A session is consumed
 * by the login it completes, and expires after the collection's {@code mfa.duration}.
 */
final class MfaSessions {
    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private final Clock clock;

    MfaSessions(Database db, Collections collections, RecordActions records, Clock clock) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.clock = clock;
    }

    /** Starts a session after the first factor ({@code method}); returns its id. */
    String start(Record record, String method) {
        Record row = Record.create(collections.require(SystemCollections.MFAS));
        row.set("collectionRef", record.collection().id());
        row.set("recordRef", record.id());
        row.set("method", method);
        return records.save(row).id();
    }

    /**
     * Completes the session {@code mfaId} with a second factor {@code method} for {@code record}:
     * deletes it and returns normally, or throws PocketBase's 400 for an unknown, expired, foreign or
     * same-method session.
     */
    void complete(Record record, String method, String mfaId) {
        Collection mfas = collections.require(SystemCollections.MFAS);
        Duration ttl = Duration.ofSeconds(Math.max(1, record.collection().auth().mfa().duration()));
        // decided and cleaned up in one transaction; the error is thrown after it committed
        ErrorCode error = db.write(tx -> {
            Optional<Record> found = RecordStore.findById(tx.dsl(), mfas, mfaId);
            if (found.isEmpty()) {
                return ErrorCode.MFA_INVALID;
            }
            Record row = found.get();
            Instant created = DateTimes.parse(row.getString("created")).orElse(Instant.EPOCH);
            if (clock.instant().isAfter(created.plus(ttl))) {
                RecordStore.delete(tx.dsl(), mfas, row.id());
                return ErrorCode.MFA_INVALID;
            }
            if (!row.getString("recordRef").equals(record.id()) || !row.getString("collectionRef").equals(record.collection().id())) {
                return ErrorCode.FORBIDDEN;
            }
            if (row.getString("method").equals(method)) {
                return ErrorCode.MFA_SAME_METHOD;
            }
            RecordStore.delete(tx.dsl(), mfas, row.id());
            return null;
        });
        if (error == ErrorCode.FORBIDDEN) {
            throw new ApiException(ErrorCode.MFA_INVALID, "Invalid MFA session.");
        }
        if (error != null) {
            throw new ApiException(error);
        }
    }

    /** Deletes expired sessions of every auth collection (they are useless and only take space). */
    int deleteExpired() {
        return ExpiredRows.delete(db, collections, SystemCollections.MFAS, clock, a -> a.mfa() == null ? -1 : a.mfa().duration());
    }
}
