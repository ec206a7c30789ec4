package dev.basalt.records;

import dev.basalt.collections.AutodateField;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.collections.FileField;
import dev.basalt.collections.Upload;
import dev.basalt.collections.Modifier;
import dev.basalt.collections.PasswordField;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a create/update body to a record the way PocketBase does: plain keys set fields, keys
 * with modifiers ({@code tags+}, {@code +tags}, {@code tags-}, {@code total+}, {@code slug:autogenerate})
 * change the current value, shorter keys first. Unknown keys are ignored, autodate fields cannot
 * be written, and hidden fields can only be written by superusers (the password excepted).
 * Uploaded files whose part name is not a file field are reported in {@link Applied#strayFiles()}
 * rather than dropped: acknowledging an upload that was thrown away would lose the user's data.
 */
final class RecordInput {
    /** The body after modifiers, plus the auth form values that are not record fields. */
    record Applied(Map<String, Object> body, String passwordConfirm, String oldPassword,
            boolean hasPasswordConfirm, boolean hasOldPassword, List<String> strayFiles) {
        static final Applied NONE = new Applied(Map.of(), "", "", false, false, List.of());
    }

    private RecordInput() {}

    static Applied apply(Record record, Map<String, Object> input, boolean canWriteHidden) {
        return apply(record, input, Map.of(), canWriteHidden);
    }

    /**
     * Applies a body and uploaded files: a part named {@code field} sets the field to the body's
     * own value for it followed by the new files; {@code field+} / {@code +field} append / prepend
     * to the current files; {@code field-} in the body removes files by name.
     */
    static Applied apply(Record record, Map<String, Object> input, Map<String, List<Upload>> files, boolean canWriteHidden) {
        Collection c = record.collection();
        Map<String, Object> body = new LinkedHashMap<>(input);
        List<String> stray = new ArrayList<>();
        for (Map.Entry<String, List<Upload>> e : files.entrySet()) {
            String key = e.getKey();
            String fieldName = Modifier.parse(key).map(Modifier.Key::field).orElse(key);
            if (!(c.field(fieldName).orElse(null) instanceof FileField)) {
                stray.add(key);
                continue;
            }
            List<Object> names = new ArrayList<>(Values.toUniqueStrings(body.get(key)));
            e.getValue().forEach(u -> names.add(u.name()));
            body.put(key, names);
        }
        String passwordConfirm = "";
        String oldPassword = "";
        boolean hasConfirm = false;
        boolean hasOld = false;
        if (c.isAuth()) {
            hasConfirm = body.containsKey("passwordConfirm");
            hasOld = body.containsKey("oldPassword");
            passwordConfirm = Values.toText(body.remove("passwordConfirm"));
            oldPassword = Values.toText(body.remove("oldPassword"));
        }
        List<String> keys = new ArrayList<>(body.keySet());
        keys.sort(Comparator.comparingInt(String::length));
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String key : keys) {
            Object value = body.get(key);
            Optional<Field> exact = c.field(key);
            if (exact.isPresent()) {
                Field f = exact.get();
                if (writable(f, canWriteHidden)) {
                    record.set(f.name(), f instanceof PasswordField ? PasswordValue.ofPlain(Values.toText(value)) : f.prepare(value));
                    resolved.put(f.name(), bodyValue(f, record.get(f.name())));
                }
                continue;
            }
            Optional<Modifier.Key> modifier = Modifier.parse(key);
            if (modifier.isEmpty()) {
                resolved.put(key, value);
                continue;
            }
            Optional<Field> target = c.field(modifier.get().field());
            if (target.isEmpty() || !writable(target.get(), canWriteHidden)) {
                continue;
            }
            Field f = target.get();
            Optional<Object> changed = f.modify(modifier.get().modifier(), record.get(f.name()), value);
            if (changed.isPresent()) {
                record.set(f.name(), changed.get());
                resolved.put(f.name(), bodyValue(f, record.get(f.name())));
            }
        }
        return new Applied(resolved, passwordConfirm, oldPassword, hasConfirm, hasOld, List.copyOf(stray));
    }

    private static boolean writable(Field f, boolean canWriteHidden) {
        if (f instanceof AutodateField) {
            return false;
        }
        return !f.hidden() || canWriteHidden || f instanceof PasswordField;
    }

    /** The value {@code @request.body.<field>} sees: the canonical value (plain text for passwords). */
    private static Object bodyValue(Field f, Object value) {
        return value instanceof PasswordValue p ? p.plain() : value;
    }
}
