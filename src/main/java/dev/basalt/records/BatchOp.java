package dev.basalt.records;

import dev.basalt.collections.Upload;
import java.util.List;
import java.util.Map;

/**
 * One operation of a batch: the record actions a batch may run, with the query parameters of its
 * URL (visible to rules as {@code @request.query.*}).
 */
public sealed interface BatchOp {
    String collection();

    Map<String, String> query();

    record Create(String collection, Map<String, Object> body, Map<String, List<Upload>> files, Map<String, String> query)
            implements BatchOp {}

    record Update(String collection, String id, Map<String, Object> body, Map<String, List<Upload>> files,
            Map<String, String> query) implements BatchOp {}

    record Delete(String collection, String id, Map<String, String> query) implements BatchOp {}

    /** A request line no record action answers (e.g. {@code GET /api/health}); fails the batch. */
    record Unknown(String line) implements BatchOp {
        @Override
        public String collection() {
            return "";
        }

        @Override
        public Map<String, String> query() {
            return Map.of();
        }
    }

    /** Update when {@code body.id} names an existing record, else create. */
    record Upsert(String collection, Map<String, Object> body, Map<String, List<Upload>> files, Map<String, String> query)
            implements BatchOp {}
}
