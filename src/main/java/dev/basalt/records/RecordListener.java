package dev.basalt.records;

import org.jooq.DSLContext;

/**
 * Observes record writes of every path (REST, batch, auth flows, cascades): the extension point
 * for realtime delivery and hooks.
 *
 * <p>Guarantees: {@link #created} and {@link #updated} run only after the transaction committed,
 * in commit order per thread, never for a rolled-back write. {@link #deleting} runs inside the
 * deleting transaction while the row still exists (so access rules can still be evaluated
 * against it); the action it returns runs only after commit. A listener must not throw and must
 * not block for long: it runs on the writer's thread.
 */
public interface RecordListener {
    /** A record was created (committed). */
    void created(Record record);

    /** A record was updated (committed); {@code previous} is its state before the write. */
    void updated(Record record, Record previous);

    /**
     * A record is about to be deleted, inside the transaction; returns what to do once the delete
     * committed, or null for nothing.
     */
    Runnable deleting(DSLContext dsl, Record record);
}
