package dev.basalt.files;

import java.time.Instant;

/**
 * Metadata of a stored file.
 *
 * @param key          storage key ({@code <collectionId>/<recordId>/<name>})
 * @param size         bytes
 * @param modified     last modification
 * @param contentType  the content type detected at upload (from the content, not the client)
 * @param originalName the name the file was uploaded with ("" when unknown)
 */
public record StoredObject(String key, long size, Instant modified, String contentType, String originalName) {}
