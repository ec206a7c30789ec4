package dev.basalt.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters and short-lived markers, by key: "at most N attempts per window" (OTP
 * attempts, failed logins) and "this was done less than T ago" (resend limits of emails). Windows
 * that ended are dropped as new keys arrive, so memory stays proportional to recent activity.
 * Counting and checking is atomic per key.
 */
public final class Throttle {
    private record Window(Instant start, int used) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> markers = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.EPOCH;

    public Throttle(Clock clock) {
        this.clock = clock;
    }

    /** Counts one attempt for {@code key}; false when {@code max} attempts were already counted in this window. */
    public boolean tryAcquire(String key, int max, Duration window) {
        Instant now = clock.instant();
        sweep(now);
        boolean[] allowed = new boolean[1];
        windows.compute(key, (k, w) -> {
            if (w == null || !now.isBefore(w.start().plus(window))) {
                allowed[0] = max > 0;
                return new Window(now, allowed[0] ? 1 : 0);
            }
            allowed[0] = w.used() < max;
            return allowed[0] ? new Window(w.start(), w.used() + 1) : w;
        });
        return allowed[0];
    }

    /** Attempts counted for {@code key} in the current window (0 when none). */
    public int used(String key, Duration window) {
        Window w = windows.get(key);
        return w == null || !clock.instant().isBefore(w.start().plus(window)) ? 0 : w.used();
    }

    /** Forgets the attempts of {@code key} (e.g. after a successful login). */
    public void reset(String key) {
        windows.remove(key);
    }

    /**
     * Sets a marker for {@code ttl} unless an unexpired one exists; true when this call set it.
     * Atomic, so of concurrent callers exactly one wins.
     */
    public boolean tryMark(String key, Duration ttl) {
        Instant now = clock.instant();
        sweep(now);
        boolean[] set = new boolean[1];
        markers.compute(key, (k, until) -> {
            if (until != null && now.isBefore(until)) {
                return until;
            }
            set[0] = true;
            return now.plus(ttl);
        });
        return set[0];
    }

    /** Removes a marker. */
    public void unmark(String key) {
        markers.remove(key);
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plusSeconds(60);
        // windows are at most an hour long here; anything older is stale
        Instant cutoff = now.minus(Duration.ofHours(1));
        windows.entrySet().removeIf(e -> e.getValue().start().isBefore(cutoff));
        markers.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
    }
}
