package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.collections.AuthOptions;
import dev.basalt.records.Record;
import dev.basalt.testkit.Images;
import dev.basalt.testkit.Multipart;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * File uploads (multipart as the SDK builds it, every modifier and field option), downloads
 * (Range, conditional requests, thumbnails, protected files) and the fixture's existing files.
 */
class FilesIT {
    static final String THUMBS = "[\"50x50\",\"50x30t\",\"50x30b\",\"50x30f\",\"0x40\",\"40x0\"]";
    static final String DOCS = "/api/collections/docs/records";
    static final String VAULT = "/api/collections/vault/records";

    static TestServer server;
    static String su;
    static String docsId;
    static String vaultId;

    @BeforeAll
    static void start() {
        server = TestServer.fixture();
        su = server.superuserToken();
        Response docs = server.send("POST", "/api/collections", su, """
                {"name":"docs","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
                 "fields":[{"name":"title","type":"text"},{"name":"count","type":"number"},{"name":"flag","type":"bool"},
                  {"name":"one","type":"file","maxSelect":1,"maxSize":1048576},
                  {"name":"many","type":"file","maxSelect":3,"maxSize":1048576},
                  {"name":"images","type":"file","maxSelect":10,"maxSize":5242880,
                   "mimeTypes":["image/png","image/jpeg","image/gif","image/webp"],"thumbs":%s},
                  {"name":"tiny","type":"file","maxSelect":1,"maxSize":100}]}""".formatted(THUMBS), Map.of());
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        docsId = docs.json().get("id").asString();
        Response vault = server.send("POST", "/api/collections", su, """
                {"name":"vault","type":"base","listRule":"owner = @request.auth.id","viewRule":"owner = @request.auth.id",
                 "createRule":null,"updateRule":null,"deleteRule":null,
                 "fields":[{"name":"owner","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
                  {"name":"secret","type":"file","maxSelect":1,"protected":true},
                  {"name":"open","type":"file","maxSelect":1}]}""", Map.of());
        assertThat(vault.status()).as(vault.body()).isEqualTo(200);
        vaultId = vault.json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode create(Multipart form) {
        Response r = server.send("POST", DOCS, null, form);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Path dir(String collectionId, String recordId) {
        return server.dir().resolve("storage").resolve(collectionId).resolve(recordId);
    }

    static List<String> names(JsonNode record, String field) {
        JsonNode v = record.get(field);
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> out.add(n.asString()));
        } else if (!v.asString().isEmpty()) {
            out.add(v.asString());
        }
        return out;
    }

    static Response download(String collection, String record, String name, String query) {
        return server.send("GET", "/api/files/" + collection + "/" + record + "/" + name + query, null, (String) null, Map.of());
    }

    @Test
    void sdkStyleCreateStoresEveryFileWithPocketBaseNamesAndSidecars() throws IOException {
        byte[] png = Images.gradient("png", 64, 48);
        JsonNode rec = create(Multipart.form()
                .json("{\"title\":\"from the sdk\",\"count\":3}")
                .file("one", "Hello World.txt", "text/plain", text("hello"))
                .file("many", "a.txt", "text/plain", text("A"))
                .file("many", "b.txt", "text/plain", text("B"))
                .file("images", "My Photo.PNG", "image/png", png));
        assertThat(rec.get("title").asString()).isEqualTo("from the sdk");
        assertThat(rec.get("count").asInt()).isEqualTo(3);
        String one = rec.get("one").asString();
        assertThat(one).matches("hello_world_[a-z0-9]{10}\\.txt");
        assertThat(names(rec, "many")).hasSize(2).allMatch(n -> n.matches("[ab][a-z0-9]{10}_[a-z0-9]{10}\\.txt"));
        assertThat(names(rec, "images")).singleElement().asString().matches("my_photo_[a-z0-9]{10}\\.PNG");

        Path dir = dir(docsId, rec.get("id").asString());
        assertThat(Files.readString(dir.resolve(one))).isEqualTo("hello");
        JsonNode attrs = dev.basalt.util.Json.parse(Files.readAllBytes(dir.resolve(one + ".attrs")));
        assertThat(attrs.get("user.content_type").asString()).startsWith("text/plain");
        assertThat(attrs.get("md5").asString()).isNotEmpty();

        Response got = download("docs", rec.get("id").asString(), names(rec, "images").get(0), "");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(png);
        assertThat(got.header("Content-Type")).isEqualTo("image/png");
        assertThat(got.header("Content-Disposition")).startsWith("inline; filename=\"my_photo_");
    }

