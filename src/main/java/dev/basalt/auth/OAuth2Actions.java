package dev.basalt.auth;

import dev.basalt.auth.oauth2.AppleRedirect;
import dev.basalt.auth.oauth2.AuthRequest;
import dev.basalt.auth.oauth2.AuthUser;
import dev.basalt.auth.oauth2.Download;
import dev.basalt.auth.oauth2.OAuth2Client;
import dev.basalt.auth.oauth2.OAuth2Exception;
import dev.basalt.auth.oauth2.ProviderSettings;
import dev.basalt.auth.oauth2.TokenResponse;
import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.FileField;
import dev.basalt.collections.SystemCollections;
import dev.basalt.collections.Upload;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.files.Uploads;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RequestInfo;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import dev.basalt.util.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auth-methods} and {@code auth-with-oauth2}: which ways to log in a collection offers, and
 * the OAuth2 authorization-code login that finds, links or creates the account.
 *
 * <p>Federated identities are keyed by (collection, provider, provider user id) in
 * {@code _externalAuths}. A login without such a link attaches the identity to the caller's own
 * account when the caller is logged in to the same collection (explicit linking); otherwise it
 * matches an existing account by email only when the provider vouched for the address
 * ({@link AuthUser#email()} is empty otherwise) <em>and</em> that account is verified. An
 * unverified account with the same email is never taken over: the login is refused with a 400
 * telling the user to verify the address or link the provider while logged in. Everything the
 * login writes (the new account, its avatar, the link) commits together or not at all.
 */
public final class OAuth2Actions {
    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Actions.class);
    static final String UNVERIFIED_ACCOUNT =
            "An account with this email address already exists but its email is not verified. "
                    + "Verify the email address, or sign in and link this provider to the account.";

    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private final OAuth2Client client;
    private final AuthFinisher finisher;
    /** Apple's names from the redirect, by authorization code, with their expiry (see {@link AppleRedirect}). */
    private final Map<String, Map.Entry<String, Instant>> appleNames = new ConcurrentHashMap<>();

    OAuth2Actions(Database db, Collections collections, RecordActions records, OAuth2Client client, AuthFinisher finisher) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.client = client;
        this.finisher = finisher;
    }

    /**
     * Keeps the name Apple posted with {@code code} to the redirect URL for a minute, for the
     * {@code auth-with-oauth2} call that follows (Apple never sends it again).
     */
    public void rememberAppleName(String code, String userJson) {
        String name = AppleRedirect.name(userJson);
        if (name.isEmpty() || code.length() + AppleRedirect.NAME_KEY_PREFIX.length() > AppleRedirect.MAX_KEY_LENGTH) {
            return;
        }
        Instant now = Instant.now();
        appleNames.values().removeIf(e -> e.getValue().isBefore(now));
        appleNames.put(code, Map.entry(name, now.plusSeconds(60)));
    }

    private String appleName(String code) {
        Map.Entry<String, Instant> e = appleNames.remove(code);
        return e == null || e.getValue().isBefore(Instant.now()) ? "" : e.getKey();
    }

    /** The body of {@code GET auth-methods}, PocketBase's shape including its legacy keys. */
    public Map<String, Object> methods(String collection) {
        Collection c = AuthForms.authCollection(collections, collection);
        AuthOptions auth = c.auth();
        AuthOptions.PasswordAuth password = auth.passwordAuth();
        boolean passwordOn = password != null && password.enabled();
        List<String> identityFields = passwordOn && password.identityFields() != null ? password.identityFields() : List.of();
        boolean oauth2On = auth.oauth2() != null && auth.oauth2().enabled();
        List<Map<String, Object>> providers = new ArrayList<>();
        if (oauth2On) {
            for (AuthOptions.OAuth2Provider config : providersOf(c)) {
                Optional<ProviderSettings> settings = ProviderSettings.of(config);
                if (settings.isEmpty()) {
                    LOG.warn("collection {}: unknown OAuth2 provider {} is not offered", c.name(), config.name());
                    continue;
                }
                providers.add(providerInfo(client.authRequest(settings.get())));
            }
        }
        AuthOptions.Mfa mfa = auth.mfa();
        AuthOptions.Otp otp = auth.otp();
        boolean mfaOn = mfa != null && mfa.enabled();
        boolean otpOn = otp != null && otp.enabled();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("password", ordered("identityFields", identityFields, "enabled", passwordOn));
        out.put("oauth2", ordered("providers", providers, "enabled", oauth2On));
        out.put("mfa", ordered("enabled", mfaOn, "duration", mfaOn ? mfa.duration() : 0));
        out.put("otp", ordered("enabled", otpOn, "duration", otpOn ? otp.duration() : 0));
        out.put("authProviders", providers);
        out.put("usernamePassword", passwordOn && identityFields.contains("username"));
        out.put("emailPassword", passwordOn && identityFields.contains("email"));
        return out;
    }

    private static Map<String, Object> providerInfo(AuthRequest r) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", r.name());
        info.put("displayName", r.displayName());
        info.put("state", r.state());
        info.put("authURL", r.authURL());
        info.put("authUrl", r.authURL()); // PocketBase < 0.23 clients
        info.put("codeVerifier", r.codeVerifier());
        info.put("codeChallenge", r.codeChallenge());
        info.put("codeChallengeMethod", r.codeChallengeMethod());
        return info;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static List<AuthOptions.OAuth2Provider> providersOf(Collection c) {
        List<AuthOptions.OAuth2Provider> list = c.auth().oauth2().providers();
        return list == null ? List.of() : list;
    }

    /** The {@code auth-with-oauth2} request body. */
    public record Form(String provider, String code, String codeVerifier, String redirectURL, Map<String, Object> createData) {}

    /** Exchanges the code, then finds, links or creates the account and finishes the login. */
    public AuthOutcome authenticate(String collection, Form form, RequestInfo info) {
        Collection c = AuthForms.authCollection(collections, collection);
        if (c.auth().oauth2() == null || !c.auth().oauth2().enabled()) {
            throw new ApiException(ErrorCode.AUTH_METHOD_DISABLED, "The collection is not configured to allow OAuth2 authentication.");
        }
        AuthForms validation = new AuthForms().required("provider", form.provider(), Integer.MAX_VALUE)
                .required("code", form.code(), Integer.MAX_VALUE).required("redirectURL", form.redirectURL(), Integer.MAX_VALUE);
        Optional<ProviderSettings> provider = providersOf(c).stream().filter(p -> p.name().equals(form.provider()))
                .findFirst().flatMap(ProviderSettings::of);
        if (!validation.has("provider") && provider.isEmpty()) {
            validation.error("provider", FieldError.of("validation_invalid_provider",
                    "Provider with name \"" + form.provider() + "\" is missing or is not enabled."));
        }
        validation.check();

        AuthUser user;
        try {
            TokenResponse token = client.exchange(provider.get(), form.code(), form.redirectURL(), form.codeVerifier());
            try {
                user = client.fetchUser(provider.get(), token);
                String appleName = appleName(form.code());
                if (user.name().isEmpty() && !appleName.isEmpty()) {
                    user = user.withName(appleName);
                }
            } catch (OAuth2Exception e) {
                throw new ApiException(ErrorCode.OAUTH2_FAILED, "Failed to fetch OAuth2 user.", null, e);
            }
        } catch (OAuth2Exception e) {
            throw new ApiException(ErrorCode.OAUTH2_FAILED, "Failed to fetch OAuth2 token.", null, e);
        }

        Linked linked = link(c, provider.get().name(), user, form.createData(), info);
        Map<String, Object> meta = meta(user, linked.isNew());
        return finisher.finish(linked.record(), "oauth2", null, meta, info);
    }

    private record Linked(Record record, boolean isNew) {}

    private Linked link(Collection c, String provider, AuthUser user, Map<String, Object> createData, RequestInfo info) {
        Collection links = collections.require(SystemCollections.EXTERNAL_AUTHS);
        // the avatar is fetched outside the transaction (network I/O), and only for a sign-up
        Upload avatar = needsSignUp(c, links, provider, user, info) ? avatarUpload(c, user, createData) : null;
        try {
            return db.write(tx -> {
                Optional<Record> existingLink = findLink(links, c, provider, user.id());
                Record record = existingLink.flatMap(l -> records.find(c, l.getString("recordRef"))).orElse(null);
                if (existingLink.isPresent() && record == null) {
                    records.deleteRecord(existingLink.get()); // a stale link of a deleted account
                    existingLink = Optional.empty();
                }
                if (record == null && isCallerOf(c, info)) {
                    record = info.auth();
                }
                if (record == null && !user.email().isEmpty()) {
                    record = records.findByField(c, "email", user.email()).orElse(null);
                    if (record != null && !record.getBool("verified")) {
                        throw new ApiException(ErrorCode.OAUTH2_FAILED, UNVERIFIED_ACCOUNT);
                    }
                }
                boolean isNew = record == null;
                boolean loggedIn = isCallerOf(c, info) && info.auth().id().equals(record == null ? null : record.id());
                record = isNew ? signUp(c, user, createData, avatar, info) : update(record, user, loggedIn);
                if (existingLink.isEmpty()) {
                    Record row = Record.create(links);
                    row.set("collectionRef", c.id());
                    row.set("recordRef", record.id());
                    row.set("provider", provider);
                    row.set("providerId", user.id());
                    records.save(row);
                }
                return new Linked(record, isNew);
            });
        } catch (ApiException e) {
            if (e.code() == ErrorCode.OAUTH2_FAILED || e.code() == ErrorCode.RECORD_CREATE_FAILED) {
                throw e;
            }
            throw new ApiException(ErrorCode.OAUTH2_FAILED, null, null, e);
        } finally {
            if (avatar != null) {
                deleteQuietly(avatar.content());
            }
        }
    }

    private boolean needsSignUp(Collection c, Collection links, String provider, AuthUser user, RequestInfo info) {
        if (findLink(links, c, provider, user.id()).isPresent()) {
            return false;
        }
        if (isCallerOf(c, info)) {
            return false;
        }
        return user.email().isEmpty() || records.findByField(c, "email", user.email()).isEmpty();
    }

    /** The caller is logged in to this collection (and so links the identity to their own account). */
    private static boolean isCallerOf(Collection c, RequestInfo info) {
        return info.auth() != null && info.auth().collection().id().equals(c.id());
    }

    private Optional<Record> findLink(Collection links, Collection c, String provider, String providerId) {
        return records.findWhere(links, Map.of("collectionRef", c.id(), "provider", provider, "providerId", providerId));
    }

    /** A new account through the collection's create action, with its createRule and validation. */
    private Record signUp(Collection c, AuthUser user, Map<String, Object> createData, Upload avatar, RequestInfo info) {
        if (c.isSuperusers()) {
            throw new ApiException(ErrorCode.OAUTH2_FAILED, "Superusers are not allowed to sign-up with OAuth2.");
        }
        Map<String, Object> payload = new LinkedHashMap<>(createData == null ? Map.of() : createData);
        if (!(payload.get("email") instanceof String s) || s.isEmpty()) {
            payload.put("email", user.email());
        }
        AuthOptions.MappedFields mapped = c.auth().oauth2().mappedFields();
        Map<String, List<Upload>> uploads = Map.of();
        if (mapped != null) {
            putMapped(c, payload, mapped.id(), user.id());
            putMapped(c, payload, mapped.name(), user.name());
            putMapped(c, payload, mapped.username(), user.username());
            if (avatar != null) {
                payload.put(mapped.avatarURL(), avatar.name());
                uploads = Map.of(mapped.avatarURL(), List.of(avatar));
            } else if (!isFileField(c, mapped.avatarURL()) && !user.avatarURL().isEmpty()) {
                putMapped(c, payload, mapped.avatarURL(), user.avatarURL());
            }
        }
        if (!payload.containsKey("password")) {
            // nobody knows this password: the account logs in with OAuth2 (or resets it by email)
            String random = Ids.secret(30);
            payload.put("password", random);
            payload.put("passwordConfirm", random);
        }
        Record created = records.create(c.id(), payload, uploads, info.withContext("oauth2"));
        if (!created.getBool("verified") && created.getString("email").equals(user.email())) {
            Record verified = created.copy();
            verified.set("verified", true);
            created = records.save(verified);
        }
        return created;
    }

    private static void putMapped(Collection c, Map<String, Object> payload, String field, String value) {
        if (field != null && !field.isEmpty() && !payload.containsKey(field) && c.field(field).isPresent()) {
            payload.put(field, value);
        }
    }

    private static boolean isFileField(Collection c, String field) {
        return field != null && !field.isEmpty() && c.field(field).filter(f -> f instanceof FileField).isPresent();
    }

    /** The provider's avatar as an upload for a mapped file field; null when not mapped, absent or not downloadable. */
    private Upload avatarUpload(Collection c, AuthUser user, Map<String, Object> createData) {
        AuthOptions.MappedFields mapped = c.auth().oauth2().mappedFields();
        if (mapped == null || !isFileField(c, mapped.avatarURL()) || user.avatarURL().isEmpty()
                || (createData != null && createData.containsKey(mapped.avatarURL()))) {
            return null;
        }
        Path tmp = null;
        try {
            Download download = client.downloadAvatar(user.avatarURL());
            tmp = Files.createTempFile("basalt-avatar-", ".part");
            Files.write(tmp, download.bytes());
            return Uploads.fromTempFile(tmp, download.fileName());
        } catch (OAuth2Exception | IOException e) {
            // like PocketBase: a missing avatar does not stop the sign-up
            LOG.warn("OAuth2 avatar of collection {} not downloaded: {}", c.name(), e.getMessage());
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            return null;
        }
    }

    /** PocketBase's updates of an existing account on OAuth2 login. */
    private Record update(Record record, AuthUser user, boolean loggedIn) {
        Record updated = record.copy();
        boolean changed = false;
        String email = record.getString("email");
        if (!loggedIn && !email.isEmpty() && !record.getBool("verified")) {
            // only reachable through an existing link: whoever registered the address first may not keep a password
            updated.set("password", dev.basalt.collections.PasswordValue.ofPlain(Ids.secret(30)));
            changed = true;
        }
        if (email.isEmpty() && !user.email().isEmpty()
                && records.findByField(record.collection(), "email", user.email()).isEmpty()) {
            updated.set("email", user.email());
            changed = true;
        }
        String newEmail = updated.getString("email");
        if (!record.getBool("verified") && (newEmail.isEmpty() || newEmail.equalsIgnoreCase(user.email()))) {
            updated.set("verified", true);
            changed = true;
        }
        return changed ? records.save(updated) : record;
    }

    private static Map<String, Object> meta(AuthUser user, boolean isNew) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", user.id());
        meta.put("name", user.name());
        meta.put("username", user.username());
        meta.put("email", user.email());
        meta.put("avatarURL", user.avatarURL());
        meta.put("avatarUrl", user.avatarURL()); // PocketBase < 0.23 clients
        meta.put("accessToken", user.accessToken());
        meta.put("refreshToken", user.refreshToken());
        meta.put("expiry", user.expiry() == null ? "" : DateTimes.format(user.expiry()));
        meta.put("rawUser", user.rawUser());
        meta.put("isNew", isNew);
        return meta;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}", file, e);
        }
    }
}
