package dev.basalt.rules;

/**
 * The outcome of checking an API rule for one caller: allow everything, deny (locked rule, non
 * superuser), or allow only the records matching a compiled rule.
 */
public sealed interface Decision {
    /** Superuser, or an empty (public) rule. */
    record Allow() implements Decision {}

    /** A locked ({@code null}) rule and a caller who is not a superuser. */
    record Deny() implements Decision {}

    /** Only records matching {@code rule} are allowed. */
    record Filter(Compiled rule) implements Decision {}

    Decision ALLOW = new Allow();
    Decision DENY = new Deny();

    /** The SQL that restricts records for this decision (matches nothing for deny). */
    default Compiled compiled() {
        return switch (this) {
            case Allow a -> Compiled.all();
            case Deny d -> Compiled.none();
            case Filter f -> f.rule();
        };
    }
}