    @Test
    void plainFormValuesAreTypedLikePocketBase() {
        JsonNode rec = create(Multipart.form().field("title", "plain").field("count", "12.5").field("flag", "true")
                .file("one", "x.txt", "text/plain", text("x")));
        assertThat(rec.get("title").asString()).isEqualTo("plain");
        assertThat(rec.get("count").asDouble()).isEqualTo(12.5);
        assertThat(rec.get("flag").asBoolean()).isTrue();
        assertThat(rec.get("one").asString()).endsWith(".txt");
    }

    @Test
    void jsonPayloadWinsOverPlainFields() {
        JsonNode rec = create(Multipart.form().field("title", "plain").json("{\"title\":\"json\"}"));
        assertThat(rec.get("title").asString()).isEqualTo("json");
    }

    @Test
    void modifiersAppendPrependRemoveAndReplace() {
        JsonNode rec = create(Multipart.form().file("many", "first.txt", "text/plain", text("1")));
        String id = rec.get("id").asString();
        String first = names(rec, "many").get(0);
        Path dir = dir(docsId, id);

        Response appended = server.send("PATCH", DOCS + "/" + id, null, Multipart.form().file("many+", "last.txt", "text/plain", text("3")));
        assertThat(appended.status()).as(appended.body()).isEqualTo(200);
        List<String> afterAppend = names(appended.json(), "many");
        assertThat(afterAppend).hasSize(2).first().isEqualTo(first);
        assertThat(afterAppend.get(1)).startsWith("last_");

        Response prepended = server.send("PATCH", DOCS + "/" + id, null, Multipart.form().file("+many", "zero.txt", "text/plain", text("0")));
        List<String> afterPrepend = names(prepended.json(), "many");
        assertThat(afterPrepend).hasSize(3).startsWith(afterPrepend.get(0)).containsSubsequence(first, afterAppend.get(1));
        assertThat(afterPrepend.get(0)).startsWith("zero_");

        Response removed = server.send("PATCH", DOCS + "/" + id, null, Multipart.form().field("many-", first));
        assertThat(names(removed.json(), "many")).containsExactly(afterPrepend.get(0), afterAppend.get(1));
        assertThat(dir.resolve(first)).doesNotExist();
        assertThat(dir.resolve(first + ".attrs")).doesNotExist();

        Response removedByJson = server.send("PATCH", DOCS + "/" + id, null, "{\"many-\":[\"" + afterPrepend.get(0) + "\"]}", Map.of());
        assertThat(names(removedByJson.json(), "many")).containsExactly(afterAppend.get(1));

        Response replaced = server.send("PATCH", DOCS + "/" + id, null, Multipart.form().file("many", "new.txt", "text/plain", text("n")));
        List<String> afterReplace = names(replaced.json(), "many");
        assertThat(afterReplace).singleElement().asString().startsWith("new_");
        assertThat(dir.resolve(afterAppend.get(1))).doesNotExist();
        assertThat(dir.resolve(afterReplace.get(0))).exists();

        Response kept = server.send("PATCH", DOCS + "/" + id, null,
                Multipart.form().json("{\"many\":[\"" + afterReplace.get(0) + "\"]}").file("many", "extra.txt", "text/plain", text("e")));
        assertThat(names(kept.json(), "many")).hasSize(2).first().isEqualTo(afterReplace.get(0));

        Response cleared = server.send("PATCH", DOCS + "/" + id, null, "{\"many\":[]}", Map.of());
        assertThat(names(cleared.json(), "many")).isEmpty();
        assertThat(dir).as("no file of the record is left").doesNotExist();
    }

