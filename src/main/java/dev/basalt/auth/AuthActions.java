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
import dev.basalt.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication actions of auth collections: password login, token refresh and
 * impersonation. Failures never tell whether the account exists: unknown identities and wrong
 * passwords get the same answer after the same amount of hashing work, and repeated failures for
 * one identity or from one IP are throttled (10 per identity and 50 per IP in 15 minutes; 429).
 */
public final class AuthActions {
    /** A hash of a random password, verified when the identity is unknown so timing does not leak existence. */
    private volatile String dummyHash;
    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private static final java.time.Duration FAILURE_WINDOW = java.time.Duration.ofMinutes(15);
    private static final int FAILURES_PER_IDENTITY = 10;
    private static final int FAILURES_PER_IP = 50;

    private final Passwords passwords;
    private final Tokens tokens;
    private final AuthFinisher finisher;
    private final Throttle throttle;

    AuthActions(Database db, Collections collections, RecordActions records, Passwords passwords, Tokens tokens,
            AuthFinisher finisher, Throttle throttle) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.passwords = passwords;
        this.tokens = tokens;
        this.finisher = finisher;
        this.throttle = throttle;
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
        return AuthForms.authCollection(collections, idOrName);
    }

    /** Authenticates with identity and password. */
    public AuthOutcome withPassword(String collection, String identity, String password, String identityField, RequestInfo info) {
        Collection c = authCollection(collection);
        AuthOptions.PasswordAuth passwordAuth = c.auth().passwordAuth();
        if (passwordAuth == null || !passwordAuth.enabled()) {
            throw new ApiException(ErrorCode.AUTH_METHOD_DISABLED, "The collection is not configured to allow password authentication.");
        }
        AuthForms form = new AuthForms().required("identity", identity, 255).required("password", password, 255);
        List<String> identityFields = passwordAuth.identityFields() == null ? List.of() : passwordAuth.identityFields();
        if (identityField != null && !identityField.isEmpty() && !identityFields.contains(identityField)) {
            form.error("identityField", FieldError.of("validation_in_invalid", "Must be a valid value."));
        }
        form.check();
        String identityKey = "login:" + c.id() + ":" + identity.toLowerCase(java.util.Locale.ROOT);
        String ipKey = "login-ip:" + info.ip();
        if (throttle.used(identityKey, FAILURE_WINDOW) >= FAILURES_PER_IDENTITY || throttle.used(ipKey, FAILURE_WINDOW) >= FAILURES_PER_IP) {
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS);
        }
        Optional<Record> found = findByIdentity(c, identity, identityField, identityFields);
        String hash = found.map(r -> ((PasswordValue) r.get("password")).hash()).orElseGet(this::dummyHash);
        boolean valid = passwords.verify(password, hash);
        if (found.isEmpty() || !valid) {
            // counted by identity (not record) so unknown and known accounts behave the same
            throttle.tryAcquire(identityKey, Integer.MAX_VALUE, FAILURE_WINDOW);
            throttle.tryAcquire(ipKey, Integer.MAX_VALUE, FAILURE_WINDOW);
            throw new ApiException(ErrorCode.AUTH_FAILED);
        }
        throttle.reset(identityKey);
        Record record = found.get();
        if (passwords.needsRehash(hash)) {
            record = rehash(record, password);
        }
        return finisher.finish(record, "password", null, null, info.withContext("password"));
    }

    private Record rehash(Record record, String password) {
        String newHash = passwords.hash(password);
        Collection c = record.collection();
        // direct column update: an upgrade of the hash must not rotate tokenKey (that would log the user out)
        db.writeVoid(tx -> tx.dsl().update(dev.basalt.records.RecordStore.table(c))
                .set(dev.basalt.records.RecordStore.column(c, "password"), (Object) newHash)
                .where(dev.basalt.records.RecordStore.column(c, "id").eq(record.id())).execute());
        Record updated = record.copy();
        updated.set("password", new PasswordValue(newHash, ""));
        return updated.asSaved();
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

    /** A new token for the caller's own record (or the same token when it is not refreshable). */
    public AuthOutcome refresh(String collection, Tokens.Verified auth, String rawToken, RequestInfo info) {
        Collection c = authCollection(collection);
        if (auth == null) {
            throw ApiException.unauthorized();
        }
        if (!auth.record().collection().id().equals(c.id())) {
            throw ApiException.forbidden("The request requires auth record from " + auth.record().collection().name() + " collection.");
        }
        Record fresh = records.find(c, auth.record().id()).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "Missing auth record context."));
        String token = auth.refreshable() ? tokens.authToken(fresh) : rawToken;
        return finisher.finish(fresh, "", token, null, info);
    }

    /**
     * A superuser's non-refreshable token for another auth record, valid {@code durationSeconds}
     * (0: the collection's auth token duration).
     */
    public AuthOutcome impersonate(String collection, String recordId, long durationSeconds, RequestInfo info) {
        if (!info.isSuperuser()) {
            throw new ApiException(ErrorCode.FORBIDDEN);
        }
        Collection c = authCollection(collection);
        Record record = records.find(c, recordId).orElseThrow(ApiException::notFound);
        if (durationSeconds < 0) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, AuthForms.VALIDATING, Map.of("duration",
                    FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0)));
        }
        String token = tokens.issue(record, AuthOptions.TokenType.AUTH, durationSeconds, Map.of("refreshable", false));
        return finisher.finish(record, "", token, null, info);
    }
}
