package dev.basalt.rest;

import dev.basalt.collections.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A decoded request body: the data (JSON, form values typed as PocketBase types them, with
 * {@code @jsonPayload} merged on top) and the uploaded files by part name. The files are
 * temporary and deleted by {@link #close()}.
 */
record RequestBody(Map<String, Object> data, Map<String, List<Upload>> files) implements AutoCloseable {
    /** This process's folder for uploads in flight (one place to look at, and to clean). */
    static final java.nio.file.Path TEMP_DIR = createTempDir();

    private static java.nio.file.Path createTempDir() {
        try {
            java.nio.file.Path dir = Files.createTempDirectory("basalt-uploads-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary folder for uploads", e);
        }
    }

    @Override
    public void close() {
        for (List<Upload> uploads : files.values()) {
            for (Upload u : uploads) {
                try {
                    Files.deleteIfExists(u.content());
                } catch (IOException ignored) {
                    // temporary file: the OS cleans its temp directory eventually
                }
            }
        }
    }
}
