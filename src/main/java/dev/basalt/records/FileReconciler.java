package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Field;
import dev.basalt.collections.FileField;
import dev.basalt.collections.Values;
import dev.basalt.files.FileService;
import dev.basalt.files.Storage;
import dev.basalt.files.StoredObject;
import dev.basalt.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and removes stored files that no record references: files written for a transaction that
 * never committed (the process died between the file write and the commit) and files a committed
 * change dropped but the process died before deleting. A committed record never lacks its files
 * (they are written before the commit), so removing orphans is the whole reconciliation.
 *
 * <p>Only files older than {@code minAge} are touched, so a sweep is safe while requests are
 * writing files for transactions still open, on this node or any other. Thumbnails go with their
 * original; folders of collections that no longer exist are reported, not removed.
 */
public final class FileReconciler {
    /** What a sweep found: files looked at, unreferenced files (removed when applied) and examples. */
    public record Report(int scanned, int orphans, boolean applied, List<String> examples) {}

    private final Database db;
    private final Collections collections;
    private final FileService files;
    private final Clock clock;

    public FileReconciler(Database db, Collections collections, FileService files, Clock clock) {
        this.db = db;
        this.collections = collections;
        this.files = files;
        this.clock = clock;
    }

    /** Lists (and with {@code apply} removes) unreferenced files older than {@code minAge}. */
    public Report sweep(Duration minAge, boolean apply) {
        Storage storage = files.storage();
        Instant cutoff = clock.instant().minus(minAge);
        int scanned = 0;
        List<String> orphans = new ArrayList<>();
        for (Collection c : collections.schema().all()) {
            List<FileField> fileFields = c.isView() ? List.of()
                    : c.fields().stream().filter(FileField.class::isInstance).map(FileField.class::cast).toList();
            List<String> keys = storage.list(c.id() + "/");
            if (keys.isEmpty()) {
                continue;
            }
            Map<String, Set<String>> referenced = referenced(c, fileFields);
            for (String key : keys) {
                scanned++;
                String[] parts = key.split("/", 3);
                if (parts.length < 3 || isReferenced(referenced.get(parts[1]), parts[2])) {
                    continue;
                }
                Optional<StoredObject> o = storage.stat(key);
                if (o.isPresent() && o.get().modified().isBefore(cutoff)) {
                    orphans.add(key);
                }
            }
        }
        if (apply) {
            orphans.forEach(storage::delete);
        }
        return new Report(scanned, orphans.size(), apply, orphans.stream().limit(20).toList());
    }

    /** A file name, or a thumbnail {@code thumbs_<name>/<size>_<name>}, of a name the record holds. */
    private static boolean isReferenced(Set<String> names, String rest) {
        if (names == null) {
            return false;
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return names.contains(rest);
        }
        return rest.startsWith("thumbs_") && names.contains(rest.substring("thumbs_".length(), slash));
    }

    private Map<String, Set<String>> referenced(Collection c, List<FileField> fields) {
        Map<String, Set<String>> out = new HashMap<>();
        if (fields.isEmpty()) {
            return out;
        }
        List<org.jooq.Field<?>> columns = new ArrayList<>();
        columns.add(RecordStore.column(c, "id"));
        for (Field f : fields) {
            columns.add(RecordStore.column(c, f.name()));
        }
        db.read(dsl -> {
            try (var cursor = dsl.select(columns).from(RecordStore.table(c)).fetchLazy()) {
                for (org.jooq.Record row : cursor) {
                    Set<String> names = new HashSet<>();
                    for (int i = 1; i < columns.size(); i++) {
                        Object raw = row.get(i);
                        names.addAll(Values.toUniqueStrings(fields.get(i - 1).prepare(raw)));
                    }
                    out.put(String.valueOf(row.get(0)), names);
                }
            }
            return null;
        });
        return out;
    }
}
