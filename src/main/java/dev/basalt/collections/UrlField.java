package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.List;
import java.util.Map;

/** A URL field with optional host allow/deny lists. */
public record UrlField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, List<String> exceptDomains, List<String> onlyDomains) implements TextValued {

    public UrlField {
        help = FieldSupport.nz(help);
    }

    public static UrlField of(String name) {
        return new UrlField("", name, false, false, false, false, "", null, null);
    }

    @Override
    public String type() {
        return "url";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new UrlField(id, name, system, hidden, presentable, required, help, exceptDomains, onlyDomains);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof String v)) {
            return Rules.unsupportedType();
        }
        if (v.isEmpty()) {
            return required ? Rules.required() : null;
        }
        if (!Formats.isUrl(v)) {
            return FieldError.of("validation_invalid_url", "Must be a valid url.");
        }
        String host = Formats.urlHost(v);
        host = host == null ? "" : host;
        if ((onlyDomains != null && !onlyDomains.isEmpty() && !onlyDomains.contains(host))
                || (exceptDomains != null && exceptDomains.contains(host))) {
            return FieldError.of("validation_url_domain_not_allowed", "Url domain is not allowed.");
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        DomainLists.validate(exceptDomains, onlyDomains, errors);
    }
}
