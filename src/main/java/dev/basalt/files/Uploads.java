package dev.basalt.files;

import dev.basalt.collections.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns received bytes into an {@link Upload}: content type sniffed from the bytes, PocketBase's stored name. */
public final class Uploads {
    private Uploads() {}

    /**
     * An upload for a temporary file that already holds the complete content. The content type
     * comes from the bytes, never from the client's claim.
     */
    public static Upload fromTempFile(Path content, String originalName) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(content)) {
            head = in.readNBytes(ContentTypes.SNIFF_LENGTH);
        }
        String contentType = ContentTypes.detect(head);
        String stored = FileNames.normalize(originalName, FileNames.extensionFor(contentType));
        return new Upload(stored, originalName, Files.size(content), contentType, content);
    }
}
