package dev.basalt.auth.oauth2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code net/url} query encoding, byte for byte: {@code url.QueryEscape} keeps only
 * {@code A-Z a-z 0-9 - _ . ~}, writes a space as {@code +} and everything else as upper-case
 * {@code %XX} of its UTF-8 bytes; {@code url.Values.Encode} sorts by key. Java's
 * {@link java.net.URLEncoder} differs ({@code *} kept, {@code ~} escaped), which would change the
 * auth URLs PocketBase clients compare and sign.
 */
final class GoQuery {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GoQuery() {}

    /** {@code url.QueryEscape}. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** {@code url.Values.Encode} of single-valued parameters: {@code k=v} pairs sorted by key. */
    static String encode(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(escape(e.getKey())).append('=').append(escape(e.getValue()));
        }
        return out.toString();
    }

    /**
     * Parses a form-encoded body, keeping the first value of each key (Go's {@code Values.Get}).
     *
     * @throws IllegalArgumentException on a malformed escape
     */
    static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(key, value);
        }
        return out;
    }
}
