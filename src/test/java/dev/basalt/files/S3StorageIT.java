package dev.basalt.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.S3Client;
import dev.basalt.testkit.S3Server;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link S3Storage} against a real S3-compatible server ({@link S3Server}: S3Proxy with SigV4
 * authentication): the storage operations directly, files through a running Basalt whose settings
 * point at the bucket, and {@code POST /api/settings/test/s3}. What is in the bucket is checked
 * with an independent client ({@link S3Client}).
 */
class S3StorageIT {
    private static S3Server s3;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    static S3Storage.Config config(String bucket) {
        return new S3Storage.Config(s3.endpoint(), bucket, s3.region(), s3.accessKey(), s3.secret(), true);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int w, int h, Color from, Color to) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, w, h, to));
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The storage operations, one fresh bucket per test. */
    @Nested
    class Operations {
        String bucket;
        S3Storage storage;
        S3Client direct;

        @BeforeEach
        void bucket() {
            bucket = s3.createBucket();
            storage = new S3Storage(config(bucket));
            direct = s3.client();
        }

        @Test
        void binaryRoundTripKeepsContentTypeAndOriginalName() {
            byte[] content = new byte[256 + 200_000];
            for (int i = 0; i < 256; i++) {
                content[i] = (byte) i;
            }
            System.arraycopy(randomBytes(200_000, 1), 0, content, 256, 200_000);
            storage.put("col/rec/photo_abc.png", content, "image/png", "My Photo.png");

            StoredObject o = storage.stat("col/rec/photo_abc.png").orElseThrow();
            assertThat(o.key()).isEqualTo("col/rec/photo_abc.png");
            assertThat(o.size()).isEqualTo(content.length);
            assertThat(o.contentType()).isEqualTo("image/png");
            assertThat(o.originalName()).isEqualTo("My Photo.png");
            assertThat(o.modified()).isCloseTo(Instant.now(), within(2, ChronoUnit.MINUTES));
            assertThat(read(storage.open("col/rec/photo_abc.png", 0, -1))).isEqualTo(content);

            S3Client.Fetched raw = direct.get(bucket, "col/rec/photo_abc.png").orElseThrow();
            assertThat(raw.content()).isEqualTo(content);
            assertThat(raw.contentType()).isEqualTo("image/png");
        }

        @Test
        void putFromFileStreamsTheFile() throws IOException {
            Path file = Files.createTempFile("basalt-s3-", ".bin");
            try {
                byte[] content = randomBytes(3 * 1024 * 1024 + 17, 2);
                Files.write(file, content);
                storage.put("col/rec/big.bin", file, "application/octet-stream", "big.bin");
                assertThat(storage.stat("col/rec/big.bin").orElseThrow().size()).isEqualTo(content.length);
                assertThat(read(storage.open("col/rec/big.bin", 0, -1))).isEqualTo(content);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Test
        void emptyObject() {
            storage.put("col/rec/empty.txt", new byte[0], "text/plain", "");
            assertThat(storage.stat("col/rec/empty.txt").orElseThrow().size()).isZero();
            assertThat(storage.stat("col/rec/empty.txt").orElseThrow().originalName()).isEmpty();
            assertThat(read(storage.open("col/rec/empty.txt", 0, -1))).isEmpty();
            assertThat(read(storage.open("col/rec/empty.txt", 0, 0))).isEmpty();
        }

        @Test
        void rangeReads() {
            byte[] content = randomBytes(10_000, 3);
            storage.put("col/rec/data.bin", content, "application/octet-stream", "data.bin");
            assertThat(read(storage.open("col/rec/data.bin", 10, 20))).isEqualTo(Arrays.copyOfRange(content, 10, 30));
            assertThat(read(storage.open("col/rec/data.bin", 0, 1))).isEqualTo(Arrays.copyOfRange(content, 0, 1));
            assertThat(read(storage.open("col/rec/data.bin", 9_000, -1))).isEqualTo(Arrays.copyOfRange(content, 9_000, 10_000));
            assertThat(read(storage.open("col/rec/data.bin", 9_997, 100))).isEqualTo(Arrays.copyOfRange(content, 9_997, 10_000));
            assertThat(read(storage.open("col/rec/data.bin", 500, 0))).isEmpty();
            assertThat(read(storage.open("col/rec/data.bin", 20_000, -1))).isEmpty();
        }

        @Test
        void overwriteReplacesContentAndType() {
            storage.put("col/rec/f", "one".getBytes(StandardCharsets.UTF_8), "text/plain", "a.txt");
            storage.put("col/rec/f", "{\"two\":2}".getBytes(StandardCharsets.UTF_8), "application/json", "b.json");
            StoredObject o = storage.stat("col/rec/f").orElseThrow();
            assertThat(o.contentType()).isEqualTo("application/json");
            assertThat(o.originalName()).isEqualTo("b.json");
            assertThat(new String(read(storage.open("col/rec/f", 0, -1)), StandardCharsets.UTF_8)).isEqualTo("{\"two\":2}");
        }

        @Test
        void missingKeys() {
            assertThat(storage.stat("col/rec/nope.txt")).isEmpty();
            assertThatThrownBy(() -> storage.open("col/rec/nope.txt", 0, -1))
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
            storage.delete("col/rec/nope.txt");
            storage.deletePrefix("col/nothing/");
            assertThat(storage.list("col/")).isEmpty();
        }

        @Test
        void deleteRemovesTheObject() {
            storage.put("col/rec/a.txt", "a".getBytes(StandardCharsets.UTF_8), "text/plain", "a.txt");
            assertThat(storage.stat("col/rec/a.txt")).isPresent();
            storage.delete("col/rec/a.txt");
            assertThat(storage.stat("col/rec/a.txt")).isEmpty();
            assertThat(direct.get(bucket, "col/rec/a.txt")).isEmpty();
        }

        @Test
        void namesWithSpacesUnicodeAndReservedCharacters() {
            List<String> keys = List.of(
                    "col/rec/with space (1).txt",
                    "col/rec/ünïcødé 日本語 😀.png",
                    "col/rec/a+b&c=d%20e~!*'@$,;.txt",
                    "col/rec/thumbs_x.png/50x50_x.png",
                    "col/rec/<tag> \"quoted\".txt");
            for (String key : keys) {
                storage.put(key, key.getBytes(StandardCharsets.UTF_8), "text/plain", "résumé 2024 +final & co.pdf");
            }
            for (String key : keys) {
                StoredObject o = storage.stat(key).orElseThrow(() -> new AssertionError("no " + key));
                assertThat(o.originalName()).isEqualTo("résumé 2024 +final & co.pdf");
                assertThat(read(storage.open(key, 0, -1))).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(storage.list("col/rec/")).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(direct.list(bucket, "col/rec/")).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(storage.list("col/rec/ünïcødé")).containsExactly("col/rec/ünïcødé 日本語 😀.png");
            storage.deletePrefix("col/rec/");
            assertThat(direct.list(bucket, "")).isEmpty();
        }

        @Test
        void listAndDeletePrefixStayInsideThePrefix() {
            List<String> record1 = List.of("c1/r1/a.png", "c1/r1/b.txt", "c1/r1/thumbs_a.png/50x50_a.png");
            List<String> others = List.of("c1/r10/a.png", "c1/r2/a.png", "c2/r1/a.png");
            Stream.concat(record1.stream(), others.stream())
                    .forEach(k -> storage.put(k, k.getBytes(StandardCharsets.UTF_8), "text/plain", ""));

            assertThat(storage.list("c1/r1/")).containsExactlyInAnyOrderElementsOf(record1);
            assertThat(storage.list("")).hasSize(6);
            storage.deletePrefix("c1/r1/thumbs_a.png/");
            assertThat(direct.list(bucket, "c1/r1/")).containsExactlyInAnyOrder("c1/r1/a.png", "c1/r1/b.txt");
            storage.deletePrefix("c1/r1/");
            assertThat(direct.list(bucket, "")).containsExactlyInAnyOrderElementsOf(others);
        }

        @Test
        void listingFollowsContinuationPages() {
            S3Storage paged = new S3Storage(config(bucket), 2);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                keys.add("col/rec/file_" + i + ".txt");
                paged.put(keys.get(i), new byte[] {(byte) i}, "text/plain", "");
            }
            assertThat(paged.list("col/")).containsExactlyInAnyOrderElementsOf(keys);
            paged.deletePrefix("col/rec/");
            assertThat(direct.list(bucket, "")).isEmpty();
        }

        @Test
        void connectionTestWritesAndRemovesItsObject() {
            storage.test();
            assertThat(direct.list(bucket, "")).isEmpty();
        }

        @Test
        void wrongSecretIsAClearErrorNotAHang() {
            S3Storage wrong = new S3Storage(new S3Storage.Config(s3.endpoint(), bucket, s3.region(), s3.accessKey(), "wrong-secret", true));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThatThrownBy(() -> wrong.put("col/rec/x.txt", new byte[] {1}, "text/plain", ""))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("PUT col/rec/x.txt").hasMessageContaining("403").hasMessageContaining("SignatureDoesNotMatch");
                assertThatThrownBy(() -> wrong.list("")).isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
                // a refused HEAD must not look like a missing file
                assertThatThrownBy(() -> wrong.stat("col/rec/x.txt")).isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
                assertThatThrownBy(wrong::test).hasMessageStartingWith("failed to upload a test file:").hasMessageContaining("SignatureDoesNotMatch");
            });
            assertThat(direct.list(bucket, "")).isEmpty();
        }

        @Test
        void unknownAccessKeyIsRefused() {
            S3Storage wrong = new S3Storage(new S3Storage.Config(s3.endpoint(), bucket, s3.region(), "nobody", s3.secret(), true));
            assertThatThrownBy(() -> wrong.put("k", new byte[] {1}, "text/plain", ""))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
        }

        @Test
        void missingBucketIsAnError() {
            S3Storage missing = new S3Storage(config("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8)));
            assertThatThrownBy(() -> missing.list("")).isInstanceOf(IllegalStateException.class).hasMessageContaining("NoSuchBucket");
            assertThatThrownBy(() -> missing.put("k", new byte[] {1}, "text/plain", "")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("404");
        }

        @Test
        void unreachableEndpointFailsFast() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            S3Storage nowhere = new S3Storage(new S3Storage.Config("http://127.0.0.1:" + closedPort, bucket, s3.region(),
                    s3.accessKey(), s3.secret(), true));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThatThrownBy(() -> nowhere.stat("k")).isInstanceOf(UncheckedIOException.class).hasMessageContaining("HEAD"));
        }

        @Test
        void endpointWithTrailingSlash() {
            S3Storage slash = new S3Storage(new S3Storage.Config(s3.endpoint() + "/", bucket, s3.region(), s3.accessKey(), s3.secret(), true));
            slash.put("col/rec/s.txt", new byte[] {7}, "text/plain", "");
            assertThat(direct.get(bucket, "col/rec/s.txt")).isPresent();
        }
    }

    /** Files of records through a running Basalt whose {@code s3} settings point at the bucket. */
    @Nested
    class ThroughTheServer {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        TestServer server;
        String bucket;
        S3Client direct;
        String collectionId;

        @BeforeEach
        void start() {
            server = TestServer.fixture();
            bucket = s3.createBucket();
            direct = s3.client();
            Response settings = server.send("PATCH", "/api/settings", server.superuserToken(), Json.write(Map.of("s3", Map.of(
                    "enabled", true, "bucket", bucket, "region", s3.region(), "endpoint", s3.endpoint(),
                    "accessKey", s3.accessKey(), "secret", s3.secret(), "forcePathStyle", true))), Map.of());
            assertThat(settings.status()).as(settings.body()).isEqualTo(200);
            assertThat(settings.body()).contains("\"enabled\":true").doesNotContain(s3.secret());
            Response created = server.send("POST", "/api/collections", server.superuserToken(), """
                    {"name":"s3files","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
                     "fields":[{"name":"title","type":"text"},
                               {"name":"doc","type":"file","maxSelect":5,"maxSize":10485760,"thumbs":["50x50"]}]}""", Map.of());
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            collectionId = created.json().path("id").asString();
        }

        @AfterEach
        void stop() {
            server.close();
        }

        HttpResponse<byte[]> request(HttpRequest.Builder b) {
            try {
                return CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** A real multipart/form-data request, as a browser sends it. */
        JsonNode upload(String title, Map<String, byte[]> files) {
            String boundary = "----basalt" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            files.forEach((name, content) -> {
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.writeBytes(content);
                body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            });
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> r = request(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/collections/s3files/records"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
            String text = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(text).isEqualTo(200);
            return Json.parse(text);
        }

        HttpResponse<byte[]> download(String recordId, String name, String query, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/files/s3files/" + recordId + "/" + name + query));
            headers.forEach(b::header);
            return request(b);
        }

        String storedName(JsonNode record, String suffix) {
            for (JsonNode n : record.path("doc")) {
                if (n.asString().endsWith(suffix)) {
                    return n.asString();
                }
            }
            throw new AssertionError("no stored file ending in " + suffix + " in " + record);
        }

        @Test
        void uploadDownloadRangeThumbnailAndDelete() throws IOException {
            byte[] image = png(200, 120, Color.BLUE, Color.ORANGE);
            byte[] data = randomBytes(70_000, 4);
            JsonNode record = upload("hello", Map.of("pic one.png", image, "data.bin", data));
            String id = record.path("id").asString();
            String pngName = storedName(record, ".png");
            String binName = storedName(record, ".bin");
            String prefix = collectionId + "/" + id + "/";

            // stored in the bucket, not in the data directory
            assertThat(direct.list(bucket, prefix)).containsExactlyInAnyOrder(prefix + pngName, prefix + binName);
            assertThat(direct.get(bucket, prefix + pngName).orElseThrow().content()).isEqualTo(image);
            assertThat(direct.get(bucket, prefix + pngName).orElseThrow().contentType()).isEqualTo("image/png");
            assertThat(server.dir().resolve("storage").resolve(collectionId)).doesNotExist();

            HttpResponse<byte[]> whole = download(id, pngName, "", Map.of());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(image);
            assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(whole.headers().firstValue("Content-Length")).hasValue(Integer.toString(image.length));

            HttpResponse<byte[]> bin = download(id, binName, "", Map.of());
            assertThat(bin.statusCode()).isEqualTo(200);
            assertThat(bin.body()).isEqualTo(data);
            assertThat(bin.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

            HttpResponse<byte[]> range = download(id, binName, "", Map.of("Range", "bytes=100-1099"));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 100-1099/70000");
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, 100, 1100));

            HttpResponse<byte[]> suffix = download(id, binName, "", Map.of("Range", "bytes=-10"));
            assertThat(suffix.statusCode()).isEqualTo(206);
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 69_990, 70_000));

            // thumbnail: made from the object in the bucket and stored next to it
            HttpResponse<byte[]> thumb = download(id, pngName, "?thumb=50x50", Map.of());
            assertThat(thumb.statusCode()).isEqualTo(200);
            assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/png");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumb.body()));
            assertThat(decoded.getWidth()).isEqualTo(50);
            assertThat(decoded.getHeight()).isEqualTo(50);
            String thumbKey = prefix + "thumbs_" + pngName + "/50x50_" + pngName;
            assertThat(direct.list(bucket, prefix)).contains(thumbKey);
            assertThat(direct.get(bucket, thumbKey).orElseThrow().content()).isEqualTo(thumb.body());

            // reused, not made again: a marker put in its place is what the next request gets
            byte[] marker = png(50, 50, Color.RED, Color.RED);
            direct.put(bucket, thumbKey, marker, "image/png");
            assertThat(download(id, pngName, "?thumb=50x50", Map.of()).body()).isEqualTo(marker);

            // a size the field does not allow serves the original
            assertThat(download(id, pngName, "?thumb=20x20", Map.of()).body()).isEqualTo(image);

            // removing the file from the record removes it and its thumbnails
            Response updated = server.send("PATCH", "/api/collections/s3files/records/" + id, null,
                    Json.write(Map.of("doc-", List.of(pngName))), Map.of());
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(direct.list(bucket, prefix)).containsExactly(prefix + binName);
            assertThat(download(id, pngName, "", Map.of()).statusCode()).isEqualTo(404);

            // deleting the record removes everything under it
            Response deleted = server.send("DELETE", "/api/collections/s3files/records/" + id, null, null, Map.of());
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
            assertThat(direct.list(bucket, prefix)).isEmpty();
            assertThat(direct.list(bucket, "")).isEmpty();
        }

        @Test
        void missingObjectIsA404() {
            JsonNode record = upload("gone", Map.of("note.txt", "hello s3".getBytes(StandardCharsets.UTF_8)));
            String id = record.path("id").asString();
            String name = storedName(record, ".txt");
            HttpResponse<byte[]> ok = download(id, name, "", Map.of());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("hello s3");
            new S3Storage(config(bucket)).delete(collectionId + "/" + id + "/" + name);
            assertThat(download(id, name, "", Map.of()).statusCode()).isEqualTo(404);
        }
    }

    /** {@code POST /api/settings/test/s3}. */
    @Nested
    class SettingsTest {
        TestServer server;
        String bucket;

        @BeforeEach
        void start() {
            server = TestServer.fixture();
            bucket = s3.createBucket();
        }

        @AfterEach
        void stop() {
            server.close();
        }

        Response test(String body) {
            return server.send("POST", "/api/settings/test/s3", server.superuserToken(), body, Map.of());
        }

        void configure(String section, String secret) {
            Map<String, Object> s3Settings = Map.of("enabled", true, "bucket", bucket, "region", s3.region(), "endpoint", s3.endpoint(),
                    "accessKey", s3.accessKey(), "secret", secret, "forcePathStyle", true);
            Object patch = section.equals("backups") ? Map.of("backups", Map.of("s3", s3Settings)) : Map.of("s3", s3Settings);
            Response r = server.send("PATCH", "/api/settings", server.superuserToken(), Json.write(patch), Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }

        @Test
        void onlySuperusers() {
            assertThat(server.send("POST", "/api/settings/test/s3", null, "{\"filesystem\":\"storage\"}", Map.of()).status()).isEqualTo(401);
            String user = server.token("users", "test@example.com");
            Response r = server.send("POST", "/api/settings/test/s3", user, "{\"filesystem\":\"storage\"}", Map.of());
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("\"data\":{}");
        }

        @Test
        void validation() {
            Response missing = test("{}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().path("message").asString()).isEqualTo("Failed to test the S3 filesystem.");
            assertThat(missing.json().path("data").path("filesystem").path("code").asString()).isEqualTo("validation_required");

            Response invalid = test("{\"filesystem\":\"invalid\"}");
            assertThat(invalid.status()).isEqualTo(400);
            assertThat(invalid.json().path("data").path("filesystem").path("code").asString()).isEqualTo("validation_in_invalid");

            Response malformed = test("{");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().path("message").asString()).isEqualTo("An error occurred while loading the submitted data.");
            assertThat(malformed.body()).contains("\"data\":{}");
        }

        @Test
        void notEnabled() {
            Response r = test("{\"filesystem\":\"storage\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("status").asInt()).isEqualTo(400);
            assertThat(r.json().path("message").asString())
                    .startsWith("Failed to test the S3 filesystem. Raw error:").contains("S3 storage filesystem is not enabled");
            assertThat(r.body()).contains("\"data\":{}");
        }

        @Test
        void storageBucketReachable() {
            configure("storage", s3.secret());
            Response r = test("{\"filesystem\":\"storage\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertThat(s3.client().list(bucket, "")).as("the test object is removed again").isEmpty();
            // the backups bucket is configured separately and still off
            assertThat(test("{\"filesystem\":\"backups\"}").status()).isEqualTo(400);
        }

        @Test
        void backupsBucketReachable() {
            configure("backups", s3.secret());
            Response r = test("{\"filesystem\":\"backups\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(204);
            assertThat(s3.client().list(bucket, "")).isEmpty();
        }

        @Test
        void wrongSecret() {
            configure("storage", "not-the-secret");
            Response r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> test("{\"filesystem\":\"storage\"}"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("status").asInt()).isEqualTo(400);
            assertThat(r.json().path("message").asString())
                    .startsWith("Failed to test the S3 filesystem. Raw error: \nfailed to upload a test file:")
                    .contains("403", "SignatureDoesNotMatch");
            assertThat(r.body()).contains("\"data\":{}").doesNotContain("not-the-secret");
        }
    }
}
