package dev.basalt.files;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Upload;
import dev.basalt.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores and removes the files of records, tied to the record's transaction: new files are
 * written before the commit (a committed record always has its files) and removed again if the
 * transaction rolls back; files a record no longer references are removed only after the commit.
 *
 * <p>A crash between writing new files and the commit (or between a commit and the removal of
 * dropped files) leaves unreferenced files behind; they are never served (downloads only serve
 * names a record holds) and {@code basalt files sweep} removes them (see
 * {@code dev.basalt.records.FileReconciler}).
 */
public final class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private final Supplier<Storage> storage;

    public FileService(Supplier<Storage> storage) {
        this.storage = storage;
    }

    /** The storage currently configured (local or S3, per settings). */
    public Storage storage() {
        return storage.get();
    }

    /** The key of a record's file. */
    public static String key(Collection c, String recordId, String name) {
        return c.id() + "/" + recordId + "/" + name;
    }

    /** The key prefix of a record's files. */
    public static String recordPrefix(Collection c, String recordId) {
        return c.id() + "/" + recordId + "/";
    }

    /** The key of a thumbnail of a record's file. */
    public static String thumbKey(Collection c, String recordId, String name, String size) {
        return c.id() + "/" + recordId + "/thumbs_" + name + "/" + size + "_" + name;
    }

    /** Writes new files of a record inside its transaction; a rollback removes them again. */
    public void store(Tx tx, Collection c, String recordId, List<Upload> uploads) {
        Storage s = storage.get();
        List<String> written = new ArrayList<>();
        tx.afterRollback(() -> written.forEach(k -> deleteQuietly(s, k)));
        for (Upload u : uploads) {
            String key = key(c, recordId, u.name());
            s.put(key, u.content(), u.contentType(), u.originalName());
            written.add(key);
        }
    }

    /** Removes files (and their thumbnails) once the transaction that dropped them committed. */
    public void removeAfterCommit(Tx tx, Collection c, String recordId, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Storage s = storage.get();
        tx.afterCommit(() -> {
            for (String name : names) {
                deleteQuietly(s, key(c, recordId, name));
                try {
                    s.deletePrefix(c.id() + "/" + recordId + "/thumbs_" + name + "/");
                } catch (RuntimeException e) {
                    LOG.warn("could not remove thumbnails of {}: {}", name, e.getMessage());
                }
            }
        });
    }

    /** Removes every file of a deleted record once its deletion committed. */
    public void removeRecordAfterCommit(Tx tx, Collection c, String recordId) {
        Storage s = storage.get();
        tx.afterCommit(() -> {
            try {
                s.deletePrefix(recordPrefix(c, recordId));
            } catch (RuntimeException e) {
                LOG.warn("could not remove the files of {}/{}: {}", c.name(), recordId, e.getMessage());
            }
        });
    }

    private static void deleteQuietly(Storage s, String key) {
        try {
            s.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not remove file {}: {}", key, e.getMessage());
        }
    }
}
