package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Validates a collection before it is saved (PocketBase's {@code collection_validate.go}):
 * identity, name, type and system-flag changes, fields and their options, rules, indexes and
 * auth options. Errors are keyed like the collection JSON ({@code name}, {@code fields.3.name},
 * {@code passwordAuth.identityFields}, ...).
 */
final class CollectionValidator {
    private static final Pattern ID = Pattern.compile("^\\w+$");

    private final Schema schema;
    private final Predicate<String> tableExists;
    private final BiFunction<Collection, String, FieldError> ruleCheck;
    private final java.util.function.Function<String, Optional<String>> indexTable;

    /**
     * @param tableExists true when a table or view with this name (case-insensitive) exists
     * @param ruleCheck   validates a rule expression against a collection; null when valid
     * @param indexTable  the table an index name (case-insensitive) is already used on, if any
     */
    CollectionValidator(Schema schema, Predicate<String> tableExists, BiFunction<Collection, String, FieldError> ruleCheck,
            java.util.function.Function<String, Optional<String>> indexTable) {
        this.schema = schema;
        this.tableExists = tableExists;
        this.ruleCheck = ruleCheck;
        this.indexTable = indexTable;
    }

    Map<String, Object> validate(Collection c, Optional<Collection> old) {
        Map<String, Object> errors = new LinkedHashMap<>();
        validateId(c, old, errors);
        if (old.isPresent() && old.get().system() != c.system()) {
            errors.put("system", FieldError.of("validation_collection_system_flag_change", "System collection state cannot be changed."));
        }
        if (old.isPresent() && old.get().type() != c.type()) {
            errors.put("type", FieldError.of("validation_collection_type_change", "Collection type cannot be changed."));
        }
        Rules.putIfError(errors, "name", nameError(c, old));
        validateFields(c, old, errors);
        validateRule(c, old, "listRule", c.listRule(), old.map(Collection::listRule), false, errors);
        validateRule(c, old, "viewRule", c.viewRule(), old.map(Collection::viewRule), false, errors);
        validateRule(c, old, "createRule", c.createRule(), old.map(Collection::createRule), c.isView(), errors);
        validateRule(c, old, "updateRule", c.updateRule(), old.map(Collection::updateRule), c.isView(), errors);
        validateRule(c, old, "deleteRule", c.deleteRule(), old.map(Collection::deleteRule), c.isView(), errors);
        validateIndexes(c, old, errors);
        if (c.isAuth() && c.auth() != null) {
            new AuthOptionsValidator(c, old, ruleCheck).validate(errors);
        }
        if (c.isView() && (c.viewQuery() == null || c.viewQuery().isBlank()) && !errors.containsKey("viewQuery")) {
            errors.put("viewQuery", Rules.required());
        }
        return errors;
    }

    private void validateId(Collection c, Optional<Collection> old, Map<String, Object> errors) {
        if (c.id() == null || c.id().isEmpty()) {
            errors.put("id", Rules.required());
            return;
        }
        if (old.isPresent()) {
            if (!old.get().id().equals(c.id())) {
                errors.put("id", Rules.valuesMismatch());
            }
            return;
        }
        FieldError e = Rules.length(c.id(), 1, 100);
        if (e == null) {
            e = Rules.match(c.id(), ID);
        }
        if (e == null && schema.all().stream().anyMatch(x -> x.id().equals(c.id()))) {
            e = FieldError.of("validation_invalid_or_existing_id", "The model id is invalid or already exists.");
        }
        Rules.putIfError(errors, "id", e);
    }

    private FieldError nameError(Collection c, Optional<Collection> old) {
        String name = c.name();
        if (name == null || name.isEmpty()) {
            return Rules.required();
        }
        FieldError e = Rules.length(name, 1, 255);
        if (e != null) {
            return e;
        }
        if (name.toLowerCase(Locale.ROOT).contains("_via_")) {
            return FieldError.of("validation_found_via", "The value cannot contain \"_via_\".");
        }
        e = Rules.match(name, Rules.WORD);
        if (e != null) {
            return e;
        }
        if (old.isPresent() && old.get().system() && !old.get().name().equals(name)) {
            return FieldError.of("validation_collection_system_name_change", "System collection name cannot be changed.");
        }
        String ownId = old.map(Collection::id).orElse("");
        for (Collection other : schema.all()) {
            if (!other.id().equals(ownId) && other.name().equalsIgnoreCase(name)) {
                return FieldError.of("validation_collection_name_exists", "Collection name must be unique (case insensitive).");
            }
        }
        for (Collection other : schema.all()) {
            if (other.id().equals(name) && !other.id().equals(ownId)) {
                return FieldError.of("validation_collection_name_id_duplicate", "The name must not match an existing collection id.");
            }
        }
        boolean renamed = old.isEmpty() || !old.get().name().equalsIgnoreCase(name);
        boolean takenByCollection = schema.all().stream().anyMatch(x -> x.name().equalsIgnoreCase(name));
        if (renamed && !takenByCollection && (tableExists.test(name) || name.toLowerCase(Locale.ROOT).startsWith("sqlite_"))) {
            return FieldError.of("validation_collection_name_invalid", "The name shouldn't match with an existing internal table.");
        }
        return null;
    }

    private void validateFields(Collection c, Optional<Collection> old, Map<String, Object> errors) {
        List<Field> fields = c.fields();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (!ids.add(f.id())) {
                errors.put("fields", Map.of(String.valueOf(i), Map.of("id", FieldError.of("validation_duplicated_field_id",
                        "Duplicated or invalid field id \"" + f.id() + "\"."))));
                return;
            }
            if (!names.add(f.name().toLowerCase(Locale.ROOT))) {
                errors.put("fields", Map.of(String.valueOf(i), Map.of("name", FieldError.of("validation_duplicated_field_name",
                        "Duplicated or invalid field name " + f.name() + ".", "fieldName", f.name()))));
                return;
            }
        }
        if (fields.isEmpty()) {
            errors.put("fields", Rules.required());
            return;
        }
        if (!(c.field("id").orElse(null) instanceof TextField idField) || !idField.primaryKey()) {
            errors.put("fields", FieldError.of("validation_missing_primary_key", "Missing or invalid \"id\" PK field."));
            return;
        }
        if (c.isAuth()) {
            FieldError authError = authFieldsError(c);
            if (authError != null) {
                errors.put("fields", authError);
                return;
            }
        }
        if (!c.isView() && old.isPresent()) {
            for (Field previous : old.get().fields()) {
                if (previous.system() && c.fields().stream().noneMatch(f -> f.id().equals(previous.id()) && f.name().equals(previous.name()))) {
                    errors.put("fields", FieldError.of("validation_system_field_change", "System fields cannot be deleted or renamed."));
                    return;
                }
            }
            Map<String, Object> typeErrors = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                old.get().fields().stream().filter(p -> p.id().equals(f.id()) && !p.type().equals(f.type())).findFirst()
                        .ifPresent(p -> typeErrors.put(String.valueOf(fields.indexOf(f)),
                                FieldError.of("validation_field_type_change", "Field type cannot be changed.")));
            }
            if (!typeErrors.isEmpty()) {
                errors.put("fields", typeErrors);
                return;
            }
        }
        Map<String, Object> fieldErrors = new LinkedHashMap<>();
        SettingsContext ctx = new SettingsContext(c, old, schema::find);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            if (c.isAuth() && (f.name().equals("passwordConfirm") || f.name().equals("oldPassword"))) {
                e.put("name", FieldError.of("validation_reserved_field_name", "The field name is reserved and cannot be used."));
            } else {
                f.validateSettings(ctx, e);
            }
            if (!e.isEmpty()) {
                fieldErrors.put(String.valueOf(i), e);
            }
        }
        if (!fieldErrors.isEmpty()) {
            errors.put("fields", fieldErrors);
        }
    }

    private static FieldError authFieldsError(Collection c) {
        Field password = c.field("password").orElse(null);
        if (!(password instanceof PasswordField)) {
            return FieldError.of("validation_missing_password_field", "System \"password\" field is required.");
        }
        Field tokenKey = c.field("tokenKey").orElse(null);
        if (!(tokenKey instanceof TextField)) {
            return FieldError.of("validation_missing_tokenKey_field", "System \"tokenKey\" field is required.");
        }
        if (!(c.field("email").orElse(null) instanceof EmailField)) {
            return FieldError.of("validation_missing_email_field", "System \"email\" field is required.");
        }
        if (!(c.field("emailVisibility").orElse(null) instanceof BoolField)) {
            return FieldError.of("validation_missing_emailVisibility_field", "System \"emailVisibility\" field is required.");
        }
        if (!(c.field("verified").orElse(null) instanceof BoolField)) {
            return FieldError.of("validation_missing_verified_field", "System \"verified\" field is required.");
        }
        return null;
    }

    private void validateRule(Collection c, Optional<Collection> old, String key, String rule, Optional<String> oldRule,
            boolean mustBeNull, Map<String, Object> errors) {
        if (mustBeNull && rule != null) {
            errors.put(key, FieldError.of("validation_nil", "Must be blank."));
            return;
        }
        FieldError e = rule == null || rule.isEmpty() ? null : ruleCheck.apply(c, rule);
        if (e == null && old.isPresent() && old.get().system() && !java.util.Objects.equals(oldRule.orElse(null), rule)) {
            e = FieldError.of("validation_collection_system_rule_change", "System collection API rule cannot be changed.");
        }
        Rules.putIfError(errors, key, e);
    }

    private void validateIndexes(Collection c, Optional<Collection> old, Map<String, Object> errors) {
        if (c.isView()) {
            if (!c.indexes().isEmpty()) {
                errors.put("indexes", FieldError.of("validation_indexes_not_supported", "View collections don't support indexes."));
            }
            return;
        }
        Map<String, Object> indexErrors = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        Set<String> definitions = new HashSet<>();
        for (int i = 0; i < c.indexes().size(); i++) {
            IndexDefinition idx = IndexDefinition.parse(c.indexes().get(i));
            String key = String.valueOf(i);
            if (!idx.isValid()) {
                indexErrors.put(key, FieldError.of("validation_invalid_index_expression", "Invalid CREATE INDEX expression."));
                continue;
            }
            if (!names.add(idx.indexName().toLowerCase(Locale.ROOT))) {
                indexErrors.put(key, FieldError.of("validation_duplicated_index_name", "The index name already exists."));
                continue;
            }
            Optional<String> usedOn = indexTable.apply(idx.indexName());
            String oldName = old.map(Collection::name).orElse(c.name());
            if (usedOn.isPresent() && !usedOn.get().equalsIgnoreCase(oldName) && !usedOn.get().equalsIgnoreCase(c.name())) {
                indexErrors.put(key, FieldError.of("validation_existing_index_name",
                        "The index name is already used in " + usedOn.get() + " collection.", "usedTableName", usedOn.get()));
                continue;
            }
            if (!definitions.add(idx.onTable("validator").named("validator").build().toLowerCase(Locale.ROOT))) {
                indexErrors.put(key, FieldError.of("validation_duplicated_index_definition", "The index definition already exists."));
            }
        }
        if (!indexErrors.isEmpty()) {
            errors.put("indexes", indexErrors);
            return;
        }
        if (c.isAuth()) {
            for (String field : List.of("tokenKey", "email")) {
                if (IndexDefinition.findSingleColumnUnique(c.indexes(), field).isEmpty()) {
                    errors.put("indexes", FieldError.of("validation_missing_required_unique_index",
                            "Missing required unique index for field \"" + field + "\".", "fieldName", field));
                    return;
                }
            }
        }
    }
}
