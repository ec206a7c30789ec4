package dev.basalt.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PGobject;

/**
 * Runs a query built with jOOQ on the context's connection and reads the rows with plain JDBC:
 * jOOQ renders the SQL and its bind values, but does not fetch. For {@code SELECT t.*} jOOQ would
 * read the result's metadata into its own field types and build a record per row, which on a
 * single-record view cost as much CPU as rendering and running the query together.
 *
 * <p>Values come back as the drivers give them, with JSON columns as their text (PostgreSQL's
 * {@code jsonb}, jOOQ's JSON wrappers): the fields' {@code fromDb} accept any of these. Failures
 * surface as jOOQ's {@link DataAccessException} wrapping the driver's {@link SQLException}, as
 * jOOQ's own fetch would, so {@link ErrorTranslator} maps them the same way. Every query counts
 * in {@link Database#statementCount()}.
 */
public final class Rows {
    /** The configuration data key under which {@link Database} puts its statement counter. */
    static final String STATEMENTS = "basalt.statements";

    private Rows() {}

    /**
     * The rows of {@code query}, each as the values of the columns {@code labels} (in that order;
     * {@code null} for a label the result does not have).
     */
    public static List<Object[]> fetch(DSLContext dsl, ResultQuery<?> query, List<String> labels) {
        return fetch(dsl, dsl.render(query), dsl.extractBindValues(query), labels);
    }

    /** The rows of a query rendered earlier by {@code dsl}'s dialect, with these bind values. */
    public static List<Object[]> fetch(DSLContext dsl, String sql, List<Object> binds, List<String> labels) {
        if (dsl.configuration().data(STATEMENTS) instanceof AtomicLong counter) {
            counter.incrementAndGet();
        }
        ConnectionProvider provider = dsl.configuration().connectionProvider();
        Connection conn = provider.acquire();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, bindable(binds.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int[] columns = columns(rs.getMetaData(), labels);
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[columns.length];
                    for (int i = 0; i < columns.length; i++) {
                        row[i] = columns[i] == 0 ? null : plain(rs.getObject(columns[i]));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
        } finally {
            provider.release(conn);
        }
    }

    private static int[] columns(ResultSetMetaData meta, List<String> labels) throws SQLException {
        Map<String, Integer> byLabel = new HashMap<>();
        for (int i = meta.getColumnCount(); i >= 1; i--) {
            byLabel.put(meta.getColumnLabel(i), i); // the first of duplicate labels wins, as with jOOQ
        }
        int[] columns = new int[labels.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = byLabel.getOrDefault(labels.get(i), 0);
        }
        return columns;
    }

    private static Object bindable(Object value) {
        return switch (value) {
            case JSON json -> json.data();
            case JSONB jsonb -> jsonb.data();
            case null, default -> value;
        };
    }

    /** Unwraps driver and jOOQ wrappers of JSON values to their text. */
    private static Object plain(Object raw) {
        return switch (raw) {
            case JSON json -> json.data();
            case JSONB jsonb -> jsonb.data();
            case PGobject pg -> pg.getValue();
            case null, default -> raw;
        };
    }
}
