package dev.basalt.records;

import dev.basalt.auth.Passwords;
import dev.basalt.collections.AutodateField;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Field;
import dev.basalt.collections.FileField;
import dev.basalt.collections.Upload;
import dev.basalt.files.FileService;
import dev.basalt.store.Tx;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.RecordContext;
import dev.basalt.collections.TextField;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.rules.Compiled;
import dev.basalt.rules.Decision;
import dev.basalt.rules.FilterSyntaxException;
import dev.basalt.rules.ListPlan;
import dev.basalt.rules.RuleEngine;
import dev.basalt.store.Database;
import dev.basalt.store.StoreException;
import dev.basalt.util.DateTimes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record actions — list, view, create, update, delete — shared by every protocol. Each one
 * looks the collection up, decides its API rule through {@link RuleEngine}, validates, and runs
 * its SQL in one transaction. Errors are {@link ApiException}s with PocketBase's statuses and
 * messages.
 */
public final class RecordActions {
    private static final Logger LOG = LoggerFactory.getLogger(RecordActions.class);
    private final Database db;
    private final Collections collections;
    private final RuleEngine rules;
    private final Passwords passwords;
    private final RecordDeleter deleter;
    private final AuthRecordEffects authEffects;
    private final FileService files;
    private final RecordEvents events = new RecordEvents();

    public RecordActions(Database db, Collections collections, RuleEngine rules, Passwords passwords, FileService files) {
        this.db = db;
        this.collections = collections;
        this.rules = rules;
        this.passwords = passwords;
        this.files = files;
        this.authEffects = new AuthRecordEffects(collections);
        this.deleter = new RecordDeleter(collections, files, authEffects, events);
    }

    /** Registers a listener for every later record write. */
    public void addListener(RecordListener listener) {
        events.add(listener);
    }

    /** The collection for a record route, or 404 "Missing collection context.". */
    public Collection collection(String idOrName) {
        return collections.schema().find(idOrName).orElseThrow(() -> new ApiException(ErrorCode.COLLECTION_NOT_FOUND));
    }

