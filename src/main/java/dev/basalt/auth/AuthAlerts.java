package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.SystemCollections;
import dev.basalt.mail.Mailer;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import dev.basalt.settings.SettingsService;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New-device login alerts: each record remembers the devices it logged in from
 * ({@code _authOrigins}, a fingerprint of IP and User-Agent, at most 5 kept) and is mailed when a
 * login comes from an unknown one — except the very first login. When the alert cannot be sent
 * the device is not remembered, so the next login from it alerts again.
 */
final class AuthAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(AuthAlerts.class);
    private static final int KEEP = 5;

    private final Database db;
    private final Collections collections;
    private final RecordActions records;
    private final Mailer mailer;
    private final SettingsService settings;
    private final Clock clock;

    AuthAlerts(Database db, Collections collections, RecordActions records, Mailer mailer, SettingsService settings, Clock clock) {
        this.db = db;
        this.collections = collections;
        this.records = records;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Records the login's device, alerting first when it is new; errors are logged, never thrown. */
    void onLogin(Record record, RequestInfo info) {
        AuthOptions.AuthAlert alert = record.collection().auth().authAlert();
        if (alert == null || !alert.enabled()) {
            return;
        }
        try {
            remember(record, info, alert);
        } catch (RuntimeException e) {
            LOG.warn("auth alert for {}/{} failed: {}", record.collection().name(), record.id(), e.getMessage());
        }
    }

    private void remember(Record record, RequestInfo info, AuthOptions.AuthAlert alert) {
        Collection origins = collections.require(SystemCollections.AUTH_ORIGINS);
        String ua = userAgent(info.userAgent());
        String fingerprint = md5(info.ip() + ua);
        List<Record> known = new ArrayList<>(db.read(dsl -> RecordStore.list(dsl, origins,
                RecordStore.column(origins, "collectionRef").eq(record.collection().id())
                        .and(RecordStore.column(origins, "recordRef").eq(record.id())))));
        known.sort(Comparator.comparing((Record r) -> r.getString("created")).reversed());
        Record current = known.stream().filter(r -> r.getString("fingerprint").equals(fingerprint)).findFirst().orElse(null);
        if (current == null && !known.isEmpty() && !record.getString("email").isEmpty()) {
            String info1 = DateTimes.format(clock.instant()) + " - " + info.ip() + " " + ua;
            var mail = AuthMails.render(alert.emailTemplate(), record, record.getString("email"),
                    Map.of("{ALERT_INFO}", AuthMails.escape(info1)), settings.current().meta());
            try {
                mailer.sendLater(mail).get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not remembered: the next login from this device alerts again
                LOG.warn("new-device alert to {} not sent: {}", record.getString("email"), e.getMessage());
                return;
            }
        }
        if (current == null) {
            for (int i = KEEP - 1; i < known.size(); i++) {
                records.deleteRecord(known.get(i));
            }
            current = Record.create(origins);
            current.set("collectionRef", record.collection().id());
            current.set("recordRef", record.id());
            current.set("fingerprint", fingerprint);
        } else {
            current = current.copy();
        }
        records.save(current);
    }

    /** The User-Agent as fingerprinted: at most 200 bytes, marked when cut. */
    static String userAgent(String ua) {
        byte[] bytes = ua.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 200) {
            return ua;
        }
        return new String(bytes, 0, 200, StandardCharsets.UTF_8) + "...";
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
