package dev.basalt.collections;

import dev.basalt.util.Ids;
import dev.basalt.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Default definitions of new collections and the system fields every collection of a type must
 * have (PocketBase's {@code NewBaseCollection}/{@code NewAuthCollection}/{@code initDefaultFields}).
 */
public final class CollectionDefaults {
    private static final String DEFAULT_AUTH_OPTIONS = readResource("default-auth-options.json");
    /** Length of generated token secrets. */
    public static final int SECRET_LENGTH = 50;

    private CollectionDefaults() {}

    private static String readResource(String name) {
        try (InputStream in = CollectionDefaults.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Default auth options as JSON, with fresh random token secrets. */
    public static ObjectNode defaultAuthOptionsJson() {
        ObjectNode options = (ObjectNode) Json.parse(DEFAULT_AUTH_OPTIONS);
        for (String token : List.of("authToken", "passwordResetToken", "emailChangeToken", "verificationToken", "fileToken")) {
            ((ObjectNode) options.get(token)).put("secret", Ids.random(SECRET_LENGTH, alphaNumeric()));
        }
        return options;
    }

    private static String alphaNumeric() {
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    }

    /** Default auth options with fresh secrets. */
    public static AuthOptions defaultAuthOptions() {
        return Json.mapper().treeToValue(defaultAuthOptionsJson(), AuthOptions.class);
    }

    /** A new collection of the given type with its default fields, options and indexes. */
    public static Collection newCollection(CollectionType type, String name) {
        String id = name == null || name.isEmpty() ? "" : Ids.collectionId(type.wire(), name);
        Collection c = new Collection(id, name == null ? "" : name, type, false, List.of(), List.of(), null, null, null,
                null, null, type == CollectionType.AUTH ? defaultAuthOptions() : null,
                type == CollectionType.VIEW ? "" : null, "", "");
        return withSystemFields(c);
    }

    /**
     * Ensures the system fields and indexes of the collection's type: the {@code id} primary key
     * for base/auth collections and, for auth collections, password/tokenKey/email/
     * emailVisibility/verified with their unique indexes. Existing fields keep their ids and
     * options but get the flags PocketBase enforces.
     */
    public static Collection withSystemFields(Collection c) {
        if (c.isView()) {
            return c;
        }
        List<Field> fields = new ArrayList<>(c.fields());
        int idIndex = indexOf(fields, "id");
        if (idIndex < 0) {
            fields.add(0, TextField.defaultId());
        } else if (fields.get(idIndex) instanceof TextField t) {
            fields.set(idIndex, new TextField(t.id(), "id", true, false, t.presentable(), true, t.help(), t.min(), t.max(),
                    t.pattern().isEmpty() ? TextField.DEFAULT_ID_PATTERN : t.pattern(), t.autogeneratePattern(), true));
        }
        List<String> indexes = new ArrayList<>(c.indexes());
        if (c.isAuth()) {
            ensure(fields, "password", PasswordField.authDefault(), f -> f instanceof PasswordField p
                    ? new PasswordField(p.id(), p.name(), true, true, p.presentable(), true, p.help(), p.min(), p.max(), p.pattern(), p.cost())
                    : f);
            ensure(fields, "tokenKey",
                    new TextField("text2504183744", "tokenKey", true, true, false, true, "", 30, 60, "", "[a-zA-Z0-9]{50}", false),
                    f -> f instanceof TextField t
                            ? new TextField(t.id(), t.name(), true, true, t.presentable(), true, t.help(), t.min(), t.max(), t.pattern(),
                                    t.autogeneratePattern(), false)
                            : f);
            ensure(fields, "email", new EmailField("email3885137012", "email", true, false, false, true, "", null, null),
                    f -> f instanceof EmailField e
                            ? new EmailField(e.id(), e.name(), true, false, e.presentable(), e.required(), e.help(), e.exceptDomains(),
                                    e.onlyDomains())
                            : f);
            ensure(fields, "emailVisibility", new BoolField("bool1547992806", "emailVisibility", true, false, false, false, ""),
                    CollectionDefaults::systemBool);
            ensure(fields, "verified", new BoolField("bool256245529", "verified", true, false, false, false, ""),
                    CollectionDefaults::systemBool);
            String suffix = !c.id().isEmpty() ? c.id() : !c.name().isEmpty() ? c.name() : Ids.random(10, Ids.ID_ALPHABET);
            if (IndexDefinition.findSingleColumnUnique(indexes, "tokenKey").isEmpty()) {
                indexes.add("CREATE UNIQUE INDEX `" + indexName("tokenKey", suffix) + "` ON `" + c.name() + "` (`tokenKey`)");
            }
            if (IndexDefinition.findSingleColumnUnique(indexes, "email").isEmpty()) {
                indexes.add("CREATE UNIQUE INDEX `" + indexName("email", suffix) + "` ON `" + c.name()
                        + "` (`email`) WHERE `email` != ''");
            }
        }
        return c.withFields(fields).withIndexes(indexes);
    }

    private static Field systemBool(Field f) {
        return f instanceof BoolField b ? new BoolField(b.id(), b.name(), true, b.hidden(), b.presentable(), b.required(), b.help()) : f;
    }

    private static String indexName(String field, String suffix) {
        String name = "idx_" + field + "_" + suffix;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void ensure(List<Field> fields, String name, Field fallback, java.util.function.UnaryOperator<Field> enforce) {
        int i = indexOf(fields, name);
        if (i < 0) {
            fields.add(fallback);
        } else if (fields.get(i).type().equals(fallback.type())) {
            fields.set(i, enforce.apply(fields.get(i)));
        }
    }

    /** The scaffolds endpoint's definitions: new collections of each type with cleared ids. */
    public static Map<String, Object> scaffolds() {
        Map<String, Object> out = new java.util.TreeMap<>();
        for (CollectionType type : CollectionType.values()) {
            Collection c = newCollection(type, "");
            Map<String, Object> json = CollectionJson.toApi(c);
            json.put("id", "");
            if (type == CollectionType.AUTH) {
                json.put("authRule", "");
            }
            out.put(type.wire(), json);
        }
        return out;
    }

    /** Converts a generic JSON value to a field list entry (used by tests and builders). */
    static JsonNode node(Object value) {
        return Json.toNode(value);
    }
}
