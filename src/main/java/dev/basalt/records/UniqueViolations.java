package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.IndexDefinition;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A failed record write as the API reports it: a unique violation becomes PocketBase's
 * {@code validation_not_unique} on each field of the violated index, on every database.
 */
final class UniqueViolations {
    private UniqueViolations() {}

    /** The API error for a failed write of a record of {@code c}. */
    static ApiException translate(Collection c, StoreException e, ErrorCode code) {
        if (e.kind() != StoreException.Kind.UNIQUE_VIOLATION) {
            return new ApiException(code, null, null, e);
        }
        Map<String, Object> errors = new TreeMap<>();
        for (String column : columns(c, e)) {
            c.fieldIgnoreCase(column).ifPresent(f -> errors.put(f.name(),
                    FieldError.of("validation_not_unique", "Value must be unique.")));
        }
        if (errors.isEmpty()) {
            return new ApiException(code, null, null, e);
        }
        return ApiException.validation(code, null, errors);
    }

    /** The violated columns: named by the database, or those of the index its message names. */
    private static List<String> columns(Collection c, StoreException e) {
        if (!e.columns().isEmpty() && !(e.columns().size() == 1 && e.columns().get(0).startsWith("index"))) {
            return e.columns();
        }
        String message = String.valueOf(e.getMessage());
        for (String sql : c.indexes()) {
            IndexDefinition idx = IndexDefinition.parse(sql);
            if (idx.isValid() && message.contains("'" + idx.indexName() + "'")) {
                return idx.columns().stream().map(IndexDefinition.Column::name).toList();
            }
        }
        return List.of();
    }
}
