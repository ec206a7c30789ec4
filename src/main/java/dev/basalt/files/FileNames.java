package dev.basalt.files;

import dev.basalt.util.Ids;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Stored file names in PocketBase's scheme: {@code snake_case(name)_<10 random chars><ext>}, e.g.
 * {@code "My Photo.JPG"} → {@code my_photo_Ab3dE5fGh1.JPG}. Whatever the client sends, the result
 * holds only word characters, dots and a few safe symbols, never a path separator.
 */
public final class FileNames {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern EXT_INVALID = Pattern.compile("[^\\w.*\\-+=#]+");
    private static final Pattern SPLIT = Pattern.compile("[^0-9A-Za-z]+");

    private FileNames() {}

    /** A new stored name for an uploaded file ({@code fallbackExt} when the name has none, e.g. ".png"). */
    public static String normalize(String originalName, String fallbackExt) {
        String name = originalName == null ? "" : originalName;
        name = name.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.length() > 300) {
            name = name.substring(name.length() - 300);
        }
        String ext = extension(name);
        String cleanExt = "." + trimDots(EXT_INVALID.matcher(ext).replaceAll(""));
        if (cleanExt.equals(".")) {
            cleanExt = fallbackExt == null ? "" : fallbackExt;
        }
        if (cleanExt.length() > 20) {
            cleanExt = "." + trimDots(cleanExt.substring(cleanExt.length() - 20));
        }
        String base = snakecase(trimDots(name.substring(0, name.length() - ext.length())));
        if (base.length() < 3) {
            base = base + Ids.random(10, ALPHABET);
        } else if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        return base + "_" + Ids.random(10, ALPHABET) + cleanExt;
    }

    /** The extension from the second-to-last dot if there is one, else from the last dot ("" when none). */
    static String extension(String name) {
        int last = name.lastIndexOf('.');
        if (last < 0) {
            return "";
        }
        int previous = last == 0 ? -1 : name.lastIndexOf('.', last - 1);
        return name.substring(previous >= 0 ? previous : last);
    }

    private static String trimDots(String s) {
        return s.replaceAll("^\\.+|\\.+$", "");
    }

    /** PocketBase's inflector.Snakecase. */
    static String snakecase(String s) {
        StringBuilder out = new StringBuilder();
        for (String word : SPLIT.split(s)) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('_');
            }
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(word.charAt(i - 1))) {
                    out.append('_');
                }
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The extension to use for a detected content type when the original name has none. */
    public static String extensionFor(String contentType) {
        return switch (ContentTypes.base(contentType)) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            case "image/svg+xml" -> ".svg";
            case "application/pdf" -> ".pdf";
            case "text/plain" -> ".txt";
            case "application/json" -> ".json";
            case "text/html" -> ".html";
            default -> "";
        };
    }
}
