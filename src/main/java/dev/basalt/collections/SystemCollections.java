package dev.basalt.collections;

import java.util.ArrayList;
import java.util.List;

/**
 * The collections a fresh data directory starts with, defined as PocketBase's init migration
 * defines them (same ids, fields, rules and indexes), so a data directory created by Basalt looks
 * like one created by PocketBase.
 */
public final class SystemCollections {
    public static final String SUPERUSERS = "_superusers";
    public static final String SUPERUSERS_ID = "pbc_3142635823";
    public static final String EXTERNAL_AUTHS = "_externalAuths";
    public static final String MFAS = "_mfas";
    public static final String OTPS = "_otps";
    public static final String AUTH_ORIGINS = "_authOrigins";
    public static final String USERS_ID = "_pb_users_auth_";
    private static final String OWNER_RULE =
            "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId";

    private SystemCollections() {}

    /** The definitions in the order PocketBase creates them. */
    public static List<Collection> initial() {
        List<Collection> all = new ArrayList<>();
        all.add(base(MFAS, "pbc_2279338944", OWNER_RULE, OWNER_RULE, null,
                List.of(text("collectionRef", "text455797646"), text("recordRef", "text127846527"), text("method", "text1582905952")),
                List.of("CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (collectionRef,recordRef)")));
        all.add(base(OTPS, "pbc_1638494021", OWNER_RULE, OWNER_RULE, null,
                List.of(text("collectionRef", "text455797646"), text("recordRef", "text127846527"),
                        new PasswordField("password901924565", "password", true, true, false, true, "", 0, 0, "", 8),
                        new TextField("text3866985172", "sentTo", true, true, false, false, "", 0, 0, "", "", false)),
                List.of("CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (collectionRef, recordRef)")));
        all.add(base(EXTERNAL_AUTHS, "pbc_2281828961", OWNER_RULE, OWNER_RULE, OWNER_RULE,
                List.of(text("collectionRef", "text455797646"), text("recordRef", "text127846527"),
                        text("provider", "text2462348188"), text("providerId", "text1044722854")),
                List.of("CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (collectionRef, recordRef, provider)",
                        "CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (collectionRef, provider, providerId)")));
        all.add(base(AUTH_ORIGINS, "pbc_4275539003", OWNER_RULE, OWNER_RULE, OWNER_RULE,
                List.of(text("collectionRef", "text455797646"), text("recordRef", "text127846527"),
                        text("fingerprint", "text4228609354")),
                List.of("CREATE UNIQUE INDEX `idx_authOrigins_unique_pairs` ON `_authOrigins` (collectionRef, recordRef, fingerprint)")));
        all.add(superusers());
        all.add(users());
        return all;
    }

    private static TextField text(String name, String id) {
        return new TextField(id, name, true, false, false, true, "", 0, 0, "", "", false);
    }

    private static Collection base(String name, String id, String listRule, String viewRule, String deleteRule,
            List<Field> extra, List<String> indexes) {
        List<Field> fields = new ArrayList<>();
        fields.add(TextField.defaultId());
        fields.addAll(extra);
        fields.add(new AutodateField("autodate2990389176", "created", true, false, false, true, false));
        fields.add(new AutodateField("autodate3332085495", "updated", true, false, false, true, true));
        return new Collection(id, name, CollectionType.BASE, true, fields, indexes, listRule, viewRule, null, null,
                deleteRule, null, null, "", "");
    }

    private static Collection superusers() {
        Collection c = CollectionDefaults.newCollection(CollectionType.AUTH, SUPERUSERS);
        List<Field> fields = new ArrayList<>(c.fields());
        fields.add(new AutodateField("autodate2990389176", "created", true, false, false, true, false));
        fields.add(new AutodateField("autodate3332085495", "updated", true, false, false, true, true));
        AuthOptions o = c.auth();
        AuthOptions options = new AuthOptions("", null, o.authAlert(), o.oauth2(), o.passwordAuth(), o.mfa(), o.otp(),
                new AuthOptions.TokenConfig(o.authToken().secret(), 86400), o.passwordResetToken(), o.emailChangeToken(),
                o.verificationToken(), o.fileToken(), o.verificationTemplate(), o.resetPasswordTemplate(),
                o.confirmEmailChangeTemplate());
        return new Collection(SUPERUSERS_ID, SUPERUSERS, CollectionType.AUTH, true, fields, c.indexes(), null, null, null,
                null, null, options, null, "", "");
    }

    private static Collection users() {
        Collection c = CollectionDefaults.newCollection(CollectionType.AUTH, "users");
        c = new Collection(USERS_ID, "users", CollectionType.AUTH, false, c.fields(), List.of(), "id = @request.auth.id",
                "id = @request.auth.id", "", "id = @request.auth.id", "id = @request.auth.id", c.auth(), null, "", "");
        c = CollectionDefaults.withSystemFields(c);
        List<Field> fields = new ArrayList<>(c.fields());
        fields.add(new TextField("text1579384326", "name", false, false, false, false, "", 0, 255, "", "", false));
        fields.add(new FileField("file376926767", "avatar", false, false, false, false, "", 1, 0,
                List.of("image/jpeg", "image/png", "image/svg+xml", "image/gif", "image/webp"), null, false));
        fields.add(AutodateField.created());
        fields.add(AutodateField.updated());
        AuthOptions o = c.auth();
        AuthOptions options = new AuthOptions(o.authRule(), o.manageRule(), o.authAlert(),
                new AuthOptions.OAuth2(List.of(), new AuthOptions.MappedFields("", "name", "", "avatar"), false),
                o.passwordAuth(), o.mfa(), o.otp(), o.authToken(), o.passwordResetToken(), o.emailChangeToken(),
                o.verificationToken(), o.fileToken(), o.verificationTemplate(), o.resetPasswordTemplate(),
                o.confirmEmailChangeTemplate());
        return c.withFields(fields).withAuth(options);
    }
}
