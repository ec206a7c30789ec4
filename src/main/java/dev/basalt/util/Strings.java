package dev.basalt.util;

import java.util.Locale;

/** Small text helpers shared by every package. */
public final class Strings {
    private Strings() {}

    /**
     * PocketBase's "sentenize": capitalises the first letter and ends the text with a period unless
     * it already ends with punctuation. Error messages go through this before they are sent.
     */
    public static String sentenize(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return s;
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        char last = s.charAt(s.length() - 1);
        if (last != '.' && last != '?' && last != '!') {
            s = s + ".";
        }
        return s;
    }

    /** ASCII lower-casing that does not depend on the default locale. */
    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** True when {@code text} is null or empty. */
    public static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }
}
