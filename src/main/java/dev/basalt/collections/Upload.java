package dev.basalt.collections;

import java.nio.file.Path;

/**
 * A file received with a request, not yet stored.
 *
 * @param name         the generated stored name (becomes the field value)
 * @param originalName the name the client sent
 * @param size         bytes
 * @param contentType  detected from the content
 * @param content      temporary file holding the bytes
 */
public record Upload(String name, String originalName, long size, String contentType, Path content) {}
