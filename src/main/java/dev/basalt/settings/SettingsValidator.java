package dev.basalt.settings;

import dev.basalt.error.FieldError;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates settings with PocketBase's rules and messages. */
final class SettingsValidator {
    private static final Pattern HOST = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?$");
    private static final Pattern LABEL = Pattern.compile("^(\\w+ /[\\w/-]*|/[\\w/-]*|\\w+:\\w+|\\*:\\w+|\\w+)$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");

    private SettingsValidator() {}

    static Map<String, Object> validate(Settings s) {
        Map<String, Object> errors = new LinkedHashMap<>();
        ips(s.superuserIPs(), "superuserIPs", errors);
        section(errors, "smtp", smtp(s.smtp()));
        Map<String, Object> backups = new LinkedHashMap<>();
        if (s.backups().cron() != null && !s.backups().cron().isEmpty()) {
            if (!s.backups().cron().strip().matches("^(@\\w+|(\\S+\\s+){4}\\S+)$")) {
                backups.put("cron", FieldError.of("validation_invalid_cron", "Invalid cron expression."));
            }
            if (s.backups().cronMaxKeep() < 1) {
                backups.put("cronMaxKeep", s.backups().cronMaxKeep() == 0 ? required() : min(1));
            }
        }
        Map<String, Object> backupS3 = s3(s.backups().s3());
        if (!backupS3.isEmpty()) {
            backups.put("s3", backupS3);
        }
        section(errors, "backups", backups);
        section(errors, "s3", s3(s.s3()));
        section(errors, "meta", meta(s.meta()));
        section(errors, "rateLimits", rateLimits(s.rateLimits()));
        Map<String, Object> batch = new LinkedHashMap<>();
        if (s.batch().enabled()) {
            if (s.batch().maxRequests() == 0) {
                batch.put("maxRequests", required());
            }
            if (s.batch().timeout() == 0) {
                batch.put("timeout", required());
            }
        }
        if (s.batch().maxRequests() < 0) {
            batch.put("maxRequests", min(0));
        }
        if (s.batch().timeout() < 0) {
            batch.put("timeout", min(0));
        }
        if (s.batch().maxBodySize() < 0) {
            batch.put("maxBodySize", min(0));
        }
        section(errors, "batch", batch);
        Map<String, Object> logs = new LinkedHashMap<>();
        if (s.logs().maxDays() < 0) {
            logs.put("maxDays", min(0));
        }
        section(errors, "logs", logs);
        return errors;
    }

