package dev.basalt.collections;

import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.util.Ids;
import dev.basalt.util.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies collection JSON from the API onto a collection: keys that are present replace (or, for
 * option objects, merge into) the current values; absent keys keep them. Stored secrets survive
 * when the input omits them or sends them empty.
 */
final class CollectionInput {
    private static final Set<String> AUTH_KEYS = Set.of("authRule", "manageRule", "authAlert", "oauth2", "passwordAuth",
            "mfa", "otp", "authToken", "passwordResetToken", "emailChangeToken", "verificationToken", "fileToken",
            "verificationTemplate", "resetPasswordTemplate", "confirmEmailChangeTemplate");

    private CollectionInput() {}

    /** Applies {@code body} onto {@code base}; invalid shapes become a 400 with field errors. */
    static Collection apply(Collection base, JsonNode body, boolean isNew) {
        if (!body.isObject()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Failed to load the submitted data due to invalid formatting.");
        }
        Map<String, Object> errors = new LinkedHashMap<>();
        String id = base.id();
        if (isNew && body.has("id") && body.get("id").isString() && !body.get("id").asString().isEmpty()) {
            id = body.get("id").asString();
        } else if (!isNew && body.has("id") && body.get("id").isString()) {
            id = body.get("id").asString();
        }
        String name = text(body, "name", base.name(), errors);
        boolean system = body.has("system") ? body.get("system").asBoolean(false) : base.system();
        List<Field> fields = base.fields();
        if (body.has("fields")) {
            Map<String, Object> fieldErrors = new LinkedHashMap<>();
            fields = assignIds(CollectionJson.parseFields(body.get("fields"), fieldErrors), base.fields());
            if (!fieldErrors.isEmpty()) {
                errors.put("fields", fieldErrors.containsKey("fields") ? fieldErrors.get("fields") : fieldErrors);
            }
        }
        List<String> indexes = base.indexes();
        if (body.has("indexes")) {
            indexes = strings(body.get("indexes"), "indexes", errors);
        }
        String listRule = rule(body, "listRule", base.listRule(), errors);
        String viewRule = rule(body, "viewRule", base.viewRule(), errors);
        String createRule = rule(body, "createRule", base.createRule(), errors);
        String updateRule = rule(body, "updateRule", base.updateRule(), errors);
        String deleteRule = rule(body, "deleteRule", base.deleteRule(), errors);
        AuthOptions auth = base.auth();
        if (base.isAuth()) {
            auth = authOptions(base.auth(), body, errors);
        }
        String viewQuery = base.viewQuery();
        if (base.isView() && body.has("viewQuery")) {
            viewQuery = text(body, "viewQuery", viewQuery, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED,
                    isNew ? "Failed to create collection." : "Failed to update collection.", errors);
        }
        return new Collection(id, name, base.type(), system, fields, indexes, listRule, viewRule, createRule, updateRule,
                deleteRule, auth, viewQuery, base.created(), base.updated());
    }

    /**
     * Gives fields without an id the id of an existing field with the same name, or else
     * {@code type + crc32(name)} (with a numeric suffix when taken).
     */
    static List<Field> assignIds(List<Field> fields, List<Field> existing) {
        Set<String> used = new HashSet<>();
        fields.forEach(f -> {
            if (f.id() != null && !f.id().isEmpty()) {
                used.add(f.id());
            }
        });
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (f.id() != null && !f.id().isEmpty()) {
                out.add(f);
                continue;
            }
            String id = existing.stream().filter(e -> e.name().equals(f.name()) && e.type().equals(f.type()))
                    .map(Field::id).filter(x -> !used.contains(x)).findFirst().orElse(null);
            if (id == null) {
                String baseId = f.type() + Ids.crc32(f.name());
                id = baseId;
                for (int n = 2; used.contains(id) && n <= 999; n++) {
                    id = baseId + n;
                }
            }
            used.add(id);
            out.add(f.withIdAndName(id, f.name()));
        }
        return out;
    }

    private static String text(JsonNode body, String key, String fallback, Map<String, Object> errors) {
        if (!body.has(key)) {
            return fallback;
        }
        JsonNode v = body.get(key);
        if (v.isNull()) {
            return "";
        }
        if (!v.isString()) {
            errors.put(key, FieldError.of("validation_invalid_value", "Invalid value."));
            return fallback;
        }
        return v.asString();
    }

    private static String rule(JsonNode body, String key, String fallback, Map<String, Object> errors) {
        if (!body.has(key)) {
            return fallback;
        }
        JsonNode v = body.get(key);
        if (v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            errors.put(key, FieldError.of("validation_invalid_value", "Invalid value."));
            return fallback;
        }
        return v.asString();
    }

    private static List<String> strings(JsonNode node, String key, Map<String, Object> errors) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.put(key, FieldError.of("validation_invalid_value", "Invalid value."));
            return out;
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                errors.put(key, FieldError.of("validation_invalid_value", "Invalid value."));
                return out;
            }
            out.add(item.asString());
        }
        return out;
    }

    private static AuthOptions authOptions(AuthOptions current, JsonNode body, Map<String, Object> errors) {
        ObjectNode merged = (ObjectNode) Json.toNode(current);
        ObjectNode patch = Json.object();
        for (String key : AUTH_KEYS) {
            if (body.has(key)) {
                patch.set(key, body.get(key).deepCopy());
            }
        }
        // secrets that are omitted or empty keep their stored values
        for (String token : List.of("authToken", "passwordResetToken", "emailChangeToken", "verificationToken", "fileToken")) {
            if (patch.get(token) instanceof ObjectNode t && t.path("secret").asString("").isEmpty()) {
                t.remove("secret");
            }
        }
        if (patch.path("oauth2").path("providers").isArray()) {
            Map<String, String> secrets = new LinkedHashMap<>();
            if (current.oauth2() != null && current.oauth2().providers() != null) {
                current.oauth2().providers().forEach(p -> secrets.put(p.name(), p.clientSecret()));
            }
            for (JsonNode p : (ArrayNode) patch.get("oauth2").get("providers")) {
                if (p instanceof ObjectNode provider && provider.path("clientSecret").asString("").isEmpty()
                        && secrets.get(provider.path("name").asString("")) != null) {
                    provider.put("clientSecret", secrets.get(provider.path("name").asString("")));
                }
            }
        }
        CollectionJson.deepMerge(merged, patch);
        try {
            return Json.mapper().treeToValue(merged, AuthOptions.class);
        } catch (JacksonException e) {
            errors.put("options", FieldError.of("validation_invalid_value", "Invalid auth options."));
            return current;
        }
    }
}
