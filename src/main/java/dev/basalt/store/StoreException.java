package dev.basalt.store;

import java.util.List;

/**
 * A database failure translated into what the core needs to know about it. Thrown only inside the
 * core; record and collection actions turn it into an {@code ApiException}.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of the database vendor. */
    public enum Kind {
        /** A unique constraint or unique index rejected the write. */
        UNIQUE_VIOLATION,
        /** A foreign key, not-null or check constraint rejected the write. */
        CONSTRAINT_VIOLATION,
        /** A transient failure (busy, lock timeout, deadlock, serialization); retrying may succeed. */
        TRANSIENT,
        /** Invalid SQL (e.g. a bad index definition or view query). */
        SYNTAX,
        /** Anything else. */
        OTHER
    }

    private final Kind kind;
    private final List<String> columns;

    public StoreException(Kind kind, List<String> columns, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.columns = List.copyOf(columns);
    }

    public Kind kind() {
        return kind;
    }

    /** For unique violations: the columns named by the database, when it names them. */
    public List<String> columns() {
        return columns;
    }
}