    @Test
    void singleFileFieldIsReplacedAndTheOldFileRemoved() {
        JsonNode rec = create(Multipart.form().file("one", "version1.txt", "text/plain", text("1")));
        String id = rec.get("id").asString();
        String v1 = rec.get("one").asString();
        Response r = server.send("PATCH", DOCS + "/" + id, null, Multipart.form().file("one", "version2.txt", "text/plain", text("2")));
        assertThat(r.json().get("one").asString()).startsWith("version2_");
        assertThat(dir(docsId, id).resolve(v1)).doesNotExist();
        Response unset = server.send("PATCH", DOCS + "/" + id, null, "{\"one\":\"\"}", Map.of());
        assertThat(unset.json().get("one").asString()).isEmpty();
        assertThat(dir(docsId, id).resolve(r.json().get("one").asString())).doesNotExist();
    }

    @Test
    void deletingTheRecordRemovesItsFilesAndThumbnails() {
        JsonNode rec = create(Multipart.form().file("images", "p.png", "image/png", Images.gradient("png", 80, 60)));
        String id = rec.get("id").asString();
        assertThat(download("docs", id, names(rec, "images").get(0), "?thumb=50x50").status()).isEqualTo(200);
        assertThat(dir(docsId, id).resolve("thumbs_" + names(rec, "images").get(0))).isDirectory();
        assertThat(server.send("DELETE", DOCS + "/" + id, null, (String) null, Map.of()).status()).isEqualTo(204);
        assertThat(dir(docsId, id)).doesNotExist();
    }

    @Test
    void fieldOptionsAreEnforcedAndRejectedUploadsLeaveNothing() throws IOException {
        long before = countFiles();
        Response tooMany = server.send("POST", DOCS, null, Multipart.form()
                .file("many", "1.txt", "text/plain", text("1")).file("many", "2.txt", "text/plain", text("2"))
                .file("many", "3.txt", "text/plain", text("3")).file("many", "4.txt", "text/plain", text("4")));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"many\":{\"code\":\"validation_too_many_files\"", "\"maxSelect\":3");

