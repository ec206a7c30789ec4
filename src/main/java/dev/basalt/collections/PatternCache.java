package dev.basalt.collections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.regex.Pattern;

/** Compiled field patterns, shared across requests (patterns come from collection definitions). */
final class PatternCache {
    private static final Cache<String, Pattern> CACHE = Caffeine.newBuilder().maximumSize(1_000).build();

    private PatternCache() {}

    static Pattern get(String pattern) {
        return CACHE.get(pattern, Pattern::compile);
    }
}
