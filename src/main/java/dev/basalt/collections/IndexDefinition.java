package dev.basalt.collections;

import dev.basalt.store.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code CREATE [UNIQUE] INDEX} statement of a collection's {@code indexes} list
 * (PocketBase's {@code dbutils.ParseIndex}). The table name given by the user is ignored: the
 * index is always built on the collection's own table.
 */
public record IndexDefinition(boolean unique, boolean ifNotExists, String schemaName, String indexName,
        String tableName, List<Column> columns, String where) {

    private static final Pattern INDEX = Pattern.compile(
            "(?im)create\\s+(unique\\s+)?\\s*index\\s*(if\\s+not\\s+exists\\s+)?(\\S*)\\s+on\\s+(\\S*)\\s*\\(([\\s\\S]*)\\)(?:\\s*where\\s+([\\s\\S]*))?");
    private static final Pattern COLUMN = Pattern.compile("(?im)^([\\s\\S]+?)(?:\\s+collate\\s+([\\w]+))?(?:\\s+(asc|desc))?$");
    private static final String TRIM = "`\"'[] \t\n\r";

    /** One indexed column or expression. */
    public record Column(String name, String collate, String sort) {}

    public IndexDefinition {
        columns = List.copyOf(columns);
    }

    /** Parses an index statement; {@link #isValid()} tells whether it is usable. */
    public static IndexDefinition parse(String sql) {
        Matcher m = INDEX.matcher(sql == null ? "" : sql);
        if (!m.find()) {
            return new IndexDefinition(false, false, "", "", "", List.of(), "");
        }
        String[] nameParts = splitQualified(trim(m.group(3)));
        String schema = nameParts.length > 1 ? trim(nameParts[0]) : "";
        String name = trim(nameParts[nameParts.length - 1]);
        List<Column> columns = new ArrayList<>();
        for (String raw : splitTopLevel(m.group(5))) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            Matcher cm = COLUMN.matcher(part);
            if (!cm.find()) {
                continue;
            }
            String colName = trim(cm.group(1));
            if (colName.isEmpty()) {
                continue;
            }
            columns.add(new Column(colName, cm.group(2) == null ? "" : cm.group(2),
                    cm.group(3) == null ? "" : cm.group(3).toUpperCase(Locale.ROOT)));
        }
        String where = m.group(6) == null ? "" : m.group(6).strip();
        return new IndexDefinition(m.group(1) != null, m.group(2) != null, schema, name, trim(m.group(4)), columns, where);
    }

    /** True when the statement has a name and at least one column. */
    public boolean isValid() {
        return !indexName.isEmpty() && !columns.isEmpty();
    }

    /** This index on another table. */
    public IndexDefinition onTable(String table) {
        return new IndexDefinition(unique, ifNotExists, schemaName, indexName, table, columns, where);
    }

    /** This index under another name. */
    public IndexDefinition named(String name) {
        return new IndexDefinition(unique, ifNotExists, schemaName, name, tableName, columns, where);
    }

    /**
     * The statement for another database: identifiers quoted its way, SQLite's {@code COLLATE NOCASE}
     * as {@code lower(...)} on PostgreSQL (dropped on MariaDB: the column's collation decides);
     * MariaDB has no partial indexes, so a {@code WHERE} is dropped there, and its long text
     * columns ({@code longText}) are indexed by a 255-character prefix unless the index is unique.
     */
    public String build(Dialect dialect, java.util.function.Predicate<String> longText) {
        if (dialect == Dialect.SQLITE) {
            return build();
        }
        StringBuilder sb = new StringBuilder("CREATE ").append(unique ? "UNIQUE " : "").append("INDEX ");
        sb.append(dialect.quote(indexName)).append(" ON ").append(dialect.quote(tableName)).append(" (");
        List<String> cols = new ArrayList<>();
        for (Column c : columns) {
            boolean expression = c.name().contains("(") || c.name().contains(" ");
            String col = expression ? c.name().replace("`", dialect == Dialect.POSTGRES ? "\"" : "`") : dialect.quote(c.name());
            if (!expression && dialect == Dialect.MYSQL && !unique && longText.test(c.name())) {
                col = col + "(255)";
            }
            if (c.collate().equalsIgnoreCase("nocase") && dialect == Dialect.POSTGRES) {
                col = "lower(" + col + ")";
            }
            cols.add(c.sort().isEmpty() ? col : col + " " + c.sort());
        }
        sb.append(String.join(", ", cols)).append(')');
        if (!where.isEmpty() && dialect == Dialect.POSTGRES) {
            sb.append(" WHERE ").append(where.replace("`", "\""));
        }
        return sb.toString();
    }

    /**
     * The statements that create this index on {@code dialect}. MariaDB has no partial indexes: a
     * unique single-column index with a {@code WHERE} (PocketBase's email index) becomes a unique
     * index on a virtual column holding the value only where the condition holds (NULL elsewhere,
     * and NULLs never collide), named {@link #partialColumn()}.
     */
    public List<String> statements(Dialect dialect, java.util.function.Predicate<String> longText) {
        if (dialect == Dialect.MYSQL && unique && !where.isEmpty() && columns.size() == 1
                && !columns.get(0).name().contains("(")) {
            String col = dialect.quote(columns.get(0).name());
            String virtual = dialect.quote(partialColumn());
            return List.of(
                    "ALTER TABLE " + dialect.quote(tableName) + " ADD COLUMN " + virtual + " VARCHAR(768) AS (CASE WHEN "
                            + where + " THEN " + col + " END) VIRTUAL",
                    "CREATE UNIQUE INDEX " + dialect.quote(indexName) + " ON " + dialect.quote(tableName) + " (" + virtual + ")");
        }
        return List.of(build(dialect, longText));
    }

    /** The virtual column MariaDB uses for this partial unique index (see {@link #statements}). */
    public String partialColumn() {
        return "_partial_" + indexName;
    }

    /** The SQL statement (SQLite / PocketBase style quoting). */
    public String build() {
        StringBuilder sb = new StringBuilder("CREATE ");
        if (unique) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ");
        if (ifNotExists) {
            sb.append("IF NOT EXISTS ");
        }
        if (!schemaName.isEmpty()) {
            sb.append('`').append(schemaName).append("`.");
        }
        sb.append('`').append(indexName).append("` ON `").append(tableName).append("` (");
        List<String> cols = new ArrayList<>();
        for (Column c : columns) {
            StringBuilder col = new StringBuilder();
            if (c.name().contains("(") || c.name().contains(" ")) {
                col.append(c.name());
            } else {
                col.append('`').append(c.name()).append('`');
            }
            if (!c.collate().isEmpty()) {
                col.append(" COLLATE ").append(c.collate());
            }
            if (!c.sort().isEmpty()) {
                col.append(' ').append(c.sort());
            }
            cols.add(col.toString());
        }
        if (cols.size() > 1) {
            sb.append("\n  ").append(String.join(",\n  ", cols)).append("\n");
        } else {
            sb.append(String.join("", cols));
        }
        sb.append(')');
        if (!where.isEmpty()) {
            sb.append(" WHERE ").append(where);
        }
        return sb.toString();
    }

    /** The first unique single-column index on {@code column} (case-insensitive), if any. */
    public static Optional<IndexDefinition> findSingleColumnUnique(List<String> indexes, String column) {
        for (String sql : indexes) {
            IndexDefinition idx = parse(sql);
            if (idx.unique() && idx.columns().size() == 1 && idx.columns().get(0).name().equalsIgnoreCase(column)) {
                return Optional.of(idx);
            }
        }
        return Optional.empty();
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        int start = 0;
        int end = s.length();
        while (start < end && TRIM.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && TRIM.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String[] splitQualified(String name) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '.' && depth == 0) {
                return new String[] {name.substring(0, i), name.substring(i + 1)};
            }
        }
        return new String[] {name};
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
