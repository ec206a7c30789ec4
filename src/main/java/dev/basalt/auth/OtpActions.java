package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.SystemCollections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.mail.Mailer;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import dev.basalt.settings.SettingsService;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import dev.basalt.util.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One-time passwords: {@code request-otp} mails a numeric code and answers an id (a random one for
 * unknown emails, after the same hashing work, so the answer never tells whether the account
 * exists); {@code auth-with-otp} accepts the code once. Codes are stored hashed, expire after
 * {@code otp.duration}, allow 5 attempts per client IP and record per 3 minutes, and are consumed
 * atomically: of any number of concurrent submissions of one code exactly one succeeds.
 */
public final class OtpActions {
    private static final int MAX_PENDING = 10;
    private static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(3);
    private static final int MAX_ATTEMPTS = 5;

    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private final Passwords passwords;
    private final Mailer mailer;
    private final SettingsService settings;
    private final Throttle throttle;
    private final AuthFinisher finisher;
    private final Clock clock;

    OtpActions(Database db, Collections collections, RecordActions records, Passwords passwords, Mailer mailer,
            SettingsService settings, Throttle throttle, AuthFinisher finisher, Clock clock) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.passwords = passwords;
        this.mailer = mailer;
        this.settings = settings;
        this.throttle = throttle;
        this.finisher = finisher;
        this.clock = clock;
    }

    private static AuthOptions.Otp enabled(Collection c) {
        AuthOptions.Otp otp = c.auth().otp();
        if (otp == null || !otp.enabled()) {
            throw new ApiException(ErrorCode.AUTH_METHOD_DISABLED, "The collection is not configured to allow OTP authentication.");
        }
        return otp;
    }

    /** Creates and mails a code; returns the OTP id. */
    public String request(String collection, String email) {
        Collection c = AuthForms.authCollection(collections, collection);
        AuthOptions.Otp otp = enabled(c);
        new AuthForms().email("email", email).check();
        Optional<Record> found = records.findByField(c, "email", email);
        String code = Ids.random(otp.length() > 0 ? otp.length() : 8, "0123456789");
        if (found.isEmpty()) {
            passwords.hash(code); // the same work as a real request
            return Ids.recordId();
        }
        Record record = found.get();
        Collection otps = collections.require(SystemCollections.OTPS);
        List<Record> pending = pending(otps, record, otp);
        if (pending.size() >= MAX_PENDING) {
            // too many codes in flight: hand out the newest again instead of mailing another
            passwords.hash(code);
            return pending.get(0).id();
        }
        Record row = Record.create(otps);
        row.set("collectionRef", c.id());
        row.set("recordRef", record.id());
        row.set("password", PasswordValue.ofPlain(code));
        row.set("sentTo", "");
        Record saved = records.save(row);
        var mail = AuthMails.render(otp.emailTemplate(), record, record.getString("email"),
                Map.of("{OTP}", code, "{OTP_ID}", saved.id()), settings.current().meta());
        mailer.sendLater(mail).whenComplete((ok, error) -> {
            if (error != null) {
                db.writeVoid(tx -> RecordStore.delete(tx.dsl(), otps, saved.id()));
            } else {
                db.writeVoid(tx -> tx.dsl().update(RecordStore.table(otps))
                        .set(RecordStore.column(otps, "sentTo"), (Object) record.getString("email"))
                        .where(RecordStore.column(otps, "id").eq(saved.id()))
                        .and(RecordStore.column(otps, "sentTo").eq("")).execute());
            }
        });
        return saved.id();
    }

    private List<Record> pending(Collection otps, Record record, AuthOptions.Otp otp) {
        Instant cutoff = clock.instant().minusSeconds(Math.max(1, otp.duration()));
        return db.read(dsl -> RecordStore.list(dsl, otps, RecordStore.column(otps, "collectionRef").eq(record.collection().id())
                        .and(RecordStore.column(otps, "recordRef").eq(record.id()))))
                .stream()
                .filter(r -> DateTimes.parse(r.getString("created")).map(t -> t.isAfter(cutoff)).orElse(false))
                .sorted(Comparator.comparing((Record r) -> r.getString("created")).reversed())
                .toList();
    }

    /** Logs in with a code (consuming it). */
    public AuthOutcome authenticate(String collection, String otpId, String code, RequestInfo info) {
        Collection c = AuthForms.authCollection(collections, collection);
        AuthOptions.Otp otp = enabled(c);
        new AuthForms().required("otpId", otpId, 255).required("password", code, 71).check();
        RequestInfo otpInfo = info.withContext("otp");
        Collection otps = collections.require(SystemCollections.OTPS);
        Record row = db.read(dsl -> RecordStore.findById(dsl, otps, otpId)).orElseThrow(() -> new ApiException(ErrorCode.OTP_INVALID));
        Instant created = DateTimes.parse(row.getString("created")).orElse(Instant.EPOCH);
        if (!row.getString("collectionRef").equals(c.id()) || clock.instant().isAfter(created.plusSeconds(Math.max(1, otp.duration())))) {
            throw new ApiException(ErrorCode.OTP_INVALID);
        }
        Record record = records.find(c, row.getString("recordRef")).orElseThrow(() -> new ApiException(ErrorCode.OTP_INVALID));
        if (!throttle.tryAcquire("otp:" + record.id() + ":" + info.ip(), MAX_ATTEMPTS, ATTEMPT_WINDOW)) {
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "Too many attempts, please try again later with a new OTP.");
        }
        String hash = row.get("password") instanceof PasswordValue p ? p.hash() : "";
        if (!passwords.verify(code, hash)) {
            throw new ApiException(ErrorCode.OTP_INVALID);
        }
        int consumed = db.write(tx -> RecordStore.delete(tx.dsl(), otps, row.id()));
        if (consumed != 1) {
            throw new ApiException(ErrorCode.OTP_INVALID); // someone else used it first
        }
        String sentTo = row.getString("sentTo");
        if (!record.getBool("verified") && !sentTo.isEmpty() && record.getString("email").equals(sentTo)) {
            Record verified = record.copy();
            verified.set("verified", true);
            AuthOptions.Mfa mfa = c.auth().mfa();
            if (mfa == null || !mfa.enabled()) {
                // the mailbox proved ownership; a password set before that proof may be an attacker's
                verified.set("password", PasswordValue.ofPlain(Ids.secret(30)));
            }
            record = records.save(verified);
        }
        return finisher.finish(record, "otp", null, null, otpInfo);
    }

    /** Deletes expired codes of every auth collection. */
    int deleteExpired() {
        return ExpiredRows.delete(db, collections, SystemCollections.OTPS, clock, a -> a.otp() == null ? -1 : a.otp().duration());
    }
}
