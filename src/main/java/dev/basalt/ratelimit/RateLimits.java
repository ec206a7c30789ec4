package dev.basalt.ratelimit;

import dev.basalt.settings.Settings;
import dev.basalt.util.IpRanges;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code rateLimits} settings applied to a request, with PocketBase's semantics: a request is
 * described by labels, most specific first ({@code posts:create}, {@code *:create},
 * {@code POST /api/collections/posts/records}, {@code /api/collections/posts/records}); the first
 * label with a rule for the caller's audience ({@code ""}, {@code @guest}, {@code @auth}) decides,
 * and a rule label ending in {@code /} also matches every path below it. Each limiter counts per
 * client IP in fixed windows of the rule's duration. Superusers and excluded IPs are never
 * limited. Counters restart when the settings change.
 */
public final class RateLimits {
    /** What a request looks like to the limiter. */
    public record Request(List<String> labels, String scope, boolean authenticated, boolean superuser, String ip) {}

    private record Window(long start, int available) {}

    private final Clock clock;
    private volatile Settings.RateLimits settings;
    private volatile ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    public RateLimits(Clock clock, Settings.RateLimits initial) {
        this.clock = clock;
        this.settings = initial;
    }

    /** New settings: new rules and fresh counters. */
    public void update(Settings.RateLimits newSettings) {
        this.settings = newSettings;
        this.windows = new ConcurrentHashMap<>();
    }

    /** Whether any limit applies at all (a cheap check before describing the request). */
    public boolean active() {
        Settings.RateLimits s = settings;
        return s != null && s.enabled() && s.rules() != null && !s.rules().isEmpty();
    }

    /** Counts the request; false when it is over its rule's limit (answer 429). */
    public boolean allow(Request request) {
        Settings.RateLimits s = settings;
        if (s == null || !s.enabled() || request.superuser()
                || (s.excludedIPs() != null && !s.excludedIPs().isEmpty() && IpRanges.contains(s.excludedIPs(), request.ip()))) {
            return true;
        }
        Optional<Settings.RateLimitRule> rule = find(s.rules() == null ? List.of() : s.rules(), request.labels(), request.authenticated());
        if (rule.isEmpty()) {
            return true;
        }
        Settings.RateLimitRule r = rule.get();
        String audience = r.audience() == null ? "" : r.audience();
        String limiter = (request.scope().isEmpty() ? r.label() : request.scope()) + "@@" + audience;
        return consume(limiter + "|" + request.ip(), r);
    }

    /** The rule for the first label that has one (exact label first, then a path prefix rule). */
    static Optional<Settings.RateLimitRule> find(List<Settings.RateLimitRule> rules, List<String> labels, boolean authenticated) {
        for (String label : labels) {
            for (Settings.RateLimitRule r : rules) {
                if (r.label().equals(label) && audienceAllows(r, authenticated)) {
                    return Optional.of(r);
                }
            }
            for (Settings.RateLimitRule r : rules) {
                if (r.label().endsWith("/") && (label + "/").startsWith(r.label()) && audienceAllows(r, authenticated)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean audienceAllows(Settings.RateLimitRule r, boolean authenticated) {
        String a = r.audience() == null ? "" : r.audience();
        return a.isEmpty() || (authenticated ? a.equals("@auth") : a.equals("@guest"));
    }

    private boolean consume(String key, Settings.RateLimitRule r) {
        long now = clock.instant().getEpochSecond();
        sweep(now);
        boolean[] allowed = new boolean[1];
        windows.compute(key, (k, w) -> {
            Window current = w == null || now - w.start() >= r.duration() ? new Window(now, r.maxRequests()) : w;
            allowed[0] = current.available() > 0;
            return allowed[0] ? new Window(current.start(), current.available() - 1) : current;
        });
        return allowed[0];
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + 60;
        // the longest sensible window is far below a day; idle clients are forgotten after one
        windows.entrySet().removeIf(e -> now - e.getValue().start() > 86_400);
    }
}
