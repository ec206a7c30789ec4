package dev.basalt.collections;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of collections. */
public enum CollectionType {
    /** Plain records. */
    BASE,
    /** Records that can authenticate (email, password, tokens). */
    AUTH,
    /** Read-only records defined by a SQL query. */
    VIEW;

    /** The wire name: {@code base}, {@code auth} or {@code view}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static Optional<CollectionType> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        return switch (wire) {
            case "base" -> Optional.of(BASE);
            case "auth" -> Optional.of(AUTH);
            case "view" -> Optional.of(VIEW);
            default -> Optional.empty();
        };
    }
}
