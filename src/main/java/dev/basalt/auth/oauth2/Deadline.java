package dev.basalt.auth.oauth2;

import java.time.Duration;

/**
 * A point on the monotonic clock that several HTTP calls share, so a multi-call step (token
 * exchange with its retry, profile plus e-mails, avatar redirects) has one overall limit. It uses
 * {@link System#nanoTime()}, not the injected {@link java.time.Clock}, which tests may freeze.
 */
record Deadline(long nanoTime) {
    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** The time left (zero or more). */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }
}
