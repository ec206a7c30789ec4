package dev.basalt.records;

import dev.basalt.error.ApiException;

/** A batch stopped at operation {@code index}; nothing of the batch was kept. */
public final class BatchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final transient ApiException error;

    public BatchFailure(int index, ApiException error) {
        super("batch operation " + index + " failed: " + error.getMessage(), error);
        this.index = index;
        this.error = error;
    }

    /** Zero-based index of the failed operation; -1 when the batch as a whole failed (timeout). */
    public int index() {
        return index;
    }

    /** The failed operation's error, as its REST call would have answered. */
    public ApiException error() {
        return error;
    }
}
