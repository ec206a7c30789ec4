package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** References to records of another collection by id; {@code maxSelect} &gt; 1 makes it multi-valued. */
public record RelationField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, String collectionId, boolean cascadeDelete, int minSelect, int maxSelect)
        implements ListValued {

    public RelationField {
        help = FieldSupport.nz(help);
        collectionId = FieldSupport.nz(collectionId);
    }

    @Override
    public String type() {
        return "relation";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new RelationField(id, name, system, hidden, presentable, required, help, collectionId, cascadeDelete,
                minSelect, maxSelect);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        List<String> ids = Values.toUniqueStrings(value);
        if (ids.isEmpty()) {
            return required ? Rules.required() : null;
        }
        if (minSelect > 0 && ids.size() < minSelect) {
            return FieldError.of("validation_not_enough_values", "Select at least " + minSelect + ".", "minSelect", minSelect);
        }
        int max = Math.max(maxSelect, 1);
        if (ids.size() > max) {
            return FieldError.of("validation_too_many_values", "Select no more than " + max + ".", "maxSelect", max);
        }
        Optional<Collection> related = ctx.collections().apply(collectionId);
        if (related.isEmpty()) {
            return FieldError.of("validation_missing_rel_collection", "Relation connection is missing or cannot be accessed.");
        }
        if (ctx.countExisting().apply(related.get(), ids) != ids.size()) {
            return FieldError.of("validation_missing_rel_records", "Failed to find all relation records with the provided ids.");
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        if (collectionId.isEmpty()) {
            errors.put("collectionId", Rules.required());
        } else {
            Optional<Field> previous = ctx.previousField(id);
            Optional<Collection> target = ctx.collections().apply(collectionId);
            if (previous.isPresent() && previous.get() instanceof RelationField old && !old.collectionId().equals(collectionId)) {
                errors.put("collectionId", FieldError.of("validation_field_relation_change", "The relation collection cannot be changed."));
            } else if (target.isEmpty() || !target.get().id().equals(collectionId)) {
                errors.put("collectionId", FieldError.of("validation_field_relation_missing_collection",
                        "The relation collection doesn't exist."));
            } else if (ctx.collection().type() != CollectionType.VIEW && target.get().type() == CollectionType.VIEW) {
                errors.put("collectionId", FieldError.of("validation_relation_field_non_view_base_collection",
                        "Only view collections are allowed to have relations to other views."));
            }
        }
        Rules.putIfError(errors, "minSelect", minSelect < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0) : null);
        if (minSelect > 0 && maxSelect == 0) {
            errors.put("maxSelect", Rules.required());
        } else if (maxSelect != 0 && maxSelect < minSelect) {
            errors.put("maxSelect", FieldError.of("validation_min_greater_equal_than_required",
                    "Must be no less than " + minSelect + ".", "threshold", minSelect));
        }
    }
}
