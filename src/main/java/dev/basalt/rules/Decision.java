package dev.basalt.rules;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The outcome of checking an API rule for one caller: allow everything, deny (locked rule, non
 * superuser), or allow only the records matching a SQL condition.
 */
public sealed interface Decision {
    /** Superuser, or an empty (public) rule. */
    record Allow() implements Decision {}

    /** A locked ({@code null}) rule and a caller who is not a superuser. */
    record Deny() implements Decision {}

    /** Only records matching {@code condition} are allowed. */
    record Filter(Condition condition) implements Decision {}

    Decision ALLOW = new Allow();
    Decision DENY = new Deny();

    /** The SQL condition that restricts records for this decision ({@code FALSE} for deny). */
    default Condition condition() {
        return switch (this) {
            case Allow a -> DSL.trueCondition();
            case Deny d -> DSL.falseCondition();
            case Filter f -> f.condition();
        };
    }
}
