package dev.basalt.collections;

/**
 * The value of a {@code password} field: the stored hash, plus the plain text while a new
 * password is being set (validated, then hashed before the write). The plain text is never
 * stored or exported.
 *
 * @param hash  the stored hash ("" when none)
 * @param plain the new plain password, or "" when unchanged
 */
public record PasswordValue(String hash, String plain) {
    /** The zero value: no password. */
    public static final PasswordValue EMPTY = new PasswordValue("", "");

    public PasswordValue {
        hash = hash == null ? "" : hash;
        plain = plain == null ? "" : plain;
    }

    /** A new plain password (not yet hashed). */
    public static PasswordValue ofPlain(String plain) {
        return new PasswordValue("", plain);
    }

    @Override
    public String toString() {
        return "PasswordValue[***]";
    }
}
