package dev.basalt.store;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * A running write transaction. Work that must only happen once the transaction is durable
 * (realtime events, file deletions) is registered with {@link #afterCommit}; clean-up for a
 * failed transaction (orphan uploads) with {@link #afterRollback}.
 */
public final class Tx {
    private final DSLContext dsl;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> afterRollback = new ArrayList<>();

    Tx(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The SQL context bound to this transaction's connection. */
    public DSLContext dsl() {
        return dsl;
    }

    /** Runs {@code action} after a successful commit (in registration order). */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs {@code action} after a rollback (in reverse registration order). */
    public void afterRollback(Runnable action) {
        afterRollback.add(action);
    }

    List<Runnable> commitActions() {
        return afterCommit;
    }

    List<Runnable> rollbackActions() {
        return afterRollback.reversed();
    }
}
