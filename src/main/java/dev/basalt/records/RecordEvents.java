package dev.basalt.records;

import dev.basalt.store.Tx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registered {@link RecordListener}s and the one place every write path tells them: after
 * commit for creates and updates, inside the transaction (before the row goes) for deletes.
 */
final class RecordEvents {
    private final List<RecordListener> listeners = new CopyOnWriteArrayList<>();

    void add(RecordListener listener) {
        listeners.add(listener);
    }

    /** Once {@code tx} commits: {@code saved} was created ({@code previous} null) or updated. */
    void saved(Tx tx, Record saved, Record previous) {
        if (listeners.isEmpty()) {
            return;
        }
        tx.afterCommit(() -> {
            for (RecordListener l : listeners) {
                if (previous == null) {
                    l.created(saved);
                } else {
                    l.updated(saved, previous);
                }
            }
        });
    }

    /** Inside {@code tx}, before {@code record}'s row is deleted; what the listeners return runs after commit. */
    void deleting(Tx tx, Record record) {
        for (RecordListener l : listeners) {
            Runnable after = l.deleting(tx.dsl(), record);
            if (after != null) {
                tx.afterCommit(after);
            }
        }
    }
}
