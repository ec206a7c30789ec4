package dev.basalt.collections;

import java.util.Optional;

/**
 * A write modifier in a request body key: {@code field+} append/add, {@code +field} prepend,
 * {@code field-} remove/subtract, {@code field:autogenerate}.
 */
public enum Modifier {
    APPEND, PREPEND, REMOVE, AUTOGENERATE;

    /** A body key split into field name and modifier. */
    public record Key(String field, Modifier modifier) {}

    /** Parses a body key; empty when the key carries no modifier. */
    public static Optional<Key> parse(String key) {
        if (key.endsWith(":autogenerate")) {
            return Optional.of(new Key(key.substring(0, key.length() - ":autogenerate".length()), AUTOGENERATE));
        }
        if (key.length() > 1 && key.endsWith("+")) {
            return Optional.of(new Key(key.substring(0, key.length() - 1), APPEND));
        }
        if (key.length() > 1 && key.startsWith("+")) {
            return Optional.of(new Key(key.substring(1), PREPEND));
        }
        if (key.length() > 1 && key.endsWith("-")) {
            return Optional.of(new Key(key.substring(0, key.length() - 1), REMOVE));
        }
        return Optional.empty();
    }
}
