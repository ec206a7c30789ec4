package dev.basalt.collections;

import dev.basalt.store.Dialect;
import dev.basalt.util.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Infers the fields of a view collection from its query, the way PocketBase does: the columns
 * come from the database (a temporary view), and each column's type is taken from the source
 * collection field it selects ({@code alias.field} or a field of the main table), from a
 * {@code CAST(... AS type)}, or from {@code count()}/{@code total()}; anything else is JSON.
 * A selected {@code id} of another collection becomes a relation to it.
 */
final class ViewSchema {
    private static final Pattern CAST = Pattern.compile("(?is)^cast\\s*\\(.*\\s+as\\s+(\\w+)\\s*\\)$");
    private static final Pattern JOIN = Pattern.compile(
            "(?i)\\b(full\\s+outer\\s+join|left\\s+outer\\s+join|right\\s+outer\\s+join|full\\s+join|cross\\s+join|inner\\s+join|outer\\s+join|left\\s+join|right\\s+join|join)\\b");
    private static final Pattern DISCARD = Pattern.compile("(?i)\\b(where|group\\s+by|having|order\\s+by|limit|window|union)\\b");

    private ViewSchema() {}

    /** Thrown when the query is not a usable view query; the message is shown to the user. */
    static final class InvalidViewQuery extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidViewQuery(String message) {
            super(message);
        }
    }

    /** Normalises the query text: trimmed, trailing semicolons removed, single statement only. */
    static String normalize(String query) {
        String q = query == null ? "" : query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        if (q.isEmpty()) {
            throw new InvalidViewQuery("empty query");
        }
        if (splitOutsideQuotes(q, ';').size() > 1) {
            throw new InvalidViewQuery("multiple statements are not supported");
        }
        return q;
    }

    /** The fields of a view over {@code query}; runs inside the caller's transaction. */
    static List<Field> infer(DSLContext dsl, String query, Function<String, Optional<Collection>> collections) {
        String q = normalize(query);
        List<String> columns = new ArrayList<>();
        try {
            columns.addAll(Dialect.of(dsl) == Dialect.SQLITE ? sqliteColumns(dsl, q) : serverColumns(dsl, q));
        } catch (RuntimeException e) {
            throw new InvalidViewQuery(rootMessage(e));
        }
        if (columns.isEmpty()) {
            throw new InvalidViewQuery("empty table info probably due to invalid or missing table");
        }
        Map<String, Field> suggested = suggestFields(q, collections);
        List<Field> fields = new ArrayList<>();
        boolean hasId = false;
        for (String column : columns) {
            Field f = suggested.get(column.toLowerCase(Locale.ROOT));
            if (column.equals("id")) {
                hasId = true;
                f = new TextField("text3208210256", "id", true, false, false, true, "", 0, 0, TextField.DEFAULT_ID_PATTERN, "", true);
            }
            if (f == null) {
                f = new JsonField("", column, false, false, false, false, "", 1);
            }
            fields.add(f.id().isEmpty() ? f.withIdAndName(f.type() + Ids.crc32(column), column) : f.withIdAndName(f.id(), column));
        }
        if (!hasId) {
            throw new InvalidViewQuery("missing required id column (you can use `(ROW_NUMBER() OVER()) as id` if you don't have one)");
        }
        return dedupeIds(fields);
    }

    /** SQLite names a query's columns through a temporary view. */
    private static List<String> sqliteColumns(DSLContext dsl, String q) {
        String temp = "_temp_" + Ids.random(6, Ids.ID_ALPHABET);
        try {
            dsl.execute("CREATE TEMP VIEW " + TableSync.quote(temp) + " AS SELECT * FROM (" + q + ")");
            return dsl.fetch("SELECT name FROM pragma_table_info(?)", temp).getValues(0, String.class);
        } finally {
            try {
                dsl.execute("DROP VIEW IF EXISTS " + TableSync.quote(temp));
            } catch (RuntimeException ignored) {
                // the view was never created
            }
        }
    }

    /** The servers describe a query's columns without creating anything (a failed statement would end the transaction). */
    private static List<String> serverColumns(DSLContext dsl, String q) {
        List<String> columns = new ArrayList<>();
        for (org.jooq.Field<?> f : dsl.fetch("SELECT * FROM (" + q + ") " + Dialect.of(dsl).quote("_v") + " LIMIT 0").fields()) {
            columns.add(f.getName());
        }
        return columns;
    }

    private static List<Field> dedupeIds(List<Field> fields) {
        Map<String, Integer> seen = new HashMap<>();
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            int n = seen.merge(f.id(), 1, Integer::sum);
            out.add(n == 1 ? f : f.withIdAndName(f.id() + n, f.name()));
        }
        return out;
    }

    /** The query wrapped so that its {@code id} column is TEXT, as record ids are. */
    static String withTextId(DSLContext dsl, String query, List<Field> fields) {
        List<String> cols = new ArrayList<>();
        for (Field f : fields) {
            cols.add(f.name().equals("id") ? "CAST(`id` as TEXT) `id`" : TableSync.quote(f.name()));
        }
        return "SELECT " + String.join(",", cols) + " FROM (" + query + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        int paren = message.indexOf('(');
        if (message.startsWith("[SQLITE") && paren > 0 && message.endsWith(")")) {
            message = message.substring(paren + 1, message.length() - 1);
        }
        return message;
    }

    /** Column name (lower case) → field suggested by the query text. */
    private static Map<String, Field> suggestFields(String query, Function<String, Optional<Collection>> collections) {
        Map<String, Field> out = new HashMap<>();
        String q = query.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        int select = indexOfKeyword(q, "select", 0);
        int from = indexOfKeyword(q, "from", select < 0 ? 0 : select);
        if (select < 0 || from < 0) {
            return out;
        }
        String columnsPart = q.substring(select + 6, from).strip();
        if (columnsPart.toLowerCase(Locale.ROOT).startsWith("distinct ")) {
            columnsPart = columnsPart.substring(9);
        }
        String fromPart = q.substring(from + 4);
        Matcher discard = DISCARD.matcher(fromPart);
        if (discard.find()) {
            fromPart = fromPart.substring(0, discard.start());
        }
        Map<String, Collection> tables = new LinkedHashMap<>();
        Collection main = null;
        String[] sources = JOIN.split(fromPart);
        for (int i = 0; i < sources.length; i++) {
            String src = sources[i].strip();
            int on = indexOfKeyword(src, "on", 0);
            if (on >= 0) {
                src = src.substring(0, on).strip();
            }
            for (String part : splitOutsideQuotes(src, ',')) {
                String[] tokens = part.strip().split("\\s+");
                if (tokens.length == 0 || tokens[0].isEmpty() || tokens[0].contains("(")) {
                    continue;
                }
                String table = unquote(tokens[0]);
                String alias = tokens.length >= 3 && tokens[1].equalsIgnoreCase("as") ? unquote(tokens[2])
                        : tokens.length >= 2 ? unquote(tokens[1]) : table;
                Optional<Collection> c = collections.apply(table).filter(x -> x.name().equals(table));
                if (c.isPresent()) {
                    tables.put(alias.toLowerCase(Locale.ROOT), c.get());
                    tables.putIfAbsent(table.toLowerCase(Locale.ROOT), c.get());
                    if (main == null) {
                        main = c.get();
                    }
                }
            }
        }
        for (String raw : splitOutsideQuotes(columnsPart, ',')) {
            String col = raw.strip();
            String expr;
            String alias;
            Matcher as = Pattern.compile("(?is)^(.*)\\s+as\\s+(\\S+)$").matcher(col);
            if (as.matches()) {
                expr = as.group(1).strip();
                alias = unquote(as.group(2));
            } else {
                int space = lastTopLevelSpace(col);
                if (space > 0) {
                    expr = col.substring(0, space).strip();
                    alias = unquote(col.substring(space + 1));
                } else {
                    expr = col;
                    String[] parts = col.split("\\.");
                    alias = unquote(parts[parts.length - 1]);
                }
            }
            alias = alias.replace("'", "");
            Field f = suggest(expr, alias, main, tables);
            if (f != null) {
                out.put(alias.toLowerCase(Locale.ROOT), f);
            }
        }
        return out;
    }

    private static Field suggest(String expr, String alias, Collection main, Map<String, Collection> tables) {
        String lower = expr.toLowerCase(Locale.ROOT);
        if (lower.startsWith("count(") || lower.startsWith("total(")) {
            return NumberField.of(alias);
        }
        Matcher cast = CAST.matcher(expr);
        if (cast.matches()) {
            return switch (cast.group(1).toLowerCase(Locale.ROOT)) {
                case "real", "integer", "int", "decimal", "numeric" -> NumberField.of(alias);
                case "text" -> TextField.of(alias);
                case "boolean", "bool" -> BoolField.of(alias);
                default -> null;
            };
        }
        Collection source = main;
        String fieldName = unquote(expr);
        int dot = expr.indexOf('.');
        if (dot > 0 && !expr.contains("(")) {
            source = tables.get(unquote(expr.substring(0, dot)).toLowerCase(Locale.ROOT));
            fieldName = unquote(expr.substring(dot + 1));
        } else if (expr.contains("(") || expr.contains(" ")) {
            return null;
        }
        if (source == null || fieldName.equals("*")) {
            return null;
        }
        if (fieldName.equalsIgnoreCase("id")) {
            return new RelationField("", alias, false, false, false, false, "", source.id(), false, 0, 1);
        }
        Optional<Field> f = source.fieldIgnoreCase(fieldName);
        return f.map(field -> field.withIdAndName("_clone_" + Ids.random(4, Ids.ID_ALPHABET), alias)).orElse(null);
    }

    private static int lastTopLevelSpace(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
            } else if (Character.isWhitespace(c) && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfKeyword(String s, String keyword, int from) {
        Matcher m = Pattern.compile("(?i)\\b" + keyword + "\\b").matcher(s);
        int depth = 0;
        int last = from;
        while (m.find(last)) {
            depth = depthAt(s, m.start());
            if (depth == 0 && m.start() >= from) {
                return m.start();
            }
            last = m.end();
        }
        return -1;
    }

    private static int depthAt(String s, int pos) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < pos; i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return quote != 0 ? -1 : depth;
    }

    static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        String last = s.substring(start);
        if (!last.isBlank() || parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    private static String unquote(String s) {
        String t = s.strip();
        while (!t.isEmpty() && "`\"[];".indexOf(t.charAt(0)) >= 0) {
            t = t.substring(1);
        }
        while (!t.isEmpty() && "`\"[];".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
