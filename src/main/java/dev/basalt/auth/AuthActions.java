package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Formats;
import dev.basalt.collections.PasswordValue;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RequestInfo;
import dev.basalt.rules.Decision;
import dev.basalt.rules.RuleEngine;
import dev.basalt.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication actions of auth collections: password login and token refresh. Failures
 * never tell whether the account exists: unknown identities and wrong passwords get the same
 * answer after the same amount of hashing work.
 */
public final class AuthActions {
    /** A hash of a random password, verified when the identity is unknown so timing does not leak existence. */
    private volatile String dummyHash;
    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private final RuleEngine rules;
    private final Passwords passwords;
    private final Tokens tokens;

    public AuthActions(Database db, Collections collections, RecordActions records, RuleEngine rules, Passwords passwords,
            Tokens tokens) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.rules = rules;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    /** A hash of a random password (computed once, off the start-up path when {@link #warmUp} runs). */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = passwords.hash(dev.basalt.util.Ids.secret(24));
            dummyHash = h;
        }
        return h;
    }

    /** Pre-computes what the first login would otherwise compute. */
    public void warmUp() {
        dummyHash();
    }

    /** The auth collection for an auth route, or 404 "Missing or invalid auth collection context.". */
    public Collection authCollection(String idOrName) {
        return collections.schema().find(idOrName).filter(Collection::isAuth)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Missing or invalid auth collection context."));
    }

    /** Authenticates with identity and password. */
    public AuthResult withPassword(String collection, String identity, String password, String identityField, RequestInfo info) {
        Collection c = authCollection(collection);
        AuthOptions.PasswordAuth passwordAuth = c.auth().passwordAuth();
        if (passwordAuth == null || !passwordAuth.enabled()) {
            throw ApiException.forbidden("The collection is not configured to allow password authentication.");
        }
        Map<String, Object> errors = new LinkedHashMap<>();
        requiredLength(errors, "identity", identity);
        requiredLength(errors, "password", password);
        List<String> identityFields = passwordAuth.identityFields() == null ? List.of() : passwordAuth.identityFields();
        if (identityField != null && !identityField.isEmpty() && !identityFields.contains(identityField)) {
            errors.put("identityField", FieldError.of("validation_in_invalid", "Must be a valid value."));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "An error occurred while validating the submitted data.", errors);
        }
        Optional<Record> found = findByIdentity(c, identity, identityField, identityFields);
        String hash = found.map(r -> ((PasswordValue) r.get("password")).hash()).orElseGet(this::dummyHash);
        boolean valid = passwords.verify(password, hash);
        if (found.isEmpty() || !valid) {
            throw new ApiException(ErrorCode.AUTH_FAILED);
        }
        Record record = found.get();
        if (passwords.needsRehash(hash)) {
            record = rehash(record, password);
        }
        return respond(record, info.withContext("password"));
    }

    private Record rehash(Record record, String password) {
        String newHash = passwords.hash(password);
        Collection c = record.collection();
        // direct column update: an upgrade of the hash must not rotate tokenKey (that would log the user out)
        db.writeVoid(tx -> tx.dsl().execute("UPDATE " + quote(c.name()) + " SET `password` = ? WHERE id = ?", newHash, record.id()));
        Record updated = record.copy();
        updated.set("password", new PasswordValue(newHash, ""));
        return updated.asSaved();
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private Optional<Record> findByIdentity(Collection c, String identity, String identityField, List<String> fields) {
        if (identityField != null && !identityField.isEmpty()) {
            return records.findByField(c, identityField, identity);
        }
        List<String> order = new ArrayList<>();
        boolean isEmail = Formats.isEmail(identity);
        if (isEmail && fields.contains("email")) {
            order.add("email");
        }
        for (String f : fields) {
            if (!order.contains(f) && (isEmail || !f.equals("email"))) {
                order.add(f);
            }
        }
        for (String f : order) {
            if (c.field(f).isEmpty()) {
                continue;
            }
            Optional<Record> r = records.findByField(c, f, identity);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static void requiredLength(Map<String, Object> errors, String key, String value) {
        if (value == null || value.isEmpty()) {
            errors.put(key, FieldError.of("validation_required", "Cannot be blank."));
        } else if (value.codePointCount(0, value.length()) > 255) {
            errors.put(key, FieldError.of("validation_length_out_of_range", "The length must be between 1 and 255.", "min", 1, "max", 255));
        }
    }

    /** A new token for the caller's own record (or the same token when it is not refreshable). */
    public AuthResult refresh(String collection, Tokens.Verified auth, String rawToken, RequestInfo info) {
        Collection c = authCollection(collection);
        if (auth == null) {
            throw ApiException.unauthorized();
        }
        if (!auth.record().collection().id().equals(c.id())) {
            throw ApiException.forbidden("The request requires auth record from " + c.name() + " collection.");
        }
        Record fresh = records.find(c, auth.record().id()).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "Missing auth record context."));
        String token = auth.refreshable() ? tokens.authToken(fresh) : rawToken;
        checkAuthRule(fresh, info);
        return new AuthResult(token, fresh, null);
    }

    /** Issues the auth token after the collection's authRule allowed the record. */
    public AuthResult respond(Record record, RequestInfo info) {
        checkAuthRule(record, info);
        return new AuthResult(tokens.authToken(record), record, null);
    }

    private void checkAuthRule(Record record, RequestInfo info) {
        Collection c = record.collection();
        boolean allowed;
        try {
            Decision decision = rules.decide(c, c.auth().authRule(), info.withAuth(null));
            allowed = switch (decision) {
                case Decision.Allow a -> true;
                case Decision.Deny d -> false;
                case Decision.Filter f -> db.read(dsl -> dev.basalt.records.RecordStore.findById(dsl, c, record.id(), f.rule()).isPresent());
            };
        } catch (dev.basalt.rules.FilterSyntaxException e) {
            allowed = false;
        }
        if (!allowed) {
            throw ApiException.forbidden("The request doesn't satisfy the collection requirements to authenticate.");
        }
    }
}
