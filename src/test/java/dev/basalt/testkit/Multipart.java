package dev.basalt.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body built the way browsers' and Node's FormData (and so the
 * PocketBase SDK) build it: plain fields, file parts with a filename and a content type, and the
 * SDK's {@code @jsonPayload} field for non-file values.
 */
public final class Multipart {
    private final String boundary = "----BasaltFormBoundary" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Multipart form() {
        return new Multipart();
    }

    /** A plain text field. */
    public Multipart field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n");
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** The SDK's JSON payload field, merged over the plain fields by the server. */
    public Multipart json(String json) {
        return field("@jsonPayload", json);
    }

    /** A file part. */
    public Multipart file(String name, String filename, String contentType, byte[] content) {
        head("Content-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(filename) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Raw bytes appended as they are (for malformed bodies). */
    public Multipart raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public String boundary() {
        return boundary;
    }

    /** The complete body with the closing boundary. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(out.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return all.toByteArray();
    }

    /** The body without its closing boundary (a truncated upload). */
    public byte[] unterminated() {
        return out.toByteArray();
    }

    private void head(String headers) {
        out.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
    }

    // FormData percent-escapes quotes and line breaks in names (WHATWG multipart/form-data encoding)
    private static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
