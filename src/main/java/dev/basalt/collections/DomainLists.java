package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validation of the {@code exceptDomains}/{@code onlyDomains} options shared by email and url fields. */
final class DomainLists {
    private DomainLists() {}

    static void validate(List<String> exceptDomains, List<String> onlyDomains, Map<String, Object> errors) {
        boolean hasOnly = onlyDomains != null && !onlyDomains.isEmpty();
        boolean hasExcept = exceptDomains != null && !exceptDomains.isEmpty();
        FieldError mustBeEmpty = FieldError.of("validation_empty", "Must be blank.");
        if (hasOnly && hasExcept) {
            errors.put("exceptDomains", mustBeEmpty);
            errors.put("onlyDomains", mustBeEmpty);
            return;
        }
        each("exceptDomains", exceptDomains, errors);
        each("onlyDomains", onlyDomains, errors);
    }

    private static void each(String key, List<String> domains, Map<String, Object> errors) {
        if (domains == null) {
            return;
        }
        Map<String, Object> items = new LinkedHashMap<>();
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            if (d != null && !d.isEmpty() && !Formats.isDomain(d)) {
                items.put(String.valueOf(i), FieldError.of("validation_is_domain", "Must be a valid domain."));
            }
        }
        if (!items.isEmpty()) {
            errors.put(key, items);
        }
    }
}
