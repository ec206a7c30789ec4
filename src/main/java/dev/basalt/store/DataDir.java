package dev.basalt.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data directory in PocketBase's layout: {@code data.db} (collections, records, settings),
 * {@code auxiliary.db} (logs) and {@code storage/} (uploaded files).
 */
public record DataDir(Path root) {

    /** Creates the directory and its {@code storage/} folder when missing. */
    public static DataDir prepare(Path root) {
        try {
            Files.createDirectories(root);
            Files.createDirectories(root.resolve("storage"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + root.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(root)) {
            throw new IllegalStateException("data directory " + root.toAbsolutePath() + " is not writable");
        }
        return new DataDir(root);
    }

    public Path dataDb() {
        return root.resolve("data.db");
    }

    public Path auxiliaryDb() {
        return root.resolve("auxiliary.db");
    }

    public Path storage() {
        return root.resolve("storage");
    }
}
