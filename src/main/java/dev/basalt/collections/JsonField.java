package dev.basalt.collections;

import dev.basalt.error.FieldError;
import dev.basalt.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Any JSON value, the only nullable field type. Values are JSON trees, or null for "no value";
 * strings that are not JSON are stored as JSON strings.
 */
public record JsonField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, long maxSize) implements Field {
    static final long DEFAULT_MAX_SIZE = 1L << 20;

    public JsonField {
        help = FieldSupport.nz(help);
    }

    @Override
    public String type() {
        return "json";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new JsonField(id, name, system, hidden, presentable, required, help, maxSize);
    }

    @Override
    public Object zero() {
        return null;
    }

    @Override
    public Object prepare(Object raw) {
        return switch (raw) {
            case null -> null;
            case JsonNode node -> node.isNull() || node.isMissingNode() ? null : node;
            case String s -> fromText(s);
            case byte[] bytes -> fromText(new String(bytes, StandardCharsets.UTF_8));
            default -> Json.toNode(raw);
        };
    }

    @Override
    public Object fromDb(Object raw) {
        if (raw == null || (raw instanceof String s && s.isEmpty())) {
            return null;
        }
        String text = raw instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : Values.toText(raw);
        try {
            JsonNode node = Json.parse(text);
            return node.isNull() ? null : node;
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.stringNode(text);
        }
    }

    /** PocketBase's normalisation of text input: JSON when it looks like JSON and parses, else a JSON string. */
    private static JsonNode fromText(String s) {
        if (s.isEmpty()) {
            return JsonNodeFactory.instance.stringNode("");
        }
        String t = s;
        char first = t.charAt(0);
        boolean looksJson = t.equals("null") || t.equals("true") || t.equals("false")
                || Character.isDigit(first) || first == '-' || first == '"' || first == '[' || first == '{';
        if (looksJson) {
            try {
                JsonNode node = Json.parse(t);
                return node.isNull() ? null : node;
            } catch (JacksonException e) {
                // not JSON after all: keep it as a string
            }
        }
        return JsonNodeFactory.instance.stringNode(s);
    }

    @Override
    public Object toDb(Object value) {
        return value == null ? null : Json.write(value);
    }

    @Override
    public String columnType() {
        return "JSON DEFAULT NULL";
    }

    @Override
    public long maxBodyContribution() {
        return maxSize <= 0 ? DEFAULT_MAX_SIZE : maxSize;
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (value != null && !(value instanceof JsonNode)) {
            return Rules.unsupportedType();
        }
        String text = value == null ? "" : Json.write(value);
        long limit = maxBodyContribution();
        if (text.getBytes(StandardCharsets.UTF_8).length > limit) {
            return FieldError.of("validation_json_size_limit", "The maximum allowed JSON size is " + limit + " bytes.",
                    "maxSize", limit);
        }
        if (required) {
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.equals("null") || trimmed.equals("\"\"") || trimmed.equals("[]") || trimmed.equals("{}")) {
                return Rules.required();
            }
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        Rules.putIfError(errors, "maxSize", maxSize < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0)
                : Rules.max(maxSize, Rules.MAX_SAFE_INT));
    }
}
