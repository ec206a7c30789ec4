package dev.basalt.collections;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Email, URL and domain format checks (the subset of govalidator's rules PocketBase uses). */
public final class Formats {
    private static final Pattern EMAIL = Pattern.compile(
            "^[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([\\p{L}\\p{N}]([\\p{L}\\p{N}_~-]*[\\p{L}\\p{N}])?\\.)+\\p{L}([\\p{L}\\p{N}_~-]*[\\p{L}\\p{N}])?\\.?$");
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-zA-Z]{1,63}|xn--[a-z0-9]{1,59})$");
    private static final Pattern URL = Pattern.compile(
            "^((ftp|tcp|udp|wss?|https?)://)?(\\S+(:\\S*)?@)?"
                    + "(\\[[0-9a-fA-F:.]+]|[\\p{L}\\p{N}_-]+(\\.[\\p{L}\\p{N}_-]+)*\\.?)"
                    + "(:\\d{1,5})?([/?#]\\S*)?$");

    private Formats() {}

    /** True for a syntactically valid email address (no DNS lookup). */
    public static boolean isEmail(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at > 64 || value.length() - at - 1 > 255) {
            return false;
        }
        return EMAIL.matcher(value).matches();
    }

    /** The domain part of an email address (after the last {@code @}). */
    public static String emailDomain(String email) {
        return email.substring(email.lastIndexOf('@') + 1);
    }

    /** True for a valid DNS domain name. */
    public static boolean isDomain(String value) {
        return value.length() <= 255 && DOMAIN.matcher(value).matches();
    }

    /** True for a URL PocketBase accepts (scheme optional, but then the host needs a dot). */
    public static boolean isUrl(String value) {
        if (value.length() <= 3 || value.length() >= 2083 || value.startsWith(".")) {
            return false;
        }
        if (!URL.matcher(value).matches()) {
            return false;
        }
        if (!value.contains("://")) {
            String host = value.split("[/?#:]", 2)[0];
            return host.contains(".");
        }
        return urlHost(value) != null;
    }

    /** The host (with port) of a URL with a scheme, or "" for scheme-less values, null if unparsable. */
    public static String urlHost(String value) {
        if (!value.contains("://")) {
            return "";
        }
        try {
            URI uri = new URI(value);
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return null;
            }
            int at = authority.lastIndexOf('@');
            return at >= 0 ? authority.substring(at + 1) : authority;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
