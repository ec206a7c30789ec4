package dev.basalt.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.exception.DataAccessException;

/**
 * Translates database exceptions into {@link StoreException}s, once, for every dialect: by SQLSTATE
 * class where the driver reports one, by SQLite's result codes otherwise.
 */
public final class ErrorTranslator {
    private static final Pattern SQLITE_UNIQUE = Pattern.compile("UNIQUE constraint failed: ([^)\\]]+)");

    private ErrorTranslator() {}

    /** Translates any throwable from a data access; non-database failures pass through unchanged. */
    public static RuntimeException translate(Throwable error) {
        if (error instanceof StoreException se) {
            return se;
        }
        SQLException sql = findSqlException(error);
        if (sql == null) {
            return error instanceof RuntimeException re ? re : new RuntimeException(error);
        }
        String message = String.valueOf(sql.getMessage());
        String state = sql.getSQLState();
        int vendor = sql.getErrorCode();
        // SQLite: the extended result code tells the constraint type (sqlite-jdbc keeps it in the message)
        if (message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
            return new StoreException(StoreException.Kind.UNIQUE_VIOLATION, sqliteColumns(message), message, error);
        }
        if (message.contains("SQLITE_CONSTRAINT")) {
            return new StoreException(StoreException.Kind.CONSTRAINT_VIOLATION, List.of(), message, error);
        }
        if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
            return new StoreException(StoreException.Kind.TRANSIENT, List.of(), message, error);
        }
        if (message.contains("SQLITE_ERROR") && (message.contains("syntax error") || message.contains("no such"))) {
            return new StoreException(StoreException.Kind.SYNTAX, List.of(), message, error);
        }
        if (state != null && state.length() >= 2) {
            String stateClass = state.substring(0, 2);
            if (state.equals("23505") || (stateClass.equals("23") && vendor == 1062)) {
                return new StoreException(StoreException.Kind.UNIQUE_VIOLATION, serverColumns(message), message, error);
            }
            switch (stateClass) {
                case "23" -> {
                    return new StoreException(StoreException.Kind.CONSTRAINT_VIOLATION, List.of(), message, error);
                }
                case "40", "08" -> {
                    return new StoreException(StoreException.Kind.TRANSIENT, List.of(), message, error);
                }
                case "42" -> {
                    return new StoreException(StoreException.Kind.SYNTAX, List.of(), message, error);
                }
                default -> { }
            }
        }
        return new StoreException(StoreException.Kind.OTHER, List.of(), message, error);
    }

    private static final Pattern PG_KEY = Pattern.compile("Key \\((?:lower\\()?\"?([^)\"]+)\"?\\)?\\)=");

    /**
     * The columns a server named in a unique violation: PostgreSQL's detail {@code Key (email)=(…)}
     * or MariaDB's {@code for key 'PRIMARY'} (the id); an index name otherwise, which the caller
     * maps through the collection's indexes.
     */
    private static List<String> serverColumns(String message) {
        Matcher pg = PG_KEY.matcher(message);
        if (pg.find()) {
            List<String> columns = new ArrayList<>();
            for (String c : pg.group(1).split(",")) {
                columns.add(c.strip().replace("\"", ""));
            }
            return columns;
        }
        if (message.contains("for key 'PRIMARY'") || message.matches("(?s).*for key '[^']*\\.PRIMARY'.*")) {
            return List.of("id");
        }
        return List.of();
    }

    private static SQLException findSqlException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t instanceof DataAccessException dae && dae.getCause(SQLException.class) != null) {
                return dae.getCause(SQLException.class);
            }
        }
        return null;
    }

    private static List<String> sqliteColumns(String message) {
        Matcher m = SQLITE_UNIQUE.matcher(message);
        List<String> columns = new ArrayList<>();
        if (m.find()) {
            for (String part : m.group(1).split(",")) {
                String p = part.trim();
                int dot = p.lastIndexOf('.');
                columns.add(dot >= 0 ? p.substring(dot + 1) : p);
            }
        }
        return columns;
    }
}