    private static void requireWritable(Collection c) {
        if (c.isView()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_COLLECTION_TYPE);
        }
    }

    /** A locked ({@code null}) rule is for superusers only: 403 before anything else is looked at. */
    private static void requireUnlocked(String rule, RequestInfo info) {
        if (rule == null && !info.isSuperuser()) {
            throw ApiException.superuserOnly();
        }
    }

    /** Lists one page of records visible to the caller. */
    public ListResult list(String collectionIdOrName, ListQuery query, RequestInfo info) {
        Collection c = collection(collectionIdOrName);
        requireUnlocked(c.listRule(), info);
        if (!info.isSuperuser()) {
            for (String param : List.of(query.filter(), query.sort())) {
                if (param.contains("@collection.")) {
                    throw ApiException.forbidden("Only superusers can filter by @collection.");
                }
                if (param.contains("@request.")) {
                    throw ApiException.forbidden("Only superusers can filter by @request.");
                }
            }
        }
        ListPlan plan;
        try {
            plan = rules.list(c, info, query.filter(), query.sort());
        } catch (FilterSyntaxException e) {
            throw new ApiException(ErrorCode.INVALID_FILTER, "Invalid filter or sort: " + e.getMessage(), null, e);
        }
        return db.read(dsl -> {
            List<Record> items = RecordStore.list(dsl, c, plan.where(), plan.order(), query.perPage(),
                    (query.page() - 1) * query.perPage());
            long total = -1;
            long pages = -1;
            if (!query.skipTotal()) {
                total = RecordStore.count(dsl, c, plan.where());
                pages = (total + query.perPage() - 1) / query.perPage();
            }
            return new ListResult(items, query.page(), query.perPage(), total, pages);
        });
    }

    /** The {@code _collections} table as the filter language sees it (collections API: id, created, updated, name, system, type). */
    private static final Collection COLLECTIONS_TABLE = new Collection("_collections", "_collections",
            dev.basalt.collections.CollectionType.BASE, true,
            List.of(dev.basalt.collections.TextField.of("id"), dev.basalt.collections.TextField.of("created"),
                    dev.basalt.collections.TextField.of("updated"), dev.basalt.collections.TextField.of("name"),
                    dev.basalt.collections.BoolField.of("system"), dev.basalt.collections.TextField.of("type")),
            List.of(), null, null, null, null, null, null, null, "", "");

    /** One page of collections (superusers only; the caller checks), filtered and sorted with the filter language. */
    public dev.basalt.records.CollectionPage listCollections(ListQuery query) {
        ListPlan plan;
        try {
            plan = rules.systemList(COLLECTIONS_TABLE, query.filter(), query.sort());
        } catch (FilterSyntaxException e) {
            throw new ApiException(ErrorCode.INVALID_FILTER, "Invalid filter or sort: " + e.getMessage(), null, e);
        }
        return db.read(dsl -> {
            List<Collection> items = new java.util.ArrayList<>();
            for (Record r : RecordStore.list(dsl, COLLECTIONS_TABLE, plan.where(), plan.order(), query.perPage(),
                    (query.page() - 1) * query.perPage())) {
                collections.schema().find(r.id()).ifPresent(items::add);
            }
            long total = query.skipTotal() ? -1 : RecordStore.count(dsl, COLLECTIONS_TABLE, plan.where());
            long pages = query.skipTotal() ? -1 : (total + query.perPage() - 1) / query.perPage();
            return new dev.basalt.records.CollectionPage(items, query.page(), query.perPage(), total, pages);
        });
    }

    /** Decides a stored rule; a rule that does not compile denies (and is logged), it never errors out. */
    private Decision decide(Collection c, String rule, RequestInfo info) {
        try {
            return rules.decide(c, rule, info);
        } catch (FilterSyntaxException e) {
            LOG.warn("invalid rule of collection {} ignored as \"nobody\": {}", c.name(), e.getMessage());
            return new Decision.Filter(Compiled.none());
        }
    }

    /** One record visible to the caller, or 404. */
    public Record view(String collectionIdOrName, String id, RequestInfo info) {
        Collection c = collection(collectionIdOrName);
        requireUnlocked(c.viewRule(), info);
        Decision decision = decide(c, c.viewRule(), info);
        if (id == null || id.isEmpty()) {
            throw ApiException.notFound();
        }
        return db.read(dsl -> RecordStore.findById(dsl, c, id, decision.compiled())).orElseThrow(ApiException::notFound);
    }

    /** Creates a record from a request body. */
    public Record create(String collectionIdOrName, Map<String, Object> body, RequestInfo info) {
        return create(collectionIdOrName, body, Map.of(), info);
    }

    /** Creates a record from a request body and uploaded files (by multipart part name). */
    public Record create(String collectionIdOrName, Map<String, Object> body, Map<String, List<Upload>> uploads, RequestInfo info) {
        Collection c = collection(collectionIdOrName);
        requireWritable(c);
        requireUnlocked(c.createRule(), info);
        Record record = Record.create(c);
        RecordInput.Applied applied = RecordInput.apply(record, body, uploads, info.isSuperuser());
        Map<String, Upload> byName = byName(uploads);
        RequestInfo withBody = info.withBody(applied.body());
        autogenerate(record);
        boolean manage = info.isSuperuser();
        return db.write(tx -> {
            boolean manageAccess = manage;
            if (!info.isSuperuser() && c.createRule() != null && !c.createRule().isBlank()) {
                boolean allowed;
                try {
                    allowed = rules.allowsNew(tx.dsl(), c, record, c.createRule(), withBody);
                } catch (FilterSyntaxException e) {
                    LOG.warn("invalid create rule of collection {}: {}", c.name(), e.getMessage());
                    allowed = false;
                }
                if (!allowed) {
                    throw new ApiException(ErrorCode.RECORD_CREATE_FAILED);
                }
            }
            if (!manageAccess && c.isAuth()) {
                manageAccess = canManage(tx.dsl(), c, record, withBody);
            }
            Map<String, Object> errors = validate(tx.dsl(), record, applied, manageAccess, byName);
            if (!errors.isEmpty()) {
                throw ApiException.validation(ErrorCode.RECORD_CREATE_FAILED, null, errors);
            }
            String now = DateTimes.nowText();
            for (Field f : c.fields()) {
                if (f instanceof AutodateField a && (a.onCreate() || a.onUpdate())) {
                    record.set(f.name(), now);
                }
            }
            hashPasswords(record);
            try {
                RecordStore.insert(tx.dsl(), c, record);
            } catch (StoreException e) {
                throw UniqueViolations.translate(c, e, ErrorCode.RECORD_CREATE_FAILED);
            }
            storeFiles(tx, record, null, byName);
            Record saved = record.asSaved();
            events.saved(tx, saved, null);
            return saved;
        });
    }

    private static Map<String, Upload> byName(Map<String, List<Upload>> uploads) {
        Map<String, Upload> out = new java.util.HashMap<>();
        uploads.values().forEach(list -> list.forEach(u -> out.put(u.name(), u)));
        return out;
    }

    /** Writes the uploads the record kept and schedules removal of the files it dropped. */
    private void storeFiles(Tx tx, Record record, Record previous, Map<String, Upload> uploads) {
        Collection c = record.collection();
        List<Upload> toStore = new java.util.ArrayList<>();
        List<String> dropped = new java.util.ArrayList<>();
        for (Field f : c.fields()) {
            if (!(f instanceof FileField)) {
                continue;
            }
            List<String> now = dev.basalt.collections.Values.toUniqueStrings(record.get(f.name()));
            for (String name : now) {
                Upload u = uploads.get(name);
                if (u != null) {
                    toStore.add(u);
                }
            }
            if (previous != null) {
                for (String old : dev.basalt.collections.Values.toUniqueStrings(previous.get(f.name()))) {
                    if (!now.contains(old)) {
                        dropped.add(old);
                    }
                }
            }
        }
        if (!toStore.isEmpty()) {
            files.store(tx, c, record.id(), toStore);
        }
        files.removeAfterCommit(tx, c, record.id(), dropped);
    }

    /** Updates a record from a request body. */
    public Record update(String collectionIdOrName, String id, Map<String, Object> body, RequestInfo info) {
        return update(collectionIdOrName, id, body, Map.of(), info);
    }

    /** Updates a record from a request body and uploaded files (by multipart part name). */
    public Record update(String collectionIdOrName, String id, Map<String, Object> body, Map<String, List<Upload>> uploads,
            RequestInfo info) {
        Map<String, Upload> byName = byName(uploads);
        Collection c = collection(collectionIdOrName);
        requireWritable(c);
        requireUnlocked(c.updateRule(), info);
        return db.write(tx -> {
            Record current = RecordStore.findById(tx.dsl(), c, id).orElseThrow(ApiException::notFound);
            Record record = current.copy();
            RecordInput.Applied applied = RecordInput.apply(record, body, uploads, info.isSuperuser());
            RequestInfo withBody = info.withBody(applied.body());
            Decision withBodyDecision = decide(c, c.updateRule(), withBody);
            if (withBodyDecision instanceof Decision.Filter f && RecordStore.findById(tx.dsl(), c, id, f.rule()).isEmpty()) {
                throw ApiException.notFound();
            }
            boolean manage = info.isSuperuser() || (c.isAuth() && canManage(tx.dsl(), c, current, withBody));
            Map<String, Object> errors = validate(tx.dsl(), record, applied, manage, byName);
            if (!errors.isEmpty()) {
                throw ApiException.validation(ErrorCode.RECORD_UPDATE_FAILED, null, errors);
            }
            authEffects.beforeSave(tx.dsl(), record, current);
            String now = DateTimes.nowText();
            for (Field f : c.fields()) {
                if (f instanceof AutodateField a && a.onUpdate()) {
                    record.set(f.name(), now);
                }
            }
            hashPasswords(record);
            try {
                RecordStore.update(tx.dsl(), c, record, current.id());
            } catch (StoreException e) {
                throw UniqueViolations.translate(c, e, ErrorCode.RECORD_UPDATE_FAILED);
            }
            authEffects.afterSave(tx.dsl(), record, current);
            storeFiles(tx, record, current, byName);
            Record saved = record.asSaved();
            events.saved(tx, saved, current);
            return saved;
        });
    }

    /** Deletes a record (and cascades through relations). */
    public void delete(String collectionIdOrName, String id, RequestInfo info) {
        Collection c = collection(collectionIdOrName);
        requireWritable(c);
        requireUnlocked(c.deleteRule(), info);
        Decision decision = decide(c, c.deleteRule(), info);
        db.writeVoid(tx -> {
            Record record = RecordStore.findById(tx.dsl(), c, id, decision.compiled()).orElseThrow(ApiException::notFound);
            deleter.delete(tx, record);
        });
    }

    /** The outcome of one batch operation: the saved record, or null for a delete. */
    public record BatchResult(int status, Record record) {}

    /**
     * Runs operations all-or-nothing in one transaction, each exactly as the REST call would (same
     * rules, validation and files), with {@code info} (context {@code batch}) as the caller.
     *
     * @throws BatchFailure naming the first operation that failed, or index -1 on timeout
     */
    public List<BatchResult> batch(List<BatchOp> ops, RequestInfo info, java.time.Duration timeout) {
        RequestInfo batchInfo = info.withContext("batch");
        long deadline = System.nanoTime() + timeout.toNanos();
        return db.write(tx -> {
            List<BatchResult> results = new java.util.ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                if (System.nanoTime() > deadline) {
                    throw new BatchFailure(-1, ApiException.badRequest("batch transaction timeout"));
                }
                BatchOp op = ops.get(i);
                RequestInfo opInfo = batchInfo.withQuery(op.query());
                try {
                    results.add(run(op, opInfo));
                } catch (ApiException e) {
                    throw new BatchFailure(i, e);
                } catch (StoreException e) {
                    throw new BatchFailure(i, new ApiException(ErrorCode.BAD_REQUEST, null, null, e));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BatchFailure(-1, ApiException.badRequest("batch transaction timeout"));
            }
            return results;
        });
    }

    private BatchResult run(BatchOp op, RequestInfo info) {
        return switch (op) {
            case BatchOp.Create c -> new BatchResult(200, create(c.collection(), c.body(), c.files(), info));
            case BatchOp.Update u -> new BatchResult(200, update(u.collection(), u.id(), u.body(), u.files(), info));
            case BatchOp.Delete d -> {
                delete(d.collection(), d.id(), info);
                yield new BatchResult(204, null);
            }
            case BatchOp.Unknown x -> throw new ApiException(ErrorCode.BAD_REQUEST, null, null,
                    new IllegalArgumentException("unknown batch request action: " + x.line()));
            case BatchOp.Upsert u -> {
                String id = dev.basalt.collections.Values.toText(u.body().get("id"));
                Collection c = collection(u.collection());
                boolean exists = !id.isEmpty() && db.read(dsl -> RecordStore.findById(dsl, c, id)).isPresent();
                yield new BatchResult(200, exists ? update(u.collection(), id, u.body(), u.files(), info)
                        : create(u.collection(), u.body(), u.files(), info));
            }
        };
    }

    /** Deletes every record of a collection, one by one so relations cascade (collections truncate). */
    public void truncate(String collectionIdOrName) {
        Collection c = collections.require(collectionIdOrName);
        if (c.isView()) {
            throw ApiException.badRequest("View collections cannot be truncated since they don't store their own records.");
        }
        try {
            db.writeVoid(tx -> {
                for (Record r : RecordStore.list(tx.dsl(), c, org.jooq.impl.DSL.trueCondition())) {
                    deleter.delete(tx, r);
                }
            });
        } catch (ApiException e) {
            throw ApiException.badRequest("Failed to truncate collection (most likely due to required cascade delete record references).");
        }
    }

    /** Saves a record built in code (CLI, auth flows), validating it like an API write by a superuser. */
    public Record save(Record record) {
        Collection c = record.collection();
        autogenerate(record);
        return db.write(tx -> {
            Map<String, Object> errors = validate(tx.dsl(), record, RecordInput.Applied.NONE, true,
                    Map.of());
            if (!errors.isEmpty()) {
                throw ApiException.validation(record.isNew() ? ErrorCode.RECORD_CREATE_FAILED : ErrorCode.RECORD_UPDATE_FAILED,
                        null, errors);
            }
            Record previous = record.isNew() ? null : RecordStore.findById(tx.dsl(), c, (String) record.original("id")).orElse(null);
            authEffects.beforeSave(tx.dsl(), record, previous);
            String now = DateTimes.nowText();
            for (Field f : c.fields()) {
                if (f instanceof AutodateField a && ((record.isNew() && (a.onCreate() || a.onUpdate())) || (!record.isNew() && a.onUpdate()))) {
                    record.set(f.name(), now);
                }
            }
            hashPasswords(record);
            try {
                if (record.isNew()) {
                    RecordStore.insert(tx.dsl(), c, record);
                } else {
                    RecordStore.update(tx.dsl(), c, record, (String) record.original("id"));
                }
            } catch (StoreException e) {
                throw UniqueViolations.translate(c, e, record.isNew() ? ErrorCode.RECORD_CREATE_FAILED : ErrorCode.RECORD_UPDATE_FAILED);
            }
            authEffects.afterSave(tx.dsl(), record, previous);
            Record saved = record.asSaved();
            events.saved(tx, saved, previous);
            return saved;
        });
    }

    /** Deletes a record in code (CLI), with the same reference handling as the API. */
    public void deleteRecord(Record record) {
        db.writeVoid(tx -> deleter.delete(tx, record));
    }

    private boolean canManage(DSLContext dsl, Collection c, Record record, RequestInfo info) {
        try {
            return rules.canManage(dsl, c, record, info);
        } catch (FilterSyntaxException e) {
            return false;
        }
    }

    /** The ids ({@code collectionId/recordId}) of the records whose email the caller may see as a manager. */
    public java.util.Set<String> managed(List<Record> records, RequestInfo info) {
        java.util.Set<String> out = new java.util.HashSet<>();
        List<Record> auth = new java.util.ArrayList<>();
        collectAuth(records, auth);
        if (auth.isEmpty() || info.auth() == null || info.isSuperuser()) {
            return out;
        }
        Map<String, List<Record>> byCollection = new java.util.LinkedHashMap<>();
        auth.forEach(r -> byCollection.computeIfAbsent(r.collection().id(), k -> new java.util.ArrayList<>()).add(r));
        db.read(dsl -> {
            byCollection.values().forEach(group -> out.addAll(rules.managed(dsl, group, info)));
            return null;
        });
        return out;
    }

    private static void collectAuth(List<Record> records, List<Record> out) {
        for (Record r : records) {
            if (r.collection().isAuth()) {
                out.add(r);
            }
            for (Object v : r.expand().values()) {
                if (v instanceof Record related) {
                    collectAuth(List.of(related), out);
                } else if (v instanceof List<?> list) {
                    collectAuth(list.stream().map(Record.class::cast).toList(), out);
                }
            }
        }
    }

    private static void autogenerate(Record record) {
        if (!record.isNew()) {
            return;
        }
        for (Field f : record.collection().fields()) {
            if (f instanceof TextField t && !t.autogeneratePattern().isEmpty() && record.getString(f.name()).isEmpty()) {
                record.set(f.name(), t.generate());
            }
        }
    }

    private void hashPasswords(Record record) {
        for (Field f : record.collection().fields()) {
            if (record.get(f.name()) instanceof PasswordValue p && !p.plain().isEmpty()) {
                record.set(f.name(), new PasswordValue(passwords.hash(p.plain()), p.plain()));
            }
        }
    }

    private Map<String, Object> validate(DSLContext dsl, Record record, RecordInput.Applied applied, boolean manage,
            Map<String, Upload> uploads) {
        Collection c = record.collection();
        RecordContext ctx = new RecordContext(c, record.isNew(), record::original, collections.schema()::find,
                (target, ids) -> RecordStore.countIds(dsl, target, ids), uploads);
        Map<String, Object> errors = new TreeMap<>();
        for (Field f : c.fields()) {
            FieldError e = f.validate(record.get(f.name()), ctx);
            if (e != null) {
                errors.put(f.name(), e);
            }
        }
        for (String key : applied.strayFiles()) {
            errors.putIfAbsent(key, FieldError.of("validation_not_a_file_field", "Files can only be uploaded to file fields."));
        }
        if (c.isAuth()) {
            AuthForm.validate(record, applied, manage, passwords, errors);
            if (record.isNew() && !errors.containsKey("id") && idUsedByOtherAuthCollection(dsl, record)) {
                errors.put("id", FieldError.of("validation_invalid_auth_id", "Invalid or duplicated auth record id."));
            }
        }
        return errors;
    }

    private boolean idUsedByOtherAuthCollection(DSLContext dsl, Record record) {
        for (Collection other : collections.schema().all()) {
            if (other.isAuth() && !other.id().equals(record.collection().id())
                    && RecordStore.countIds(dsl, other, List.of(record.id())) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Attaches the relations named by an {@code expand} parameter to the records, with each
     * related collection's view rule applied for the caller; one query per relation and level.
     */
    public void expand(List<Record> records, String expand, RequestInfo info) {
        Map<String, Object> tree = RecordExpand.parse(expand);
        if (tree.isEmpty() || records.isEmpty()) {
            return;
        }
        db.read(dsl -> {
            new RecordExpand(collections.schema(), rules, info, dsl).expand(records, tree);
            return null;
        });
    }

    /** Finds a record by id in code (no rules). */
    public Optional<Record> find(Collection c, String id) {
        return db.read(dsl -> RecordStore.findById(dsl, c, id));
    }

    /** Finds the first record whose field equals the value, case-insensitively (auth identities). */
    public Optional<Record> findByField(Collection c, String field, String value) {
        return db.read(dsl -> {
            return RecordStore.fetchOne(dsl, c, dsl.select(RecordStore.table(c).asterisk()).from(RecordStore.table(c))
                    .where(org.jooq.impl.DSL.lower(RecordStore.column(c, field).cast(String.class)).eq(value.toLowerCase(java.util.Locale.ROOT)))
                    .limit(1));
        });
    }

    /** Finds the first record whose fields equal the given values exactly (no rules; system lookups). */
    public Optional<Record> findWhere(Collection c, Map<String, Object> equals) {
        return db.read(dsl -> {
            org.jooq.Condition where = org.jooq.impl.DSL.noCondition();
            for (Map.Entry<String, Object> e : equals.entrySet()) {
                where = where.and(RecordStore.column(c, e.getKey()).eq(e.getValue()));
            }
            return RecordStore.fetchOne(dsl, c, dsl.select(RecordStore.table(c).asterisk()).from(RecordStore.table(c)).where(where)
                    .limit(1));
        });
    }

    /** Counts all records of a collection. */
    public long count(Collection c) {
        return db.read(dsl -> RecordStore.count(dsl, c, Compiled.all()));
    }
}
