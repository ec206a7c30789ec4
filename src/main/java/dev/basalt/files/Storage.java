package dev.basalt.files;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where uploaded files live: a local directory in PocketBase's layout, or an S3-compatible object
 * store. Keys are {@code <collectionId>/<recordId>/<name>}; thumbnails live under
 * {@code <collectionId>/<recordId>/thumbs_<name>/<size>_<name>}.
 *
 * <p>Implementations are safe for concurrent use. Writes are atomic per key: a reader sees the
 * old content or the new content, never a partial file.
 */
public sealed interface Storage permits LocalStorage, S3Storage {

    /** Stores the content of {@code source} under {@code key}. */
    void put(String key, Path source, String contentType, String originalName);

    /** Stores bytes under {@code key}. */
    void put(String key, byte[] content, String contentType, String originalName);

    /** Metadata of the file, empty when it does not exist. */
    Optional<StoredObject> stat(String key);

    /** Opens {@code length} bytes from {@code offset} ({@code length < 0}: to the end). */
    InputStream open(String key, long offset, long length);

    /** Deletes a file (no error when it does not exist). */
    void delete(String key);

    /** Deletes every file whose key starts with {@code prefix}. */
    void deletePrefix(String prefix);

    /** The keys starting with {@code prefix}. */
    List<String> list(String prefix);
}
