package dev.basalt.files;

import dev.basalt.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Files in a local directory (the data directory's {@code storage/}), in PocketBase's layout: each
 * file has a {@code <name>.attrs} JSON sidecar with its content type, MD5 and original name, as
 * PocketBase's file blob driver writes it. Files are written to a temporary name and moved into
 * place, so readers never see partial content.
 */
public final class LocalStorage implements Storage {
    private final Path root;

    public LocalStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The path of a key, refusing keys that would leave the storage root. */
    private Path path(String key) {
        if (key.isEmpty() || key.contains("\0") || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid storage key");
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("invalid storage key");
        }
        return p;
    }

    @Override
    public void put(String key, Path source, String contentType, String originalName) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            writeAttrs(target, tmp, contentType, originalName);
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType, String originalName) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
            Files.write(tmp, content);
            writeAttrs(target, tmp, contentType, originalName);
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeAttrs(Path target, Path content, String contentType, String originalName) throws IOException {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("user.cache_control", "");
        attrs.put("user.content_disposition", "");
        attrs.put("user.content_encoding", "");
        attrs.put("user.content_language", "");
        attrs.put("user.content_type", contentType);
        attrs.put("user.metadata", Map.of("original-filename", originalName == null ? "" : originalName));
        attrs.put("md5", md5(content));
        Files.writeString(target.resolveSibling(target.getFileName() + ".attrs"), Json.write(attrs));
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Path p;
        try {
            p = path(key);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(p) || p.getFileName().toString().endsWith(".attrs")) {
            return Optional.empty();
        }
        try {
            String contentType = "";
            String original = "";
            Path attrs = p.resolveSibling(p.getFileName() + ".attrs");
            if (Files.isRegularFile(attrs)) {
                JsonNode node = Json.parse(Files.readString(attrs));
                contentType = node.path("user.content_type").asString("");
                original = node.path("user.metadata").path("original-filename").asString("");
            }
            return Optional.of(new StoredObject(key, Files.size(p), Files.getLastModifiedTime(p).toInstant(), contentType, original));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        try {
            SeekableByteChannel channel = Files.newByteChannel(path(key), StandardOpenOption.READ);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Path p = path(key);
            Files.deleteIfExists(p);
            Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".attrs"));
            pruneEmptyParents(p.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pruneEmptyParents(Path dir) throws IOException {
        Path d = dir;
        while (d != null && d.startsWith(root) && !d.equals(root)) {
            try (Stream<Path> entries = Files.list(d)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            } catch (NoSuchFileException e) {
                d = d.getParent();
                continue;
            }
            Files.deleteIfExists(d);
            d = d.getParent();
        }
    }

    @Override
    public void deletePrefix(String prefix) {
        for (String key : list(prefix)) {
            delete(key);
        }
        try {
            Path p = root.resolve(prefix).normalize();
            if (p.startsWith(root) && !p.equals(root) && Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(x);
                    }
                }
                pruneEmptyParents(p.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        Path start = root.resolve(prefix).normalize();
        Path dir = Files.isDirectory(start) ? start : start.getParent();
        if (dir == null || !dir.startsWith(root) || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                if (key.startsWith(prefix) && !name.endsWith(".attrs") && !name.startsWith(".tmp-")) {
                    out.add(key);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
