package dev.basalt.collections;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.basalt.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploaded files, stored by name; {@code maxSelect} &gt; 1 makes it multi-valued. Values hold the
 * stored file names; new uploads arrive through multipart requests.
 */
public record FileField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, int maxSelect, long maxSize, List<String> mimeTypes, List<String> thumbs,
        @JsonProperty("protected") boolean isProtected) implements ListValued {
    static final long DEFAULT_MAX_SIZE = 5L << 20;
    private static final Pattern THUMB = Pattern.compile("^(\\d+)x(\\d+)(t|b|f)?$");

    public FileField {
        help = FieldSupport.nz(help);
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new FileField(id, name, system, hidden, presentable, required, help, maxSelect, maxSize, mimeTypes, thumbs,
                isProtected);
    }

    /** The effective per-file size limit in bytes. */
    public long effectiveMaxSize() {
        return maxSize <= 0 ? DEFAULT_MAX_SIZE : maxSize;
    }

    @Override
    public long maxBodyContribution() {
        return effectiveMaxSize() * Math.max(maxSelect, 1);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        List<String> names = Values.toUniqueStrings(value);
        if (names.isEmpty()) {
            return required ? Rules.required() : null;
        }
        List<String> stored = Values.toUniqueStrings(ctx.originalValue().apply(name));
        List<String> invalid = new ArrayList<>();
        for (String n : names) {
            if (!stored.contains(n) && !ctx.uploads().containsKey(n)) {
                invalid.add(n.length() > 250 ? n.substring(0, 250) : n);
            }
        }
        if (!invalid.isEmpty()) {
            return FieldError.of("validation_invalid_file", "Invalid new files: [" + String.join(" ", invalid) + "].",
                    "invalidFiles", invalid);
        }
        int max = Math.max(maxSelect, 1);
        if (names.size() > max) {
            return FieldError.of("validation_too_many_files", "The maximum allowed files is " + max + ".", "maxSelect", max);
        }
        for (String n : names) {
            Upload upload = ctx.uploads().get(n);
            if (upload == null) {
                continue;
            }
            if (upload.size() > effectiveMaxSize()) {
                String original = upload.originalName().length() > 300 ? upload.originalName().substring(0, 300) : upload.originalName();
                return FieldError.of("validation_file_size_limit", "Failed to upload " + original
                        + " - the maximum allowed file size is " + effectiveMaxSize() + " bytes.", "file", original,
                        "maxSize", effectiveMaxSize());
            }
            if (mimeTypes != null && !mimeTypes.isEmpty() && !dev.basalt.files.ContentTypes.matches(upload.contentType(), mimeTypes)) {
                return FieldError.of("validation_invalid_mime_type", "\"" + upload.name() + "\" mime type must be one of: "
                        + String.join(", ", mimeTypes) + ".");
            }
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        Rules.putIfError(errors, "maxSelect", maxSelect < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0)
                : Rules.max(maxSelect, Rules.MAX_SAFE_INT));
        Rules.putIfError(errors, "maxSize", maxSize < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0)
                : Rules.max(maxSize, Rules.MAX_SAFE_INT));
        if (thumbs != null) {
            Map<String, Object> thumbErrors = new LinkedHashMap<>();
            for (int i = 0; i < thumbs.size(); i++) {
                String t = thumbs.get(i);
                if (t == null || t.isEmpty()) {
                    continue;
                }
                if (t.matches("0x0[tbf]?")) {
                    thumbErrors.put(String.valueOf(i), FieldError.of("validation_not_in_invalid", "Must not be in list."));
                } else if (!THUMB.matcher(t).matches()) {
                    thumbErrors.put(String.valueOf(i), FieldError.of("validation_match_invalid", "Must be in a valid format."));
                }
            }
            if (!thumbErrors.isEmpty()) {
                errors.put("thumbs", thumbErrors);
            }
        }
    }
}
