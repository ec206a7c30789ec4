package dev.basalt.store;

import org.jooq.SQLDialect;

/**
 * The database families Basalt runs on. Everything that differs in SQL between them is decided
 * from this value in one place per construct, never by scattered string checks.
 */
public enum Dialect {
    SQLITE(SQLDialect.SQLITE),
    POSTGRES(SQLDialect.POSTGRES),
    MYSQL(SQLDialect.MYSQL);

    private final SQLDialect jooq;

    Dialect(SQLDialect jooq) {
        this.jooq = jooq;
    }

    /** The jOOQ dialect used to render SQL for this database. */
    public SQLDialect jooq() {
        return jooq;
    }
}
