package dev.basalt.auth.oauth2;

import dev.basalt.util.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Apple sends the user's name once, as the {@code user} form field of its {@code form_post} to the
 * redirect URL, and never in the id_token. PocketBase's {@code /api/oauth2-redirect} keeps it for a
 * minute under {@code "@redirect_name_" + code}, and {@code auth-with-oauth2} uses it when the
 * provider returned no name (pb-auth.md §1.5 step 9, §6.1 step 6).
 */
public final class AppleRedirect {
    /** The store key prefix; the full key is this plus the authorization code. */
    public static final String NAME_KEY_PREFIX = "@redirect_name_";
    /** Keys longer than this are not stored (a guard against huge codes). */
    public static final int MAX_KEY_LENGTH = 1000;
    /** The stored name is cut to this many UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 150;

    private AppleRedirect() {}

    /**
     * The full name in Apple's {@code user} JSON ({@code {"name":{"firstName":…,"lastName":…}}}):
     * {@code "first last"} cut to {@value #MAX_NAME_BYTES} UTF-8 bytes and then trimmed.
     *
     * <p>Guarantees: never null; "" for empty, malformed or nameless input. The cut never splits a
     * character (PocketBase cuts raw bytes and may leave half a character; here the partial
     * character is dropped instead).
     */
    public static String name(String userJson) {
        if (userJson == null || userJson.isEmpty()) {
            return "";
        }
        JsonNode name;
        try {
            name = Json.parse(userJson).path("name");
        } catch (JacksonException e) {
            return "";
        }
        String full = text(name.get("firstName")) + " " + text(name.get("lastName"));
        return cut(full, MAX_NAME_BYTES).strip();
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : "";
    }

    private static String cut(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
