package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Rich text (HTML) content; not sanitised, limited by {@code maxSize} bytes (default 5 MiB). */
public record EditorField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, long maxSize, boolean convertURLs) implements TextValued {
    static final long DEFAULT_MAX_SIZE = 5L << 20;

    public EditorField {
        help = FieldSupport.nz(help);
    }

    @Override
    public String type() {
        return "editor";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new EditorField(id, name, system, hidden, presentable, required, help, maxSize, convertURLs);
    }

    @Override
    public long maxBodyContribution() {
        return maxSize <= 0 ? DEFAULT_MAX_SIZE : maxSize;
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof String v)) {
            return Rules.unsupportedType();
        }
        if (v.isEmpty()) {
            return required ? Rules.required() : null;
        }
        long limit = maxBodyContribution();
        if (v.getBytes(StandardCharsets.UTF_8).length > limit) {
            return FieldError.of("validation_content_size_limit", "The maximum allowed content size is " + limit + " bytes.",
                    "maxSize", limit);
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        Rules.putIfError(errors, "maxSize", Rules.min(maxSize, 0));
        Rules.putIfError(errors, "maxSize", Rules.max(maxSize, Rules.MAX_SAFE_INT));
    }
}
