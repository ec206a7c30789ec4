package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Images;
import dev.basalt.testkit.Multipart;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Hostile file names and payloads: every request gets a 2xx or a 4xx (never a 5xx); a rejected
 * request stores nothing; an accepted one stores only safely named files inside its record's
 * folder; no temporary upload is left behind.
 */
class FilesBadInputIT {
    static final String DOCS = "/api/collections/hostile/records";
    static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("^[a-z0-9_]+_[a-z0-9]{10}(\\.[\\w*\\-+=#]+(\\.[\\w*\\-+=#]+)?)?$");

    enum Outcome { ACCEPTED, REJECTED, EITHER }

    record Case(String name, Outcome outcome, Function<TestServer, Response> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static TestServer server;
    static String collectionId;
    static String recordId;
    static String imageName;

    @BeforeAll
    static void start() {
        server = TestServer.fixture();
        Response c = server.send("POST", "/api/collections", server.superuserToken(), """
                {"name":"hostile","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
                 "fields":[{"name":"title","type":"text"},
                  {"name":"doc","type":"file","maxSelect":5,"maxSize":1048576},
                  {"name":"image","type":"file","maxSelect":1,"maxSize":5242880,"mimeTypes":["image/png","image/jpeg","image/gif"],
                   "thumbs":["50x50"]},
                  {"name":"small","type":"file","maxSelect":1,"maxSize":64}]}""", Map.of());
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        collectionId = c.json().get("id").asString();
        Response r = server.send("POST", DOCS, null, Multipart.form().file("image", "real.png", "image/png", Images.gradient("png", 80, 80)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        recordId = r.json().get("id").asString();
        imageName = FilesIT.names(r.json(), "image").get(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Case upload(String filename, Outcome outcome) {
        return new Case("file name " + printable(filename), outcome,
                s -> s.send("POST", DOCS, null, Multipart.form().file("doc", filename, "text/plain", "x".getBytes(StandardCharsets.UTF_8))));
    }

    static Case raw(String name, Outcome outcome, String contentType, byte[] body) {
        return new Case(name, outcome, s -> s.sendBytes("POST", DOCS, null, body, Map.of("Content-Type", contentType)));
    }

    static Case form(String name, Outcome outcome, Multipart form) {
        return new Case(name, outcome, s -> s.send("POST", DOCS, null, form));
    }

    /** A download; RID and FILE in the path stand for a record of the collection and its image. */
    static Case get(String name, String path) {
        return new Case(name, Outcome.EITHER, s -> s.get(path.replace("RID", recordId).replace("FILE", imageName), null));
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(cp -> b.append(cp < 0x20 || cp == 0x7f ? String.format("\\x%02x", cp) : Character.toString(cp)));
        return b.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "ünïcødé.txt",
                "日本語のファイル.txt", "emoji😀😀.txt", "trailing.dot.", "trailing space.txt ", "double.php.jpg", ".htaccess", "..",
                ".", "...", "x".repeat(400) + ".txt", "CON", "nul.txt", "a/b/c.txt", "%2e%2e%2fpasswd", "line\r\nX-Injected: 1.txt",
                "\u202Etxt.exe", "name with \"quotes\".txt", "semi;colon.txt", "tab\tname.txt", "UPPER.TXT", "no_extension",
                "multi...dots...txt", "~tilde", "$(rm -rf ~).txt", "<script>alert(1)</script>.html", "file.tar.gz.exe",
                "name." + "e".repeat(60), "ext.with spaces in it", "..%252f..%252fetc%252fpasswd", "\\\\server\\share\\x.txt",
                "C:\\Windows\\system32\\cmd.exe", "zero\u200Bwidth.txt", "ﬁligature.txt", "İstanbul.TXT")) {
            cases.add(upload(name, Outcome.ACCEPTED));
        }
        cases.add(upload("", Outcome.EITHER));
        cases.add(upload("nul\u0000inside.txt", Outcome.EITHER)); // Jetty's multipart parser refuses control characters
        byte[] png = Images.gradient("png", 20, 20);
        cases.add(form("text pretending to be a png", Outcome.REJECTED,
                Multipart.form().file("image", "x.png", "image/png", bytes("<?php system($_GET['c']); ?>"))));
        cases.add(form("html pretending to be a gif", Outcome.REJECTED,
                Multipart.form().file("image", "x.gif", "image/gif", bytes("<html><script>alert(1)</script></html>"))));
        cases.add(form("svg with script into an image field", Outcome.REJECTED,
                Multipart.form().file("image", "x.png", "image/png", bytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"))));
        cases.add(form("png declared as text is accepted as png", Outcome.ACCEPTED,
                Multipart.form().file("image", "x.txt", "text/plain", png)));
        cases.add(form("file over maxSize", Outcome.REJECTED, Multipart.form().file("small", "big.txt", "text/plain", new byte[65])));
        cases.add(form("two files into a single-file field (the last wins, as in PocketBase)", Outcome.ACCEPTED, Multipart.form()
                .file("image", "1.png", "image/png", png).file("image", "2.png", "image/png", png)));
        cases.add(form("too many files", Outcome.REJECTED, Multipart.form().file("doc", "1.txt", "text/plain", bytes("1"))
                .file("doc", "2.txt", "text/plain", bytes("2")).file("doc", "3.txt", "text/plain", bytes("3"))
                .file("doc", "4.txt", "text/plain", bytes("4")).file("doc", "5.txt", "text/plain", bytes("5"))
                .file("doc", "6.txt", "text/plain", bytes("6"))));
        cases.add(form("file into a text field", Outcome.REJECTED, Multipart.form().file("title", "t.txt", "text/plain", bytes("t"))));
        cases.add(form("file into an unknown field", Outcome.REJECTED, Multipart.form().file("unknown", "t.txt", "text/plain", bytes("t"))));
        cases.add(form("file into a modifier of an unknown field", Outcome.REJECTED,
                Multipart.form().file("unknown+", "t.txt", "text/plain", bytes("t"))));
        cases.add(form("a valid upload with a rejected one", Outcome.REJECTED, Multipart.form()
                .file("doc", "fine.txt", "text/plain", bytes("fine")).file("small", "big.txt", "text/plain", new byte[100])));
        cases.add(form("pixel flood png", Outcome.ACCEPTED, Multipart.form().file("image", "flood.png", "image/png", Images.floodPng(100_000, 100_000))));
        cases.add(form("decompression bomb png", Outcome.ACCEPTED, Multipart.form().file("image", "bomb.png", "image/png", Images.bombPng(10_000, 10_000))));
        cases.add(form("truncated png", Outcome.ACCEPTED, Multipart.form().file("image", "cut.png", "image/png", java.util.Arrays.copyOf(png, 60))));
        cases.add(form("empty file", Outcome.EITHER, Multipart.form().file("doc", "empty.txt", "text/plain", new byte[0])));
        cases.add(form("invalid @jsonPayload", Outcome.REJECTED, Multipart.form().json("{not json").file("doc", "a.txt", "text/plain", bytes("a"))));
        cases.add(form("@jsonPayload array", Outcome.REJECTED, Multipart.form().json("[1,2]").file("doc", "a.txt", "text/plain", bytes("a"))));
        cases.add(form("reference to a file that was never uploaded", Outcome.REJECTED,
                Multipart.form().json("{\"doc\":[\"../../data.db\"]}")));
        cases.add(form("a thousand plain fields", Outcome.EITHER, thousandFields()));
        Multipart truncated = Multipart.form().file("doc", "a.txt", "text/plain", bytes("abc"));
        cases.add(raw("multipart without its closing boundary", Outcome.EITHER, truncated.contentType(), truncated.unterminated()));
        cases.add(raw("multipart without a boundary parameter", Outcome.REJECTED, "multipart/form-data",
                Multipart.form().file("doc", "a.txt", "text/plain", bytes("a")).bytes()));
        cases.add(raw("multipart with a boundary that is not in the body", Outcome.REJECTED, "multipart/form-data; boundary=nothere",
                Multipart.form().file("doc", "a.txt", "text/plain", bytes("a")).bytes()));
        cases.add(raw("garbage declared as multipart", Outcome.REJECTED, "multipart/form-data; boundary=xyz", bytes("\u0000\u0001garbage--xyz")));
        Multipart noDisposition = Multipart.form().raw("--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n");
        cases.add(raw("part without Content-Disposition", Outcome.EITHER, "multipart/form-data; boundary=B", noDisposition.unterminated()));
        cases.add(raw("part with a header line that never ends", Outcome.REJECTED, "multipart/form-data; boundary=B",
                bytes("--B\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"" + "x".repeat(100_000))));
        cases.add(raw("json body with a wrong content type", Outcome.EITHER, "text/plain", bytes("{\"title\":\"x\"}")));
        cases.add(raw("invalid json", Outcome.REJECTED, "application/json", bytes("{\"doc\":")));
        cases.add(get("download path traversal", "/api/files/hostile/" + "RID" + "/..%2F..%2Fdata.db"));
        cases.add(get("download of the database through dot segments", "/api/files/hostile/RID/../../../data.db"));
        cases.add(get("download with a NUL in the name", "/api/files/hostile/RID/a%00b.txt"));
        cases.add(get("download of a sidecar", "/api/files/hostile/RID/FILE.attrs"));
        cases.add(get("download of a thumbs folder", "/api/files/hostile/RID/thumbs_FILE"));
        cases.add(get("thumb with a traversal size", "/api/files/hostile/RID/FILE?thumb=..%2F..%2F50x50"));
        cases.add(get("thumb size overflow", "/api/files/hostile/RID/FILE?thumb=99999999999999999999x1"));
        cases.add(get("download from an unknown collection", "/api/files/nope/RID/FILE"));
        cases.add(get("download with a huge token", "/api/files/hostile/RID/FILE?token=" + "a".repeat(8000)));
        return cases.stream();
    }

    static Multipart thousandFields() {
        Multipart m = Multipart.form();
        for (int i = 0; i < 1000; i++) {
            m.field("f" + i, "v" + i);
        }
        return m.file("doc", "with-fields.txt", "text/plain", bytes("x"));
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileInputNeverFailsTheServerAndNeverLeavesStrayFiles(Case c) throws IOException {
        long before = storedFiles().size();
        long temps = tempUploads();
        Response r = c.request().apply(server);
        assertThat(r.status()).as(r.body()).isLessThan(500);
        switch (c.outcome()) {
            case ACCEPTED -> assertThat(r.status()).as(r.body()).isBetween(200, 299);
            case REJECTED -> assertThat(r.status()).as(r.body()).isBetween(400, 499);
            case EITHER -> { }
        }
        if (r.status() >= 400) {
            assertThat(r.json().get("status").asInt()).isEqualTo(r.status());
            assertThat(storedFiles()).as("a rejected request stores nothing").hasSize((int) before);
        } else if (r.body().startsWith("{") && r.json().has("collectionId")) {
            JsonNode rec = r.json();
            Path dir = server.dir().resolve("storage").resolve(collectionId).resolve(rec.get("id").asString());
            for (String field : List.of("doc", "image", "small")) {
                for (String name : FilesIT.names(rec, field)) {
                    assertThat(name).matches(SAFE_NAME);
                    assertThat(dir.resolve(name)).exists();
                }
            }
            if (!FilesIT.names(rec, "image").isEmpty()) {
                Response thumb = server.get("/api/files/hostile/" + rec.get("id").asString() + "/" + FilesIT.names(rec, "image").get(0)
                        + "?thumb=50x50", null);
                assertThat(thumb.status()).as("an image that cannot be thumbnailed is served as it is").isEqualTo(200);
            }
        }
        assertThat(tempUploads()).as("temporary uploads are cleaned up").isLessThanOrEqualTo(temps);
    }

    static List<Path> storedFiles() throws IOException {
        Path root = server.dir().resolve("storage");
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("thumbs_")
                    && !p.toString().contains("/thumbs_")).toList();
        }
    }

    static long tempUploads() throws IOException {
        try (Stream<Path> all = Files.list(RequestBody.TEMP_DIR)) {
            return all.count();
        }
    }
}
