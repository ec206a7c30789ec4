package dev.basalt.collections;

import dev.basalt.error.FieldError;
import dev.basalt.util.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON forms of collections: the API shape (secrets removed, PocketBase's key order, field
 * keys alphabetical) and the stored shape of {@code _collections.fields} / {@code options}.
 */
public final class CollectionJson {
    private static final Map<String, Class<? extends Field>> FIELD_TYPES = Map.ofEntries(
            Map.entry("text", TextField.class), Map.entry("number", NumberField.class),
            Map.entry("bool", BoolField.class), Map.entry("email", EmailField.class),
            Map.entry("url", UrlField.class), Map.entry("editor", EditorField.class),
            Map.entry("date", DateField.class), Map.entry("autodate", AutodateField.class),
            Map.entry("select", SelectField.class), Map.entry("file", FileField.class),
            Map.entry("relation", RelationField.class), Map.entry("json", JsonField.class),
            Map.entry("password", PasswordField.class), Map.entry("geoPoint", GeoPointField.class));

    private CollectionJson() {}

    /** The known field type names. */
    public static java.util.Set<String> fieldTypes() {
        return FIELD_TYPES.keySet();
    }

    /** The collection as the API returns it. */
    public static Map<String, Object> toApi(Collection c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("listRule", c.listRule());
        json.put("viewRule", c.viewRule());
        json.put("createRule", c.createRule());
        json.put("updateRule", c.updateRule());
        json.put("deleteRule", c.deleteRule());
        json.put("name", c.name());
        json.put("type", c.type().wire());
        json.put("fields", fieldsToJson(c.fields()));
        json.put("indexes", c.indexes());
        json.put("created", c.created());
        json.put("updated", c.updated());
        json.put("system", c.system());
        if (c.isAuth() && c.auth() != null) {
            ObjectNode options = (ObjectNode) Json.toNode(c.auth());
            stripSecrets(options);
            for (Map.Entry<String, JsonNode> e : options.properties()) {
                json.put(e.getKey(), e.getValue());
            }
        }
        if (c.isView()) {
            json.put("viewQuery", c.viewQuery() == null ? "" : c.viewQuery());
        }
        return json;
    }

    private static void stripSecrets(ObjectNode options) {
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            if (e.getValue() instanceof ObjectNode child && e.getKey().endsWith("Token")) {
                child.remove("secret");
            }
        }
        JsonNode providers = options.path("oauth2").path("providers");
        if (providers.isArray()) {
            providers.forEach(p -> ((ObjectNode) p).remove("clientSecret"));
        } else if (options.get("oauth2") instanceof ObjectNode oauth2) {
            oauth2.putArray("providers");
        }
    }

    /** Fields as JSON objects with alphabetically ordered keys. */
    public static List<Map<String, Object>> fieldsToJson(List<Field> fields) {
        List<Map<String, Object>> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(fieldToJson(f));
        }
        return out;
    }

    /** One field as a JSON object with alphabetically ordered keys. */
    public static Map<String, Object> fieldToJson(Field f) {
        ObjectNode node = (ObjectNode) Json.toNode(f);
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            sorted.put(e.getKey(), e.getValue());
        }
        sorted.put("type", f.type());
        return sorted;
    }

    /** The stored {@code options} JSON of a collection (secrets included). */
    public static String optionsToDb(Collection c) {
        if (c.isAuth() && c.auth() != null) {
            return Json.write(c.auth());
        }
        if (c.isView()) {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("viewQuery", c.viewQuery() == null ? "" : c.viewQuery());
            return Json.write(options);
        }
        return "{}";
    }

    /**
     * Parses a JSON array of field definitions. Problems are reported per index into
     * {@code errors} (e.g. {@code {"3": {"type": ...}}}); unparsable entries are skipped.
     */
    public static List<Field> parseFields(JsonNode array, Map<String, Object> errors) {
        List<Field> fields = new ArrayList<>();
        if (array == null || array.isNull()) {
            return fields;
        }
        if (!array.isArray()) {
            errors.put("fields", FieldError.of("validation_invalid_value", "Invalid value."));
            return fields;
        }
        int i = 0;
        for (JsonNode item : array) {
            String index = String.valueOf(i++);
            Class<? extends Field> type = item.isObject() ? FIELD_TYPES.get(item.path("type").asString("")) : null;
            if (type == null) {
                errors.put(index, Map.of("type", FieldError.of("validation_in_invalid", "Missing or unknown field type.")));
                continue;
            }
            try {
                fields.add(Json.mapper().treeToValue(item, type));
            } catch (JacksonException e) {
                errors.put(index, FieldError.of("validation_invalid_value", "Invalid field options."));
            }
        }
        return fields;
    }

    /** Parses the stored fields JSON text (trusted data). */
    public static List<Field> fieldsFromDb(String text) {
        Map<String, Object> errors = new LinkedHashMap<>();
        List<Field> fields = parseFields(Json.parse(text == null || text.isBlank() ? "[]" : text), errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("invalid stored fields: " + errors);
        }
        return fields;
    }

    /** Parses stored auth options, filling keys missing in old data from the defaults. */
    public static AuthOptions authOptionsFromDb(String text) {
        ObjectNode merged = CollectionDefaults.defaultAuthOptionsJson();
        if (text != null && !text.isBlank()) {
            deepMerge(merged, Json.parse(text));
        }
        if (merged.path("oauth2").path("providers").isNull() && merged.get("oauth2") instanceof ObjectNode o) {
            o.putArray("providers");
        }
        return Json.mapper().treeToValue(merged, AuthOptions.class);
    }

    /** Recursively merges {@code patch} into {@code target}: objects merge, everything else replaces. */
    public static void deepMerge(ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                deepMerge(existingObject, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
