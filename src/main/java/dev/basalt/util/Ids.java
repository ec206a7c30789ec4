package dev.basalt.util;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Identifier and random-string generation with PocketBase's formats.
 *
 * <p>Record ids are 15 characters of {@code [a-z0-9]}; collection ids are {@code pbc_} followed by
 * the decimal CRC-32 of the collection type and name, so the same collection created on two
 * servers gets the same id. Every random value comes from one {@link SecureRandom}.
 */
public final class Ids {
    /** The alphabet of record ids. */
    public static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** The alphabet of token keys and secrets. */
    public static final String SECRET_ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    /** Default length of record ids. */
    public static final int RECORD_ID_LENGTH = 15;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A new 15-character record id. */
    public static String recordId() {
        return random(RECORD_ID_LENGTH, ID_ALPHABET);
    }

    /** A random string of {@code length} characters taken from {@code alphabet}. */
    public static String random(int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A random string of letters, digits and underscore (token keys, secrets). */
    public static String secret(int length) {
        return random(length, SECRET_ALPHABET);
    }

    /** The unsigned CRC-32 (IEEE) of the UTF-8 bytes of {@code text}, as a decimal string. */
    public static String crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue());
    }

    /** The id PocketBase derives for a collection of this type and name. */
    public static String collectionId(String type, String name) {
        return "pbc_" + crc32(type + name);
    }

    /** Random bytes, for salts and keys. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
