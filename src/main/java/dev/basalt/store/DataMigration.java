package dev.basalt.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * Copies a PocketBase or Basalt data directory's database ({@code data.db}) into an empty
 * PostgreSQL or MariaDB database: PocketBase's system tables, every collection's table, and every
 * row unchanged — ids, password hashes, token keys and collection secrets included, so logins
 * and issued tokens keep working. Files stay where they are (storage is separate).
 *
 * <p>Guarantees: the source is opened read-only (as immutable: stop the server that uses it
 * first) and never written. A target that already has tables is refused unless {@code force}
 * is given, in which case the tables the copy creates are dropped and recreated. On PostgreSQL
 * everything runs in one transaction, so a failure leaves the target as it was; MariaDB commits
 * each table's DDL on its own, so a failure drops what was created and the command can simply be
 * run again. At the end every table is verified: row counts and a SHA-256 over its rows in id
 * order, computed the same way on both sides.
 *
 * <p>Collection tables are created through {@code createTable}, the same DDL Basalt itself uses,
 * so the copy needs the collection model only through that callback.
 */
public final class DataMigration {
    /** Rows per batched insert. */
    private static final int BATCH = 500;

    private DataMigration() {}

    /** The migration failed; the message says why and what state the target is in. */
    public static final class MigrationFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MigrationFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One table's verification. */
    public record TableReport(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {
        public boolean matches() {
            return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
        }
    }

    /** One table to copy: its name and, for a collection, the DDL that creates it on the target. */
    public record Table(String name, Consumer<DSLContext> create) {}

    /**
     * Opens the source database read-only. The caller reads the collections from it to build the
     * list of tables.
     */
    public static Connection openSource(Path dataDir) {
        Path file = dataDir.resolve("data.db");
        if (!Files.isRegularFile(file)) {
            throw new MigrationFailed("no data.db in " + dataDir.toAbsolutePath() + ": not a PocketBase or Basalt data directory", null);
        }
        try {
            Connection conn = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1");
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_collections'")) {
                if (!rs.next()) {
                    conn.close();
                    throw new MigrationFailed(file + " has no _collections table: not a PocketBase or Basalt data directory", null);
                }
            }
            return conn;
        } catch (SQLException e) {
            throw new MigrationFailed("cannot read " + file + ": " + e.getMessage() + " (is it a SQLite database?)", e);
        }
    }

    /**
     * Copies {@code tables} (system tables first) from {@code source} into {@code target} and
     * verifies them.
     */
    public static List<TableReport> run(Connection source, Database target, List<Table> tables, boolean force,
            Consumer<String> progress) {
        Dialect dialect = target.dialect();
        List<String> existing = target.read(dsl -> existingTables(dsl, dialect));
        if (!existing.isEmpty() && !force) {
            throw new MigrationFailed("the target database is not empty (" + existing.size() + " tables, e.g. " + existing.get(0)
                    + "); nothing was written. Use --force to replace Basalt's tables in it.", null);
        }
        List<String> created = new ArrayList<>();
        try {
            target.writeVoid(tx -> {
                DSLContext dsl = tx.dsl();
                for (Table t : tables) {
                    if (existing.stream().anyMatch(e -> e.equalsIgnoreCase(t.name()))) {
                        // on PostgreSQL views over the table would block the drop; they are recreated after the copy
                        dsl.execute("DROP TABLE " + dialect.quote(t.name()) + (dialect == Dialect.POSTGRES ? " CASCADE" : ""));
                    }
                }
                SystemTables.createMain(dsl, dialect);
                created.addAll(List.of("_migrations", "_params", "_collections"));
                for (Table t : tables) {
                    if (t.create() != null) {
                        t.create().accept(dsl);
                        created.add(t.name());
                    }
                }
                for (Table t : tables) {
                    copy(source, dsl, dialect, t.name(), progress);
                }
            });
        } catch (RuntimeException e) {
            if (dialect == Dialect.MYSQL) {
                dropQuietly(target, dialect, created);
            }
            throw new MigrationFailed("the copy failed, the target was left " + (dialect == Dialect.POSTGRES
                    ? "unchanged (one transaction)" : "without the tables it created; run the command again") + ": "
                    + rootMessage(e), e);
        }
        List<TableReport> reports = new ArrayList<>();
        for (Table t : tables) {
            Checksum src = checksum(source, Dialect.SQLITE, t.name());
            Checksum dst = target.jdbc(conn -> checksum(conn, dialect, t.name()));
            reports.add(new TableReport(t.name(), src.rows(), dst.rows(), src.sha256(), dst.sha256()));
        }
        return reports;
    }

    private static List<String> existingTables(DSLContext dsl, Dialect dialect) {
        String sql = switch (dialect) {
            case POSTGRES -> "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
            case MYSQL -> "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'table'";
        };
        List<String> out = new ArrayList<>();
        dsl.fetch(sql).forEach(r -> out.add(String.valueOf(r.get(0))));
        return out;
    }

