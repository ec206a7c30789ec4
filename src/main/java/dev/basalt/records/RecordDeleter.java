package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Field;
import dev.basalt.collections.RelationField;
import dev.basalt.collections.Values;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.files.FileService;
import dev.basalt.store.Tx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Deletes a record inside a transaction, keeping relations consistent: references to it are
 * removed from other records; a record left with no ids in a {@code cascadeDelete} relation is
 * deleted too; one left empty in a required relation aborts the whole delete.
 */
final class RecordDeleter {
    private final Collections collections;
    private final FileService files;
    private final AuthRecordEffects authEffects;
    private final RecordEvents events;

    RecordDeleter(Collections collections, FileService files, AuthRecordEffects authEffects, RecordEvents events) {
        this.collections = collections;
        this.files = files;
        this.authEffects = authEffects;
        this.events = events;
    }

    void delete(Tx tx, Record record) {
        delete(tx, record, new HashSet<>());
    }

    private void delete(Tx tx, Record record, Set<String> visited) {
        Collection c = record.collection();
        if (!visited.add(c.id() + "/" + record.id())) {
            return;
        }
        if (c.isSuperusers() && RecordStore.count(tx.dsl(), c, dev.basalt.rules.Compiled.all()) <= 1) {
            throw ApiException.badRequest("You can't delete the only existing superuser.");
        }
        events.deleting(tx, record);
        RecordStore.delete(tx.dsl(), c, record.id());
        authEffects.afterDelete(tx.dsl(), record);
        if (c.fields().stream().anyMatch(f -> f instanceof dev.basalt.collections.FileField)) {
            files.removeRecordAfterCommit(tx, c, record.id());
        }
        for (Collection other : collections.schema().all()) {
            if (other.isView()) {
                continue;
            }
            for (Field f : other.fields()) {
                if (f instanceof RelationField rel && rel.collectionId().equals(c.id())) {
                    detach(tx, other, rel, record.id(), visited);
                }
            }
        }
    }

    private void detach(Tx tx, Collection other, RelationField rel, String id, Set<String> visited) {
        org.jooq.Field<Object> column = RecordStore.column(other, rel.name());
        Condition references = rel.multiple()
                ? dev.basalt.rules.JsonSql.containsAny(column, List.of(id))
                : column.eq(id);
        List<Record> referencing = new ArrayList<>(RecordStore.list(tx.dsl(), other, references));
        for (Record ref : referencing) {
            if (visited.contains(other.id() + "/" + ref.id())) {
                continue;
            }
            List<String> ids = new ArrayList<>(Values.toUniqueStrings(ref.get(rel.name())));
            ids.remove(id);
            if (ids.isEmpty() && rel.cascadeDelete()) {
                delete(tx, ref, visited);
            } else if (ids.isEmpty() && rel.required()) {
                throw new ApiException(ErrorCode.RECORD_DELETE_FAILED,
                        "Failed to delete record. Make sure that the record is not part of a required relation reference.");
            } else {
                Record before = ref.copy();
                ref.set(rel.name(), rel.prepare(ids));
                RecordStore.update(tx.dsl(), other, ref, ref.id());
                events.saved(tx, ref.asSaved(), before);
            }
        }
    }
}
