package dev.basalt.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Copies of the PocketBase fixture data directory (../shared/fixtures/pb_data), never the original. */
public final class Fixture {
    private Fixture() {}

    /** The read-only fixture directory. */
    public static Path source() {
        String configured = System.getProperty("basalt.fixture");
        Path path = configured != null ? Path.of(configured) : Path.of("..", "shared", "fixtures", "pb_data");
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("fixture data directory not found at " + path.toAbsolutePath());
        }
        return path;
    }

    /** A fresh writable copy of the fixture in a new temporary directory. */
    public static Path copy() {
        try {
            Path target = Files.createTempDirectory("basalt-fixture-");
            copyTree(source(), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty temporary directory (for a fresh data directory). */
    public static Path emptyDir() {
        try {
            return Files.createTempDirectory("basalt-empty-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target);
                target.toFile().setWritable(true);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a directory tree, ignoring failures (temporary data). */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