    private static Map<String, Object> smtp(Settings.Smtp smtp) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (smtp.enabled() && blank(smtp.host())) {
            e.put("host", required());
        } else if (!blank(smtp.host()) && !HOST.matcher(smtp.host()).matches()) {
            e.put("host", FieldError.of("validation_is_host", "Must be a valid IP address or DNS name."));
        }
        if (smtp.enabled() && smtp.port() == 0) {
            e.put("port", required());
        } else if (smtp.port() < 0) {
            e.put("port", min(0));
        }
        if (!blank(smtp.authMethod()) && !List.of("LOGIN", "PLAIN").contains(smtp.authMethod())) {
            e.put("authMethod", FieldError.of("validation_in_invalid", "Must be a valid value."));
        }
        if (!blank(smtp.localName()) && !HOST.matcher(smtp.localName()).matches()) {
            e.put("localName", FieldError.of("validation_is_host", "Must be a valid IP address or DNS name."));
        }
        return e;
    }

    private static Map<String, Object> s3(Settings.S3 s3) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (!blank(s3.endpoint()) && !s3.endpoint().matches("^https?://\\S+$")) {
            e.put("endpoint", FieldError.of("validation_is_url", "Must be a valid URL."));
        }
        if (s3.enabled()) {
            if (blank(s3.endpoint())) {
                e.putIfAbsent("endpoint", required());
            }
            if (blank(s3.bucket())) {
                e.put("bucket", required());
            }
            if (blank(s3.region())) {
                e.put("region", required());
            }
            if (blank(s3.accessKey())) {
                e.put("accessKey", required());
            }
            if (blank(s3.secret())) {
                e.put("secret", required());
            }
        }
        return e;
    }

    private static Map<String, Object> meta(Settings.Meta meta) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (!blank(meta.accentColor()) && !COLOR.matcher(meta.accentColor()).matches()) {
            e.put("accentColor", FieldError.of("validation_invalid_hex_color", "Must be a valid hex color."));
        }
        if (blank(meta.appName())) {
            e.put("appName", required());
        } else if (meta.appName().length() > 255) {
            e.put("appName", length(1, 255));
        }
        if (blank(meta.appURL())) {
            e.put("appURL", required());
        } else if (!meta.appURL().matches("^https?://[^\\s/$.?#][^\\s]*$")) {
            e.put("appURL", FieldError.of("validation_is_url", "Must be a valid URL."));
        }
        if (blank(meta.senderName())) {
            e.put("senderName", required());
        } else if (meta.senderName().length() > 255) {
            e.put("senderName", length(1, 255));
        }
        if (blank(meta.senderAddress())) {
            e.put("senderAddress", required());
        } else if (!EMAIL.matcher(meta.senderAddress()).matches()) {
            e.put("senderAddress", FieldError.of("validation_is_email", "Must be a valid email address."));
        }
        return e;
    }

    private static Map<String, Object> rateLimits(Settings.RateLimits rl) {
        Map<String, Object> e = new LinkedHashMap<>();
        List<Settings.RateLimitRule> rules = rl.rules() == null ? List.of() : rl.rules();
        if (rl.enabled() && rules.isEmpty()) {
            e.put("rules", required());
        }
        Map<String, Object> ruleErrors = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Settings.RateLimitRule r = rules.get(i);
            Map<String, Object> re = new LinkedHashMap<>();
            String label = r.label() == null ? "" : r.label();
            String key = label + "@@" + (r.audience() == null ? "" : r.audience());
            if (label.isEmpty()) {
                re.put("label", required());
            } else if (!LABEL.matcher(label).matches()) {
                re.put("label", FieldError.of("validation_match_invalid", "Must be in a valid format."));
            } else if (keys.contains(key)) {
                re.put("label", FieldError.of("validation_conflicting_rate_limit_rule",
                        "Rate limit rule configuration with label " + label + " already exists or conflicts with another rule.",
                        "label", label));
            }
            keys.add(key);
            if (r.maxRequests() <= 0) {
                re.put("maxRequests", r.maxRequests() == 0 ? required() : min(1));
            }
            if (r.duration() <= 0) {
                re.put("duration", r.duration() == 0 ? required() : min(1));
            }
            if (r.audience() != null && !List.of("", "@guest", "@auth").contains(r.audience())) {
                re.put("audience", FieldError.of("validation_in_invalid", "Must be a valid value."));
            }
            if (!re.isEmpty()) {
                ruleErrors.put(String.valueOf(i), re);
            }
        }
        if (!ruleErrors.isEmpty()) {
            e.put("rules", ruleErrors);
        }
        ips(rl.excludedIPs(), "excludedIPs", e);
        return e;
    }

    private static void ips(List<String> list, String key, Map<String, Object> errors) {
        if (list == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!isIpOrSubnet(list.get(i))) {
                e.put(String.valueOf(i), list.get(i) == null || list.get(i).isEmpty() ? required()
                        : FieldError.of("validation_invlaid_ip_or_subnet", "Invalid IP or CIDR subnet."));
            }
        }
        if (!e.isEmpty()) {
            errors.put(key, e);
        }
    }

    /** True for an IPv4/IPv6 address or CIDR subnet (literal only, no DNS lookups). */
    static boolean isIpOrSubnet(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        String[] parts = value.split("/", -1);
        if (parts.length > 2 || !parts[0].matches("^[0-9a-fA-F:.]+$") || !(parts[0].contains(".") || parts[0].contains(":"))) {
            return false;
        }
        if (!parts[0].contains(":") && !parts[0].matches("^\\d{1,3}(\\.\\d{1,3}){3}$")) {
            return false; // never let a name reach the resolver below
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            if (parts.length == 2) {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= address.getAddress().length * 8;
            }
            return true;
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void section(Map<String, Object> errors, String key, Map<String, Object> sectionErrors) {
        if (!sectionErrors.isEmpty()) {
            errors.put(key, sectionErrors);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static FieldError required() {
        return FieldError.of("validation_required", "Cannot be blank.");
    }

    private static FieldError min(int threshold) {
        return FieldError.of("validation_min_greater_equal_than_required", "Must be no less than " + threshold + ".",
                "threshold", threshold);
    }

    private static FieldError length(int min, int max) {
        return FieldError.of("validation_length_out_of_range", "The length must be between " + min + " and " + max + ".",
                "min", min, "max", max);
    }
}
