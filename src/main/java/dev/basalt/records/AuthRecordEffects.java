package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.SystemCollections;
import dev.basalt.collections.TextField;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * What saving or deleting an auth record implies beyond its own row, applied inside the same
 * transaction so the effects commit or roll back with the change:
 *
 * <ul>
 *   <li>a new password or email rotates {@code tokenKey}, revoking every token of the record;</li>
 *   <li>becoming verified while linked to OAuth2 accounts unlinks them and rotates {@code tokenKey}
 *       (an account claimed before its email was proven may have been linked by someone else);</li>
 *   <li>a rotated {@code tokenKey} deletes the record's pending OTPs; a new password deletes its MFA
 *       sessions and known login origins;</li>
 *   <li>deleting the record deletes its OTPs, MFA sessions, origins and external auth links.</li>
 * </ul>
 */
final class AuthRecordEffects {
    private static final List<String> OWNED = List.of(SystemCollections.OTPS, SystemCollections.MFAS, SystemCollections.AUTH_ORIGINS,
            SystemCollections.EXTERNAL_AUTHS);

    private final Collections collections;

    AuthRecordEffects(Collections collections) {
        this.collections = collections;
    }

    /** Before writing {@code record} over {@code previous} (null for a new record). */
    void beforeSave(DSLContext dsl, Record record, Record previous) {
        Collection c = record.collection();
        if (!c.isAuth() || previous == null) {
            return;
        }
        boolean newPassword = record.get("password") instanceof PasswordValue pw && !pw.plain().isEmpty();
        boolean emailChanged = !record.getString("email").equals(previous.getString("email"));
        boolean keyUnchanged = record.getString("tokenKey").equals(previous.getString("tokenKey"));
        boolean nowVerified = Boolean.TRUE.equals(record.get("verified")) && !Boolean.TRUE.equals(previous.get("verified"));
        boolean unlinked = nowVerified && deleteOwned(dsl, SystemCollections.EXTERNAL_AUTHS, record) > 0;
        if (keyUnchanged && (newPassword || emailChanged || unlinked)) {
            rotateTokenKey(record);
        }
    }

    /** After writing {@code record} over {@code previous}: removes what the change invalidated. */
    void afterSave(DSLContext dsl, Record record, Record previous) {
        if (!record.collection().isAuth() || previous == null) {
            return;
        }
        if (!record.getString("tokenKey").equals(previous.getString("tokenKey"))) {
            deleteOwned(dsl, SystemCollections.OTPS, record);
        }
        String before = previous.get("password") instanceof PasswordValue p ? p.hash() : "";
        String after = record.get("password") instanceof PasswordValue p ? p.hash() : "";
        if (!before.equals(after)) {
            deleteOwned(dsl, SystemCollections.MFAS, record);
            deleteOwned(dsl, SystemCollections.AUTH_ORIGINS, record);
        }
    }

    /** After deleting an auth record. */
    void afterDelete(DSLContext dsl, Record record) {
        if (record.collection().isAuth()) {
            OWNED.forEach(name -> deleteOwned(dsl, name, record));
        }
    }

    static void rotateTokenKey(Record record) {
        record.collection().field("tokenKey").filter(f -> f instanceof TextField)
                .ifPresent(f -> record.set("tokenKey", ((TextField) f).generate()));
    }

    private int deleteOwned(DSLContext dsl, String systemCollection, Record owner) {
        Optional<Collection> c = collections.schema().find(systemCollection);
        if (c.isEmpty()) {
            return 0;
        }
        return dsl.deleteFrom(RecordStore.table(c.get()))
                .where(RecordStore.column(c.get(), "collectionRef").eq(owner.collection().id()))
                .and(RecordStore.column(c.get(), "recordRef").eq(owner.id()))
                .execute();
    }
}
