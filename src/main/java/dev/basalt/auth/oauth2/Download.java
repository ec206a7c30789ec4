package dev.basalt.auth.oauth2;

/**
 * A file fetched by {@link OAuth2Client#downloadAvatar}.
 *
 * <p>Guarantees: {@code bytes} holds the complete body (never truncated: a body over the limit is
 * an error, not a short file); {@code fileName} is the last {@code /}-separated segment of the
 * requested URL as Go's {@code path.Base} takes it (query included, e.g. {@code "a.png?s=96"}; the
 * file store normalises names); {@code contentType} is the response's {@code Content-Type}, or ""
 * when absent. The array is not copied: callers must not modify it.
 */
public record Download(byte[] bytes, String fileName, String contentType) {
    @Override
    public String toString() {
        return "Download[" + bytes.length + " bytes, fileName=" + fileName + ", contentType=" + contentType + "]";
    }
}