    private static void copy(Connection source, DSLContext dsl, Dialect dialect, String table, Consumer<String> progress) {
        long total;
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + Dialect.SQLITE.quote(table))) {
            total = rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new MigrationFailed("cannot read table " + table + ": " + e.getMessage(), e);
        }
        Map<String, org.jooq.DataType<?>> targetColumns = targetColumns(dsl, table);
        long done = 0;
        long lastReport = System.nanoTime();
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + Dialect.SQLITE.quote(table))) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i);
                if (targetColumns.keySet().stream().anyMatch(c -> c.equalsIgnoreCase(name))) {
                    columns.add(name);
                }
            }
            List<org.jooq.Field<Object>> fields = columns.stream().map(c -> DSL.field(DSL.name(c))).toList();
            List<Query> batch = new ArrayList<>(BATCH);
            while (rs.next()) {
                List<Object> values = new ArrayList<>(columns.size());
                for (String c : columns) {
                    values.add(convert(rs.getObject(c), typeOf(targetColumns, c)));
                }
                batch.add(dsl.insertInto(DSL.table(DSL.name(table)), fields).values(values));
                if (batch.size() == BATCH) {
                    dsl.batch(batch).execute();
                    batch.clear();
                }
                done++;
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    progress.accept("  " + table + ": " + done + " / " + total + " rows");
                    lastReport = System.nanoTime();
                }
            }
            if (!batch.isEmpty()) {
                dsl.batch(batch).execute();
            }
        } catch (SQLException e) {
            throw new MigrationFailed("cannot read table " + table + ": " + e.getMessage(), e);
        }
        progress.accept("  " + table + ": " + done + " rows");
    }

    private static Map<String, org.jooq.DataType<?>> targetColumns(DSLContext dsl, String table) {
        Map<String, org.jooq.DataType<?>> out = new LinkedHashMap<>();
        for (org.jooq.Field<?> f : dsl.select(DSL.asterisk()).from(DSL.table(DSL.name(table))).limit(0).fetch().fields()) {
            out.put(f.getName(), f.getDataType());
        }
        return out;
    }

    private static org.jooq.DataType<?> typeOf(Map<String, org.jooq.DataType<?>> columns, String name) {
        return columns.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().map(Map.Entry::getValue)
                .orElse(null);
    }

    /** SQLite's loosely typed value as the target column takes it (0/1 into booleans, numeric text into numbers). */
    private static Object convert(Object raw, org.jooq.DataType<?> type) {
        // SQLite hands back text stored with blob affinity (e.g. PocketBase's settings JSON) as bytes
        Object v = raw instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : raw;
        if (v == null || type == null) {
            return v;
        }
        Class<?> target = type.getType();
        if (target == Boolean.class) {
            return switch (v) {
                case Boolean b -> b;
                case Number n -> n.doubleValue() != 0;
                default -> "true".equalsIgnoreCase(v.toString()) || "1".equals(v.toString());
            };
        }
        if (type.isNumeric() && !(v instanceof Number)) {
            try {
                return Double.valueOf(v.toString().strip());
            } catch (NumberFormatException e) {
                return 0d;
            }
        }
        if (type.isString() && !(v instanceof String)) {
            return v.toString();
        }
        return v;
    }

    private record Checksum(long rows, String sha256) {}

    /**
     * Rows and a SHA-256 over them in id order, each value normalized so both databases agree:
     * numbers as numbers, booleans as 0/1, JSON text as parsed and re-serialized, text as text.
     */
    private static Checksum checksum(Connection conn, Dialect d, String table) throws MigrationFailed {
        String key = table.equals("_migrations") ? "file" : "id";
        MessageDigest sha = sha256();
        long rows = 0;
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + d.quote(table) + " ORDER BY " + d.quote(key))) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                // MariaDB's virtual columns for partial unique indexes are not data
                if (!names.get(i).startsWith("_partial_")) {
                    order.add(i);
                }
            }
            order.sort((a, b) -> names.get(a).compareTo(names.get(b)));
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i : order) {
                    row.put(names.get(i), normalize(rs.getObject(i + 1)));
                }
                sha.update(dev.basalt.util.Json.writeBytes(row));
                rows++;
            }
        } catch (SQLException e) {
            throw new MigrationFailed("cannot verify " + table + ": " + e.getMessage(), e);
        }
        return new Checksum(rows, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * A value as text both databases agree on: booleans 1/0, integral numbers without a fraction,
     * JSON re-serialized with sorted keys; other text as it is.
     */
    private static Object normalize(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        String s = v instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
        String t = s.strip();
        if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
            try {
                return dev.basalt.util.Json.write(canonical(dev.basalt.util.Json.toPlain(dev.basalt.util.Json.parse(t))));
            } catch (RuntimeException e) {
                return s;
            }
        }
        return s;
    }

    /** JSON values with object keys sorted (jsonb reorders keys). */
    private static Object canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), canonical(x)));
            return sorted;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(DataMigration::canonical).toList();
        }
        return v;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dropQuietly(Database target, Dialect dialect, List<String> tables) {
        for (String t : tables) {
            try {
                target.writeVoid(tx -> tx.dsl().execute("DROP TABLE IF EXISTS " + dialect.quote(t)));
            } catch (RuntimeException ignored) {
                // best effort: the report says to run again
            }
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
