package dev.basalt.collections;

import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.store.Database;
import dev.basalt.store.Dialect;
import dev.basalt.store.StoreException;
import dev.basalt.store.Tx;
import dev.basalt.util.DateTimes;
import dev.basalt.util.Ids;
import dev.basalt.util.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * The collections of one database: the current {@link Schema} snapshot and every change to it.
 *
 * <p>Each change validates the new definition, then writes the {@code _collections} row and
 * alters the table (or view) in one transaction, so a failed change leaves both untouched. The
 * snapshot is replaced after the commit.
 */
public final class Collections {
    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Database db;
    private volatile Schema schema = new Schema(List.of());
    private volatile BiFunction<Collection, String, FieldError> ruleCheck = (c, r) -> null;

    public Collections(Database db) {
        this.db = db;
    }

    /** Sets the validator of rule expressions (the rule language lives in another package). */
    public void ruleChecker(BiFunction<Collection, String, FieldError> check) {
        this.ruleCheck = check;
    }

    /** The current snapshot. */
    public Schema schema() {
        return schema;
    }

    /** The collection with this id or name, or a 404 with PocketBase's message. */
    public Collection require(String idOrName) {
        return schema.find(idOrName).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
    }

    /** Reloads the snapshot from the database. */
    public void reload() {
        schema = new Schema(db.inTransaction() ? db.read(Collections::loadAll) : db.jdbc(conn -> loadAll(conn, db.dialect())));
    }

    /** Registers a listener called after every change made through this instance (not for {@link #reload}). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        reload();
        listeners.forEach(Runnable::run);
    }

    /**
     * Every {@code _collections} row in creation order (SQLite: rowid, as PocketBase; servers:
     * created, then id), JSON columns as text, the camel-case rule columns under their own names.
     */
    static String selectAll(Dialect dialect) {
        if (dialect == Dialect.SQLITE) {
            return "SELECT id, system, type, name, fields, indexes, listRule, viewRule, createRule, "
                    + "updateRule, deleteRule, options, created, updated FROM _collections ORDER BY rowid";
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String column : List.of("id", "system", "type", "name", "fields", "indexes", "listRule", "viewRule", "createRule",
                "updateRule", "deleteRule", "options", "created", "updated")) {
            String q = dialect.quote(column);
            boolean json = column.equals("fields") || column.equals("indexes") || column.equals("options");
            sql.append(json && dialect == Dialect.POSTGRES ? q + "::text" : q).append(" AS ").append(q).append(", ");
        }
        sql.setLength(sql.length() - 2);
        return sql.append(" FROM ").append(dialect.quote("_collections")).append(" ORDER BY ")
                .append(dialect.quote("created")).append(", ").append(dialect.quote("id")).toString();
    }

    /** The collections stored in a SQLite data directory's database (for copying it elsewhere). */
    public static List<Collection> readSqlite(java.sql.Connection conn) throws java.sql.SQLException {
        return loadAll(conn, Dialect.SQLITE);
    }

    /** Creates a collection's table and indexes with the DDL Basalt uses (for copying a data directory). */
    public static void createTable(DSLContext dsl, Collection c) {
        TableSync.create(dsl, c);
    }

    /**
     * Creates a view collection's view on a server database from its (SQLite-written) query, its
     * id as text. Fails with the database's message when the query is not valid there.
     */
    public static void createServerView(DSLContext dsl, Collection c) {
        Dialect dialect = Dialect.of(dsl);
        List<String> columns = new ArrayList<>();
        for (Field f : c.fields()) {
            String q = dialect.quote(f.name());
            columns.add(f.name().equals("id") ? "CAST(v." + q + " AS " + (dialect == Dialect.POSTGRES ? "TEXT" : "CHAR") + ") AS " + q
                    : "v." + q);
        }
        dsl.execute("CREATE OR REPLACE VIEW " + dialect.quote(c.name()) + " AS SELECT " + String.join(", ", columns) + " FROM ("
                + c.viewQuery() + ") v");
    }

    static List<Collection> loadAll(java.sql.Connection conn, Dialect dialect) throws java.sql.SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (var st = conn.createStatement();
                var rs = st.executeQuery(selectAll(dialect))) {
            var meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return fromRows(rows);
    }

