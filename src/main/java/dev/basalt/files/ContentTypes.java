package dev.basalt.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Content type detection from the bytes of a file (never from what the client claims), with the
 * names PocketBase's detector uses ({@code text/plain; charset=utf-8}, {@code image/svg+xml}, ...).
 */
public final class ContentTypes {
    /** How many leading bytes detection looks at. */
    public static final int SNIFF_LENGTH = 3072;
    /** Types shown inline by browsers (exact match against the stored type, as PocketBase compares). */
    public static final Set<String> INLINE_EXACT = Set.of("image/png", "image/jpg", "image/jpeg", "image/gif", "image/webp",
            "image/x-icon", "image/bmp", "video/webm", "video/mp4", "video/3gpp", "video/quicktime", "video/x-ms-wmv",
            "audio/basic", "audio/aiff", "audio/mpeg", "audio/midi", "audio/mp3", "audio/wave", "audio/wav", "audio/x-wav",
            "audio/x-mpeg", "audio/x-m4a", "audio/aac", "application/pdf", "application/x-pdf");

    private ContentTypes() {}

    /** The detected content type of a file starting with {@code head}. */
    public static String detect(byte[] head) {
        byte[] h = head.length > SNIFF_LENGTH ? Arrays.copyOf(head, SNIFF_LENGTH) : head;
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(h, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsText(h, "GIF87a") || startsText(h, "GIF89a")) {
            return "image/gif";
        }
        if (startsText(h, "RIFF") && h.length >= 12) {
            String kind = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (kind) {
                case "WEBP" -> "image/webp";
                case "WAVE" -> "audio/wav";
                case "AVI " -> "video/x-msvideo";
                default -> "application/octet-stream";
            };
        }
        if (startsText(h, "BM") && h.length > 14) {
            return "image/bmp";
        }
        if (starts(h, 0x00, 0x00, 0x01, 0x00)) {
            return "image/x-icon";
        }
        if (starts(h, 'I', 'I', 0x2A, 0x00) || starts(h, 'M', 'M', 0x00, 0x2A)) {
            return "image/tiff";
        }
        if (startsText(h, "%PDF-")) {
            return "application/pdf";
        }
        if (starts(h, 'P', 'K', 0x03, 0x04)) {
            return "application/zip";
        }
        if (starts(h, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(h, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (h.length >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
            String brand = new String(h, 8, 4, StandardCharsets.ISO_8859_1);
            return brand.startsWith("qt") ? "video/quicktime" : brand.startsWith("M4A") ? "audio/x-m4a"
                    : brand.startsWith("3gp") ? "video/3gpp" : brand.startsWith("avif") ? "image/avif" : "video/mp4";
        }
        if (startsText(h, "ID3") || starts(h, 0xFF, 0xFB) || starts(h, 0xFF, 0xF3) || starts(h, 0xFF, 0xF2)) {
            return "audio/mpeg";
        }
        if (startsText(h, "OggS")) {
            return "audio/ogg";
        }
        if (!isUtf8(h)) {
            return "application/octet-stream";
        }
        String text = new String(h, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("<svg") || ((text.startsWith("<?xml") || text.startsWith("<!--")) && text.contains("<svg"))) {
            return "image/svg+xml";
        }
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<head") || text.startsWith("<body")
                || text.startsWith("<script")) {
            return "text/html; charset=utf-8";
        }
        if (text.startsWith("<?xml")) {
            return "text/xml; charset=utf-8";
        }
        if ((text.startsWith("{") || text.startsWith("[")) && looksJson(text)) {
            return "application/json";
        }
        return "text/plain; charset=utf-8";
    }

    private static boolean looksJson(String text) {
        try {
            dev.basalt.util.Json.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isUtf8(byte[] h) {
        for (byte b : h) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(trimPartial(h)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Drops a multi-byte character cut off at the end of the sniffed prefix. */
    private static byte[] trimPartial(byte[] h) {
        int end = h.length;
        for (int i = 1; i <= 3 && end - i >= 0; i++) {
            int b = h[end - i] & 0xFF;
            if ((b & 0xC0) == 0xC0) {
                return Arrays.copyOf(h, end - i);
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return h;
    }

    private static boolean starts(byte[] h, int... prefix) {
        if (h.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((h[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsText(byte[] h, String prefix) {
        return starts(h, prefix.chars().toArray());
    }

    /** The type without parameters, lower case ({@code text/plain; charset=utf-8} → {@code text/plain}). */
    public static String base(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** True when a file of {@code detected} type satisfies one of the allowed types (aliases and parents count). */
    public static boolean matches(String detected, List<String> allowed) {
        String d = base(detected);
        for (String a : allowed) {
            String x = base(a);
            if (x.equals(d) || (x.equals("image/jpg") && d.equals("image/jpeg")) || (x.equals("image/jpeg") && d.equals("image/jpg"))
                    || (x.equals("text/plain") && d.startsWith("text/")) || (x.equals("application/octet-stream"))) {
                return true;
            }
        }
        return false;
    }

    /** True when browsers may show this type inline; everything else is served as an attachment. */
    public static boolean inline(String contentType) {
        return INLINE_EXACT.contains(contentType);
    }
}
