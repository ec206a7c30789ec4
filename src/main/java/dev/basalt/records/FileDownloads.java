package dev.basalt.records;

import dev.basalt.auth.Tokens;
import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Field;
import dev.basalt.collections.FileField;
import dev.basalt.collections.Values;
import dev.basalt.error.ApiException;
import dev.basalt.files.FileService;
import dev.basalt.files.StoredObject;
import dev.basalt.files.Thumbnails;
import dev.basalt.rules.Decision;
import dev.basalt.rules.FilterSyntaxException;
import dev.basalt.rules.RuleEngine;
import dev.basalt.store.Database;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a file download serves: the record's file by its exact stored name, a thumbnail
 * when the size is allowed and the original is an image, and — for protected files — only when
 * the file token's record passes the collection's view rule (context {@code protectedFile}).
 * Every refusal is the same 404.
 */
public final class FileDownloads {
    private static final Logger LOG = LoggerFactory.getLogger(FileDownloads.class);
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpg", "image/jpeg", "image/gif", "image/webp");
    private static final String DEFAULT_THUMB = "100x100";

    /** What to serve: the key, its metadata, the name for Content-Disposition. */
    public record Download(String key, StoredObject object, String name) {}

    private final Database db;
    private final Collections collections;
    private final RuleEngine rules;
    private final FileService files;
    private final Tokens tokens;
    private final Thumbnails thumbnails = new Thumbnails();

    public FileDownloads(Database db, Collections collections, RuleEngine rules, FileService files, Tokens tokens) {
        this.db = db;
        this.collections = collections;
        this.rules = rules;
        this.files = files;
        this.tokens = tokens;
    }

    public Download resolve(String collectionIdOrName, String recordId, String filename, String thumb, String token,
            RequestInfo info) {
        Collection c = collections.schema().find(collectionIdOrName).orElseThrow(ApiException::notFound);
        if (recordId == null || recordId.isEmpty() || filename == null || filename.isEmpty()) {
            throw ApiException.notFound();
        }
        Record record = db.read(dsl -> RecordStore.findById(dsl, c, recordId)).orElseThrow(ApiException::notFound);
        FileField field = null;
        for (Field f : c.fields()) {
            if (f instanceof FileField ff && Values.toUniqueStrings(record.get(f.name())).contains(filename)) {
                field = ff;
                break;
            }
        }
        if (field == null) {
            throw ApiException.notFound();
        }
        if (field.isProtected() && !canView(c, record, token, info)) {
            throw ApiException.notFound();
        }
        String base = c.isView() ? sourceBase(filename).orElseThrow(ApiException::notFound) : c.id() + "/" + record.id();
        String originalKey = base + "/" + filename;
        StoredObject original = files.storage().stat(originalKey).orElseThrow(ApiException::notFound);
        if (thumb != null && !thumb.isEmpty() && (thumb.equals(DEFAULT_THUMB) || (field.thumbs() != null && field.thumbs().contains(thumb)))
                && IMAGE_TYPES.contains(original.contentType())) {
            String thumbName = thumb + "_" + filename;
            String thumbKey = base + "/thumbs_" + filename + "/" + thumbName;
            try {
                thumbnails.ensure(files.storage(), originalKey, original.contentType(), thumbKey, thumb);
                Optional<StoredObject> stored = files.storage().stat(thumbKey);
                if (stored.isPresent()) {
                    return new Download(thumbKey, stored.get(), thumbName);
                }
            } catch (Thumbnails.ThumbException e) {
                LOG.warn("fallback to original - failed to create thumb {}: {}", thumbName, e.getMessage());
            }
        }
        return new Download(originalKey, original, filename);
    }

    private boolean canView(Collection c, Record record, String token, RequestInfo info) {
        Record auth = token == null || token.isEmpty() ? null
                : tokens.verify(token, AuthOptions.TokenType.FILE).map(Tokens.Verified::record).orElse(null);
        RequestInfo fileInfo = info.withAuth(auth).withContext("protectedFile");
        try {
            Decision d = rules.decide(c, c.viewRule(), fileInfo);
            return switch (d) {
                case Decision.Allow a -> true;
                case Decision.Deny x -> false;
                case Decision.Filter f -> db.read(dsl -> RecordStore.findById(dsl, c, record.id(), f.rule()).isPresent());
            };
        } catch (FilterSyntaxException e) {
            return false;
        }
    }

    /** For view collections: the storage folder of the source record holding this (uniquely named) file. */
    private Optional<String> sourceBase(String filename) {
        for (Collection source : collections.schema().all()) {
            if (source.isView()) {
                continue;
            }
            for (Field f : source.fields()) {
                if (!(f instanceof FileField ff)) {
                    continue;
                }
                org.jooq.Field<Object> column = RecordStore.column(source, ff.name());
                var condition = ff.multiple()
                        ? dev.basalt.rules.JsonSql.containsAny(column, List.of(filename))
                        : column.eq(filename);
                List<Record> found = db.read(dsl -> RecordStore.list(dsl, source, condition));
                if (!found.isEmpty()) {
                    return Optional.of(source.id() + "/" + found.get(0).id());
                }
            }
        }
        return Optional.empty();
    }

    /** A file token for the authenticated record. */
    public String fileToken(Record auth) {
        return tokens.issue(auth, AuthOptions.TokenType.FILE, 0, java.util.Map.of());
    }
}