        Response tooBig = server.send("POST", DOCS, null, Multipart.form().file("tiny", "big.txt", "text/plain", new byte[101]));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.body()).contains("\"tiny\":{\"code\":\"validation_file_size_limit\"", "\"maxSize\":100");

        Response lying = server.send("POST", DOCS, null, Multipart.form().file("images", "evil.png", "image/png", text("<html>not a png</html>")));
        assertThat(lying.status()).isEqualTo(400);
        assertThat(lying.body()).contains("\"images\":{\"code\":\"validation_invalid_mime_type\"");

        Response honestContent = server.send("POST", DOCS, null,
                Multipart.form().file("images", "picture", "text/plain", Images.gradient("gif", 10, 10)));
        assertThat(honestContent.status()).as("type comes from the content, not the part header").isEqualTo(200);
        assertThat(names(honestContent.json(), "images").get(0)).endsWith(".gif");

        Response notAFileField = server.send("POST", DOCS, null, Multipart.form().file("title", "t.txt", "text/plain", text("t")));
        assertThat(notAFileField.status()).isEqualTo(400);
        assertThat(notAFileField.body()).contains("\"title\":{\"code\":\"validation_not_a_file_field\"");

        Response unknown = server.send("POST", DOCS, null, Multipart.form().file("nope", "t.txt", "text/plain", text("t")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"nope\":{\"code\":\"validation_not_a_file_field\"");

        Response ghost = server.send("POST", DOCS, null, "{\"one\":\"not_uploaded_1234567890.txt\"}", Map.of());
        assertThat(ghost.status()).isEqualTo(400);
        assertThat(ghost.body()).contains("\"one\":{\"code\":\"validation_invalid_file\"");

        assertThat(countFiles()).isEqualTo(before + 2); // only the accepted gif and its sidecar
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedBeforeReading() {
        // 32 MiB base + the file fields' maxSize × maxSelect: 1 + 3 + 50 MiB + 100 B
        byte[] huge = new byte[90 << 20];
        Response r = server.send("POST", DOCS, null, Multipart.form().file("many", "huge.bin", "application/octet-stream", huge));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("\"status\":413");
    }

    static long countFiles() throws IOException {
        Path root = server.dir().resolve("storage").resolve(docsId);
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    static Stream<Arguments> thumbnails() {
        List<Arguments> out = new ArrayList<>();
        for (String format : List.of("png", "jpg", "gif", "webp")) {
            out.add(Arguments.of(format, "50x50", 50, 50));
            out.add(Arguments.of(format, "50x30t", 50, 30));
            out.add(Arguments.of(format, "50x30b", 50, 30));
            out.add(Arguments.of(format, "50x30f", 40, 30));
            out.add(Arguments.of(format, "0x40", 53, 40));
            out.add(Arguments.of(format, "40x0", 40, 30));
            out.add(Arguments.of(format, "100x100", 100, 100));
        }
        return out.stream();
    }

    static final Map<String, String> THUMB_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "gif", "image/gif", "webp", "image/png");
    static final Map<String, JsonNode> IMAGE_RECORDS = new java.util.concurrent.ConcurrentHashMap<>();

    static JsonNode imageRecord(String format) {
        return IMAGE_RECORDS.computeIfAbsent(format, f -> create(Multipart.form()
                .file("images", "gradient." + f, "application/octet-stream", Images.gradient(f, 320, 240))));
    }

    @ParameterizedTest(name = "{0} thumb {1} is {2}x{3}")
    @MethodSource("thumbnails")
    void thumbnailsHaveTheRequestedGeometryAndAreMadeOnce(String format, String size, int w, int h) throws IOException {
        JsonNode rec = imageRecord(format);
        String id = rec.get("id").asString();
        String name = names(rec, "images").get(0);
        Response first = download("docs", id, name, "?thumb=" + size);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).isEqualTo(THUMB_TYPES.get(format));
        assertThat(first.header("Content-Disposition")).isEqualTo("inline; filename=\"" + size + "_" + name + "\"");
        BufferedImage thumb = Images.decode(first.bytes());
        assertThat(thumb.getWidth()).isEqualTo(w);
        assertThat(thumb.getHeight()).isEqualTo(h);

        Path stored = dir(docsId, id).resolve("thumbs_" + name).resolve(size + "_" + name);
        assertThat(stored).exists();
        FileTime made = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(stored, made);
        Response second = download("docs", id, name, "?thumb=" + size);
        assertThat(second.bytes()).isEqualTo(first.bytes());
        assertThat(Files.getLastModifiedTime(stored)).as("served from the cache, not regenerated").isEqualTo(made);
    }

    @Test
    void topAndBottomCropsShowDifferentPartsOfTheImage() {
        JsonNode rec = imageRecord("png");
        String id = rec.get("id").asString();
        String name = names(rec, "images").get(0);
        double top = Images.meanGreen(Images.decode(download("docs", id, name, "?thumb=50x30t").bytes()));
        double centre = Images.meanGreen(Images.decode(download("docs", id, name, "?thumb=50x50").bytes()));
        double bottom = Images.meanGreen(Images.decode(download("docs", id, name, "?thumb=50x30b").bytes()));
        assertThat(top).isLessThan(bottom - 20);
        assertThat(centre).isBetween(top, bottom);
    }

    @Test
    void sizesNotListedAndNonImagesServeTheOriginal() {
        JsonNode rec = imageRecord("png");
        String id = rec.get("id").asString();
        String name = names(rec, "images").get(0);
        byte[] original = download("docs", id, name, "").bytes();
        for (String size : List.of("51x51", "0x0", "abc", "99999999999x1", "50x50x", "10x10z")) {
            Response r = download("docs", id, name, "?thumb=" + size);
            assertThat(r.status()).as(size).isEqualTo(200);
            assertThat(r.bytes()).as(size).isEqualTo(original);
        }
        JsonNode txt = create(Multipart.form().file("one", "doc.txt", "text/plain", text("plain text")));
        Response r = download("docs", txt.get("id").asString(), txt.get("one").asString(), "?thumb=100x100");
        assertThat(r.body()).isEqualTo("plain text");
    }

    @Test
    void rangeAndConditionalRequests() {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        JsonNode rec = create(Multipart.form().file("one", "data.bin", "application/octet-stream", content));
        String path = "/api/files/docs/" + rec.get("id").asString() + "/" + rec.get("one").asString();

        Response full = server.get(path, null);
        assertThat(full.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(full.header("Content-Length")).isEqualTo("1000");
        assertThat(full.header("Content-Disposition")).startsWith("attachment; filename=\"data_");

        Response part = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=10-19"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 10-19/1000");
        assertThat(part.bytes()).isEqualTo(Arrays.copyOfRange(content, 10, 20));

        Response suffix = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=-5"));
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.bytes()).isEqualTo(Arrays.copyOfRange(content, 995, 1000));

        Response open = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=990-"));
        assertThat(open.header("Content-Range")).isEqualTo("bytes 990-999/1000");
        assertThat(open.bytes()).hasSize(10);

        Response beyond = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=5000-"));
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */1000");

        Response garbage = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=abc"));
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(garbage.bytes()).isEqualTo(content);

        String lastModified = full.header("Last-Modified");
        assertThat(lastModified).isNotNull();
        Response notModified = server.send("GET", path, null, (String) null, Map.of("If-Modified-Since", lastModified));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.bytes()).isEmpty();
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2001-01-01T00:00:00Z").atZone(ZoneOffset.UTC));
        assertThat(server.send("GET", path, null, (String) null, Map.of("If-Modified-Since", past)).status()).isEqualTo(200);
        assertThat(server.send("GET", path, null, (String) null, Map.of("If-Unmodified-Since", past)).status()).isEqualTo(412);
        Response staleIfRange = server.send("GET", path, null, (String) null, Map.of("Range", "bytes=0-1", "If-Range", past));
        assertThat(staleIfRange.status()).as("a stale If-Range gets the whole file").isEqualTo(200);

        Response head = server.send("HEAD", path, null, (String) null, Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("1000");
        assertThat(head.bytes()).isEmpty();

        JsonNode img = imageRecord("png");
        Response forced = download("docs", img.get("id").asString(), names(img, "images").get(0), "?download=1");
        assertThat(forced.header("Content-Disposition")).startsWith("attachment; filename=\"gradient_");
    }

    @Test
    void protectedFilesNeedAFileTokenThatPassesTheViewRule() {
        Record owner = server.basalt().records().findByField(server.basalt().collections().require("users"), "email", "test@example.com")
                .orElseThrow();
        Response created = server.send("POST", VAULT, su, Multipart.form().json("{\"owner\":\"" + owner.id() + "\"}")
                .file("secret", "secret.txt", "text/plain", text("top secret")).file("open", "open.txt", "text/plain", text("open")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().get("id").asString();
        String secret = created.json().get("secret").asString();

        Response noToken = download("vault", id, secret, "");
        assertThat(noToken.status()).isEqualTo(404);
        assertThat(noToken.body()).contains("\"status\":404");

        Response tokenResponse = server.send("POST", "/api/files/token", server.token("users", "test@example.com"), "", Map.of());
        assertThat(tokenResponse.status()).isEqualTo(200);
        String fileToken = tokenResponse.json().get("token").asString();
        Response valid = download("vault", id, secret, "?token=" + fileToken);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.body()).isEqualTo("top secret");

        String expired = expiredFileToken(owner);
        assertThat(download("vault", id, secret, "?token=" + expired).status()).isEqualTo(404);

        String foreign = server.send("POST", "/api/files/token", server.token("users", "test2@example.com"), "", Map.of())
                .json().get("token").asString();
        assertThat(download("vault", id, secret, "?token=" + foreign).status()).as("another user's token fails the view rule").isEqualTo(404);

        String authNotFile = server.token("users", "test@example.com");
        assertThat(download("vault", id, secret, "?token=" + authNotFile).status()).as("an auth token is not a file token").isEqualTo(404);
        assertThat(download("vault", id, secret, "?token=garbage").status()).isEqualTo(404);

        String superuserFileToken = server.send("POST", "/api/files/token", su, "", Map.of()).json().get("token").asString();
        assertThat(download("vault", id, secret, "?token=" + superuserFileToken).status()).isEqualTo(200);

        assertThat(download("vault", id, created.json().get("open").asString(), "").body())
                .as("unprotected files of the same record need no token").isEqualTo("open");
        assertThat(server.send("POST", "/api/files/token", null, "", Map.of()).status()).isEqualTo(401);
    }

    /** A correctly signed file token of the record that expired a minute ago. */
    static String expiredFileToken(Record owner) {
        AuthOptions.TokenConfig config = owner.collection().auth().token(AuthOptions.TokenType.FILE);
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .claim("collectionId", owner.collection().id()).claim("id", owner.id()).claim("type", "file")
                .expirationTime(java.util.Date.from(Instant.now().minusSeconds(60))).build();
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner((owner.getString("tokenKey") + config.secret()).getBytes(StandardCharsets.UTF_8)));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Test
    void fixtureFilesAreServedWithTheirStoredTypes() {
        String superuserFileToken = server.send("POST", "/api/files/token", su, "", Map.of()).json().get("token").asString();
        Response txt = download("demo1", "84nmscqy84lsi1t", "test_d61b33QdDU.txt", "?token=" + superuserFileToken);
        assertThat(txt.status()).isEqualTo(200);
        // Jetty renders the stored "text/plain; charset=utf-8" in its canonical form
        assertThat(txt.header("Content-Type")).matches("text/plain; ?charset=utf-8");
        assertThat(download("demo1", "84nmscqy84lsi1t", "test_d61b33QdDU.txt", "").status()).as("file_one is protected").isEqualTo(404);

        Response svg = download("demo1", "84nmscqy84lsi1t", "logo_vcfJJG5TAh.svg", "");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.header("Content-Type")).isEqualTo("image/svg+xml");
        assertThat(svg.header("Content-Disposition")).startsWith("attachment;");

        Response png = download("demo1", "84nmscqy84lsi1t", "300_WlbFWSGmW9.png", "");
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        assertThat(png.header("Content-Disposition")).startsWith("inline;");
        assertThat(Images.decode(png.bytes()).getWidth()).isEqualTo(300);

        assertThat(download("demo1", "84nmscqy84lsi1t", "missing_file.txt", "").status()).isEqualTo(404);
        assertThat(download("demo1", "al1h9ijdeojtsjy", "300_WlbFWSGmW9.png", "").status()).as("file of another record").isEqualTo(404);
    }

    @Test
    void fixtureThumbnailsMadeByPocketBaseAreReused() throws IOException {
        Path thumbs = server.dir().resolve("storage/_pb_users_auth_/4q1xlclmfloku33/thumbs_300_1SEi6Q6U72.png");
        try (Stream<Path> before = Files.list(thumbs)) {
            long count = before.count();
            for (String size : List.of("70x50", "70x50t", "70x50b", "70x50f", "0x50", "70x0", "100x100")) {
                Response r = download("users", "4q1xlclmfloku33", "300_1SEi6Q6U72.png", "?thumb=" + size);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bytes()).as(size).isEqualTo(Files.readAllBytes(thumbs.resolve(size + "_300_1SEi6Q6U72.png")));
            }
            try (Stream<Path> after = Files.list(thumbs)) {
                assertThat(after.count()).isEqualTo(count);
            }
        }
    }

    /** Every kind of file response carries the sandboxing headers. */
    @Test
    void securityHeadersOnEveryFileResponse() {
        JsonNode html = create(Multipart.form().file("one", "page.html", "text/html", text("<script>alert(1)</script>")));
        JsonNode svg = create(Multipart.form().file("one", "x.svg", "image/svg+xml",
                text("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")));
        JsonNode img = imageRecord("jpg");
        String imgName = names(img, "images").get(0);
        String htmlPath = "/api/files/docs/" + html.get("id").asString() + "/" + html.get("one").asString();
        List<Response> responses = List.of(
                server.get(htmlPath, null),
                server.send("GET", htmlPath, null, (String) null, Map.of("Range", "bytes=0-3")),
                server.send("HEAD", htmlPath, null, (String) null, Map.of()),
                download("docs", svg.get("id").asString(), svg.get("one").asString(), ""),
                download("docs", img.get("id").asString(), imgName, ""),
                download("docs", img.get("id").asString(), imgName, "?thumb=50x50"),
                download("docs", img.get("id").asString(), imgName, "?download=true"),
                download("demo1", "84nmscqy84lsi1t", "test_QZFjKjXchk.txt", ""),
                download("users", "4q1xlclmfloku33", "300_1SEi6Q6U72.png", "?thumb=70x50"));
        for (Response r : responses) {
            assertThat(r.status()).isBetween(200, 206);
            assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Content-Disposition")).isNotNull();
        }
        assertThat(responses.get(0).header("Content-Disposition")).as("html is never inline").startsWith("attachment;");
        assertThat(responses.get(3).header("Content-Disposition")).as("svg is never inline").startsWith("attachment;");
        assertThat(responses.get(4).header("Content-Disposition")).startsWith("inline;");
        assertThat(responses.get(6).header("Content-Disposition")).startsWith("attachment;");
    }

    @Test
    void sweepRemovesOnlyOldUnreferencedFiles() throws IOException {
        dev.basalt.records.FileReconciler reconciler = server.basalt().fileReconciler();
        assertThat(reconciler.sweep(java.time.Duration.ZERO, false).orphans()).as("the fixture's files are all referenced").isZero();

        JsonNode rec = create(Multipart.form().file("images", "kept.png", "image/png", Images.gradient("png", 60, 60)));
        String id = rec.get("id").asString();
        String kept = names(rec, "images").get(0);
        assertThat(download("docs", id, kept, "?thumb=50x50").status()).isEqualTo(200);
        Path dir = dir(docsId, id);
        // what a crash between the file write and the commit leaves behind
        Path orphan = dir.resolve("crashed_abcdefghij.txt");
        Path orphanThumb = dir.resolve("thumbs_gone_abcdefghij.png").resolve("50x50_gone_abcdefghij.png");
        Path fresh = dir.resolve("in_flight_abcdefghij.txt");
        Files.createDirectories(orphanThumb.getParent());
        for (Path p : List.of(orphan, orphanThumb, fresh)) {
            Files.writeString(p, "x");
        }
        FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
        for (Path p : List.of(orphan, orphanThumb, dir.resolve(kept), dir.resolve("thumbs_" + kept).resolve("50x50_" + kept))) {
            Files.setLastModifiedTime(p, old);
        }

        dev.basalt.records.FileReconciler.Report dry = reconciler.sweep(java.time.Duration.ofHours(1), false);
        assertThat(dry.orphans()).isEqualTo(2);
        assertThat(orphan).exists();

        dev.basalt.records.FileReconciler.Report applied = reconciler.sweep(java.time.Duration.ofHours(1), true);
        assertThat(applied.orphans()).isEqualTo(2);
        assertThat(orphan).doesNotExist();
        assertThat(orphanThumb).doesNotExist();
        assertThat(fresh).as("younger than the minimum age: may belong to an open transaction").exists();
        assertThat(dir.resolve(kept)).exists();
        assertThat(dir.resolve("thumbs_" + kept).resolve("50x50_" + kept)).exists();
        assertThat(download("docs", id, kept, "").status()).isEqualTo(200);
        Files.delete(fresh);
    }
}