    static List<Collection> loadAll(DSLContext dsl) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var r : dsl.fetch(selectAll(Dialect.of(dsl)))) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (var f : r.fields()) {
                Object v = r.get(f);
                row.put(f.getName(), v instanceof org.jooq.JSON j ? j.data() : v);
            }
            rows.add(row);
        }
        return fromRows(rows);
    }

    private static List<Collection> fromRows(List<Map<String, Object>> rows) {
        List<Collection> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            CollectionType type = CollectionType.parse(text(r, "type")).orElse(CollectionType.BASE);
            String options = text(r, "options");
            String viewQuery = null;
            if (type == CollectionType.VIEW) {
                viewQuery = Json.parse(options == null || options.isBlank() ? "{}" : options).path("viewQuery").asString("");
            }
            String indexes = text(r, "indexes");
            List<String> indexList = new ArrayList<>();
            Json.parse(indexes == null || indexes.isBlank() ? "[]" : indexes).forEach(n -> indexList.add(n.asString()));
            out.add(new Collection(
                    text(r, "id"), text(r, "name"), type,
                    Values.toBool(r.get("system")),
                    CollectionJson.fieldsFromDb(text(r, "fields")),
                    indexList,
                    rule(r, "listRule"), rule(r, "viewRule"), rule(r, "createRule"), rule(r, "updateRule"), rule(r, "deleteRule"),
                    type == CollectionType.AUTH ? CollectionJson.authOptionsFromDb(options) : null,
                    viewQuery,
                    text(r, "created"), text(r, "updated")));
        }
        return out;
    }

    private static String text(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v == null ? "" : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
    }

    private static String rule(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v == null ? null : text(row, key);
    }

    /**
     * Creates PocketBase's initial collections ({@code _superusers}, {@code users}, ...) in a fresh
     * database, in one transaction with the system tables.
     */
    public void install(List<Collection> initial) {
        db.writeVoid(tx -> {
            String now = DateTimes.nowText();
            for (Collection c : initial) {
                persist(tx, c.withTimestamps(now, now), Optional.empty(), "Failed to create collection.");
            }
        });
        reload();
    }

    /** Creates a collection from API JSON. */
    public Collection create(JsonNode body) {
        if (!body.isObject()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Failed to load the submitted data due to invalid formatting.");
        }
        String typeText = body.path("type").asString("base");
        CollectionType type = CollectionType.parse(typeText.isEmpty() ? "base" : typeText).orElse(null);
        if (type == null) {
            throw ApiException.validation(ErrorCode.COLLECTION_INVALID, "Failed to create collection.",
                    Map.of("type", FieldError.of("validation_in_invalid", "Must be a valid value.")));
        }
        Collection base = CollectionDefaults.newCollection(type, body.path("name").asString(""));
        Collection c = CollectionInput.apply(base, body, true);
        return save(c, Optional.empty(), "Failed to create collection.");
    }

    /** Applies API JSON to an existing collection. */
    public Collection update(String idOrName, JsonNode body) {
        Collection current = require(idOrName);
        Collection c = CollectionInput.apply(current, body, false);
        return save(c, Optional.of(current), "Failed to update collection.");
    }

    /** Validates and stores a collection (create when {@code old} is empty), altering its table. */
    public Collection save(Collection input, Optional<Collection> old, String failureMessage) {
        Collection prepared = prepare(input, old);
        Collection saved = db.write(tx -> {
            Collection c = withViewFields(tx.dsl(), prepared, failureMessage);
            Map<String, Object> errors = validator(tx.dsl()).validate(c, old);
            if (!errors.isEmpty()) {
                throw ApiException.validation(ErrorCode.COLLECTION_INVALID, failureMessage, errors);
            }
            return persist(tx, c, old, failureMessage);
        });
        changed();
        return schema.find(saved.id()).orElse(saved);
    }

    /** For view collections: the fields inferred from the query (a bad query is a validation error). */
    private Collection withViewFields(DSLContext dsl, Collection c, String failureMessage) {
        if (!c.isView()) {
            return c;
        }
        if (c.viewQuery() == null || c.viewQuery().isBlank()) {
            throw ApiException.validation(ErrorCode.COLLECTION_INVALID, failureMessage, Map.of("viewQuery", Rules.required()));
        }
        try {
            return c.withFields(ViewSchema.infer(dsl, ViewSchema.normalize(c.viewQuery()), schema::find));
        } catch (ViewSchema.InvalidViewQuery e) {
            throw ApiException.validation(ErrorCode.COLLECTION_INVALID, failureMessage,
                    Map.of("viewQuery", FieldError.of("validation_invalid_view_query", "Invalid query - " + e.getMessage())));
        }
    }

    private Collection prepare(Collection input, Optional<Collection> old) {
        String now = DateTimes.nowText();
        Collection c = input;
        if (old.isEmpty()) {
            if (c.id().isEmpty() || c.id().equals(Ids.collectionId(c.type().wire(), ""))) {
                c = withId(c, uniqueId(Ids.collectionId(c.type().wire(), c.name())));
            }
            c = c.withTimestamps(now, now);
        } else {
            c = c.withTimestamps(old.get().created(), now);
        }
        c = CollectionDefaults.withSystemFields(c);
        c = c.withFields(CollectionInput.assignIds(c.fields(), old.map(Collection::fields).orElse(List.of())));
        if (c.isAuth() && c.auth() != null) {
            c = normalizeAuth(c, old);
        }
        return c;
    }

    private Collection normalizeAuth(Collection c, Optional<Collection> old) {
        AuthOptions o = c.auth();
        AuthOptions.TokenConfig authToken = o.authToken();
        if (old.isPresent() && old.get().auth() != null
                && !java.util.Objects.equals(old.get().auth().authRule(), o.authRule())) {
            // changing who may authenticate revokes every issued token
            authToken = new AuthOptions.TokenConfig(Ids.random(CollectionDefaults.SECRET_LENGTH,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), authToken.duration());
        }
        AuthOptions.OAuth2 oauth2 = o.oauth2();
        AuthOptions.PasswordAuth passwordAuth = o.passwordAuth();
        AuthOptions.Mfa mfa = o.mfa();
        if (c.isSuperusers()) {
            oauth2 = new AuthOptions.OAuth2(List.of(), oauth2.mappedFields(), false);
            passwordAuth = new AuthOptions.PasswordAuth(true, passwordAuth.identityFields());
            if (o.otp() != null && o.otp().enabled()) {
                mfa = new AuthOptions.Mfa(true, mfa.duration(), mfa.rule());
            }
        }
        if (passwordAuth != null && passwordAuth.identityFields() != null) {
            passwordAuth = new AuthOptions.PasswordAuth(passwordAuth.enabled(),
                    List.copyOf(new java.util.LinkedHashSet<>(passwordAuth.identityFields())));
        }
        return c.withAuth(new AuthOptions(o.authRule(), o.manageRule(), o.authAlert(), oauth2, passwordAuth, mfa, o.otp(),
                authToken, o.passwordResetToken(), o.emailChangeToken(), o.verificationToken(), o.fileToken(),
                o.verificationTemplate(), o.resetPasswordTemplate(), o.confirmEmailChangeTemplate()));
    }

    private static Collection withId(Collection c, String id) {
        return new Collection(id, c.name(), c.type(), c.system(), c.fields(), c.indexes(), c.listRule(), c.viewRule(),
                c.createRule(), c.updateRule(), c.deleteRule(), c.auth(), c.viewQuery(), c.created(), c.updated());
    }

    private String uniqueId(String base) {
        String id = base;
        for (int n = 2; schema.find(id).filter(x -> x.id().equals(base)).isPresent() || idTaken(id); n++) {
            id = base + n;
            if (n > 999) {
                break;
            }
        }
        return id;
    }

    private boolean idTaken(String id) {
        return schema.all().stream().anyMatch(c -> c.id().equals(id));
    }

    private CollectionValidator validator(DSLContext dsl) {
        Dialect dialect = Dialect.of(dsl);
        return new CollectionValidator(schema,
                name -> dsl.fetchOne(dialect.tableExistsSql(), name) != null,
                ruleCheck,
                indexName -> Optional.ofNullable(dsl.fetchValue(dialect.indexTableSql(), indexName)).map(Object::toString));
    }

    private Collection persist(Tx tx, Collection c, Optional<Collection> old, String failureMessage) {
        DSLContext dsl = tx.dsl();
        Collection toStore = c;
        if (c.isView() && Dialect.of(dsl) != Dialect.SQLITE) {
            replaceServerView(dsl, c, old);
        } else if (c.isView()) {
            String query = ViewSchema.normalize(c.viewQuery());
            old.ifPresent(o -> TableSync.drop(dsl, o));
            dsl.execute("CREATE VIEW " + TableSync.quote(c.name()) + " AS SELECT * FROM (" + query + ")");
            Object idType = dsl.fetchValue("SELECT type FROM pragma_table_info(?) WHERE name = 'id'", c.name());
            if (!"TEXT".equalsIgnoreCase(Values.toText(idType))) {
                // record ids are text: a numeric id column (e.g. ROW_NUMBER()) is cast so lookups by id work
                TableSync.drop(dsl, c);
                dsl.execute("CREATE VIEW " + TableSync.quote(c.name()) + " AS SELECT * FROM ("
                        + ViewSchema.withTextId(dsl, query, c.fields()) + ")");
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", toStore.id());
        row.put("system", toStore.system());
        row.put("type", toStore.type().wire());
        row.put("name", toStore.name());
        row.put("fields", Json.write(CollectionJson.fieldsToJson(toStore.fields())));
        row.put("indexes", Json.write(toStore.indexes()));
        row.put("listRule", toStore.listRule());
        row.put("viewRule", toStore.viewRule());
        row.put("createRule", toStore.createRule());
        row.put("updateRule", toStore.updateRule());
        row.put("deleteRule", toStore.deleteRule());
        row.put("options", CollectionJson.optionsToDb(toStore));
        row.put("created", toStore.created());
        row.put("updated", toStore.updated());
        org.jooq.Table<?> table = DSL.table(DSL.name("_collections"));
        Map<org.jooq.Field<Object>, Object> values = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (old.isEmpty() || !column.equals("id")) {
                values.put(DSL.field(DSL.name(column)), value);
            }
        });
        if (old.isEmpty()) {
            dsl.insertInto(table).set(values).execute();
        } else {
            dsl.update(table).set(values).where(DSL.field(DSL.name("id")).eq(old.get().id())).execute();
        }
        if (!c.isView()) {
            try {
                if (old.isEmpty()) {
                    TableSync.create(dsl, toStore);
                } else {
                    TableSync.update(dsl, old.get(), toStore);
                }
            } catch (ApiException e) {
                throw ApiException.validation(ErrorCode.COLLECTION_INVALID, failureMessage, e.data());
            }
        }
        return toStore;
    }

    /** Deletes a collection and its table; refused for system collections and referenced ones. */
    public void delete(String idOrName) {
        Collection c = require(idOrName);
        if (c.system()) {
            throw ApiException.badRequest("Failed to delete collection");
        }
        List<Collection> refs = schema.referencing(c);
        if (!refs.isEmpty()) {
            throw ApiException.badRequest("Failed to delete collection probably due to existing reference in "
                    + String.join(", ", refs.stream().map(Collection::name).toList()));
        }
        try {
            db.writeVoid(tx -> {
                String viewsReading = Dialect.of(tx.dsl()).viewsReadingSql();
                if (viewsReading != null && tx.dsl().fetch(viewsReading, c.name()).isNotEmpty()) {
                    throw ApiException.badRequest("Failed to delete collection probably due to existing view dependency");
                }
                TableSync.drop(tx.dsl(), c);
                tx.dsl().deleteFrom(DSL.table(DSL.name("_collections"))).where(DSL.field(DSL.name("id")).eq(c.id())).execute();
                checkViews(tx.dsl(), c.id());
            });
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Failed to delete collection probably due to existing view dependency",
                    null, e);
        }
        changed();
    }

    /** Fails when a remaining view no longer compiles (its query used a dropped table or column). */
    private void checkViews(DSLContext dsl, String droppedId) {
        Dialect dialect = Dialect.of(dsl);
        for (Collection view : schema.all()) {
            if (view.isView() && !view.id().equals(droppedId)) {
                dsl.fetch("SELECT * FROM " + dialect.quote(view.name()) + " LIMIT 0");
            }
        }
    }

    /**
     * Replaces a view on a server. SQLite lets a view be dropped while other views use it;
     * PostgreSQL does not, so the old view goes with its dependents, which are then created again
     * from their collections (failing, as on SQLite, when they no longer fit the new view).
     */
    private void replaceServerView(DSLContext dsl, Collection c, Optional<Collection> old) {
        Dialect dialect = Dialect.of(dsl);
        if (old.isPresent()) {
            dsl.execute("DROP VIEW IF EXISTS " + dialect.quote(old.get().name()) + (dialect == Dialect.POSTGRES ? " CASCADE" : ""));
        }
        createServerView(dsl, c);
        for (Collection view : schema.all()) {
            if (view.isView() && !view.id().equals(c.id()) && dsl.fetchOne(dialect.tableExistsSql(), view.name()) == null) {
                createServerView(dsl, view);
            }
        }
    }

    /**
     * Imports collection definitions: existing ones (by id or name) are updated, new ones created;
     * with {@code deleteMissing}, non-system collections absent from the list are deleted. All or
     * nothing: one transaction.
     */
    public void importCollections(List<JsonNode> items, boolean deleteMissing) {
        if (items.isEmpty()) {
            throw ApiException.validation(ErrorCode.COLLECTION_INVALID, "An error occurred while validating the submitted data.",
                    Map.of("collections", Rules.required()));
        }
        List<Collection[]> plan = new ArrayList<>(); // [new, old-or-null]
        for (JsonNode item : items) {
            String key = item.path("id").asString("");
            Optional<Collection> existing = schema.find(key.isEmpty() ? item.path("name").asString("") : key);
            Collection updated;
            try {
                if (existing.isPresent()) {
                    JsonNode body = item;
                    if (!item.has("fields") && deleteMissing) {
                        body = ((tools.jackson.databind.node.ObjectNode) item.deepCopy()).set("fields", Json.mapper().createArrayNode());
                    }
                    updated = CollectionInput.apply(existing.get(), body, false);
                    updated = mergeImportedFields(updated, existing.get(), deleteMissing);
                } else {
                    CollectionType type = CollectionType.parse(item.path("type").asString("base")).orElse(CollectionType.BASE);
                    updated = CollectionInput.apply(CollectionDefaults.newCollection(type, item.path("name").asString("")), item, true);
                }
            } catch (ApiException e) {
                throw importFailure(item.path("name").asString(""), item.path("id").asString(""), e.data());
            }
            plan.add(new Collection[] {updated, existing.orElse(null)});
        }
        plan.sort(Comparator.comparing((Collection[] p) -> p[0].isView()));
        Schema before = schema;
        try {
            db.writeVoid(tx -> {
                if (deleteMissing) {
                    Set<String> keep = new HashSet<>();
                    plan.forEach(p -> keep.add(p[1] != null ? p[1].id() : p[0].id()));
                    List<Collection> toDelete = new ArrayList<>(before.all().stream()
                            .filter(c -> !c.system() && !keep.contains(c.id())).toList());
                    toDelete.sort(Comparator.comparing((Collection c) -> !c.isView()));
                    for (Collection c : toDelete) {
                        TableSync.drop(tx.dsl(), c);
                        tx.dsl().deleteFrom(DSL.table(DSL.name("_collections"))).where(DSL.field(DSL.name("id")).eq(c.id())).execute();
                    }
                    schema = new Schema(loadAll(tx.dsl()));
                }
                for (Collection[] p : plan) {
                    Optional<Collection> old = Optional.ofNullable(p[1]);
                    Collection c;
                    try {
                        c = withViewFields(tx.dsl(), prepare(p[0], old), "Failed to import collections.");
                    } catch (ApiException e) {
                        throw importFailure(p[0].name(), p[0].id(), e.data());
                    }
                    Map<String, Object> errors = validator(tx.dsl()).validate(c, old);
                    if (!errors.isEmpty()) {
                        throw importFailure(c.name(), c.id(), errors);
                    }
                    try {
                        persist(tx, c, old, "Failed to import collections.");
                    } catch (ApiException e) {
                        throw importFailure(c.name(), c.id(), e.data());
                    }
                    schema = new Schema(loadAll(tx.dsl()));
                }
            });
        } catch (RuntimeException e) {
            schema = before;
            throw e;
        }
        changed();
    }

    private static Collection mergeImportedFields(Collection imported, Collection existing, boolean deleteMissing) {
        List<Field> fields = new ArrayList<>(imported.fields());
        for (Field old : existing.fields()) {
            if (!old.system() && deleteMissing) {
                continue;
            }
            boolean present = fields.stream().anyMatch(f -> f.id().equals(old.id()));
            if (present) {
                continue;
            }
            int sameName = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(old.name()) && fields.get(i).type().equals(old.type())) {
                    sameName = i;
                }
            }
            if (sameName >= 0) {
                fields.set(sameName, old);
            } else {
                fields.add(old);
            }
        }
        return imported.withFields(fields);
    }

    private static ApiException importFailure(String name, String id, Map<String, Object> errors) {
        String details = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(messagesOnly(errors));
        return ApiException.validation(ErrorCode.COLLECTION_INVALID, "Failed to import collections.",
                Map.of("collections", FieldError.of("validation_collections_import_failure",
                        "Data validations failed for collection \"" + name + "\" (" + id + "):\n" + details)));
    }

    @SuppressWarnings("unchecked")
    private static Object messagesOnly(Object errors) {
        if (errors instanceof Map<?, ?> map) {
            if (map.containsKey("code") && map.containsKey("message") && map.get("message") instanceof String m) {
                return m;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, messagesOnly(v)));
            return out;
        }
        if (errors instanceof FieldError fe) {
            return fe.message();
        }
        return errors;
    }
}
