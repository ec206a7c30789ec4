package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.List;
import java.util.Map;

/** An email address field with optional domain allow/deny lists. */
public record EmailField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, List<String> exceptDomains, List<String> onlyDomains) implements TextValued {

    public EmailField {
        help = FieldSupport.nz(help);
    }

    public static EmailField of(String name) {
        return new EmailField("", name, false, false, false, false, "", null, null);
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new EmailField(id, name, system, hidden, presentable, required, help, exceptDomains, onlyDomains);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof String v)) {
            return Rules.unsupportedType();
        }
        if (v.isEmpty()) {
            return required ? Rules.required() : null;
        }
        if (!Formats.isEmail(v)) {
            return FieldError.of("validation_is_email", "Must be a valid email address.");
        }
        String domain = Formats.emailDomain(v);
        if ((onlyDomains != null && !onlyDomains.isEmpty() && !onlyDomains.contains(domain))
                || (exceptDomains != null && exceptDomains.contains(domain))) {
            return FieldError.of("validation_email_domain_not_allowed", "Email domain is not allowed.");
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        DomainLists.validate(exceptDomains, onlyDomains, errors);
    }
}
