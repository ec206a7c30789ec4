import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The files benchmark's fixtures and its thumbnail measurement, run against a server started by
 * {@code bench/run.sh --set files}. Everything is deterministic (fixed seeds).
 *
 * <pre>
 * java bench/FilesBench.java gen DIR IMAGES          # DIR/small.bin (100 KiB), DIR/large.bin (5 MiB), DIR/img-N.jpg (2000x2000)
 * java bench/FilesBench.java setup BASE TOKEN DIR    # collections "files" and "uploads"; one "files" record per .bin, paths in DIR/*.path
 * java bench/FilesBench.java thumbs BASE DIR IMAGES REPEATS SIZE...   # cold and cached thumbnail times, prints THUMBS lines
 * </pre>
 *
 * <p>Both collections have public list/view/create rules (no token needed in wrk), a {@code doc}
 * file field and an {@code image} file field whose {@code thumbs} lists the sizes of
 * DIR/thumb_sizes.txt; both allow 16 MiB per file. Upload scenarios write to "uploads" (truncated
 * after each), downloads and thumbnails read "files".
 */
public class FilesBench {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([A-Za-z0-9_]+)\"");
    static final String BOUNDARY = "----basaltbenchboundary7MA4YWxkTrZu0gW";
    static final int SMALL = 100 * 1024;
    static final int LARGE = 5 * 1024 * 1024;
    static final int SIDE = 2000;
    static final long MAX_SIZE = 16L << 20;

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        switch (args[0]) {
            case "gen" -> gen(Path.of(args[1]), Integer.parseInt(args[2]));
            case "setup" -> setup(args[1], args[2], Path.of(args[3]));
            case "thumbs" -> thumbs(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Arrays.asList(args).subList(5, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---- fixtures ---------------------------------------------------------------------------

    static void gen(Path dir, int images) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("small.bin"), bytes(SMALL, 1));
        Files.write(dir.resolve("large.bin"), bytes(LARGE, 2));
        // one extra image (index -1 in the report: "warm") warms up the decoder/encoder code paths
        for (int i = 0; i <= images; i++) {
            Path p = dir.resolve("img-" + i + ".jpg");
            Files.write(p, jpeg(i));
        }
        System.err.printf("generated %s: small.bin %d B, large.bin %d B, %d JPEGs of %dx%d (%d..%d B)%n", dir, SMALL, LARGE,
                images + 1, SIDE, SIDE, Files.size(dir.resolve("img-0.jpg")), Files.size(dir.resolve("img-" + images + ".jpg")));
    }

    /** Incompressible bytes (like already-compressed media), so no layer can cheat with compression. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A photo-like 2000x2000 JPEG: gradients, shapes and fine noise, ~1-2 MB at quality 0.9. */
    static byte[] jpeg(int seed) throws IOException {
        Random r = new Random(1000 + seed);
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0xffffff)), SIDE, SIDE, new Color(r.nextInt(0xffffff))));
        g.fillRect(0, 0, SIDE, SIDE);
        for (int i = 0; i < 60; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 40 + r.nextInt(160)));
            int x = r.nextInt(SIDE), y = r.nextInt(SIDE), w = 50 + r.nextInt(600), h = 50 + r.nextInt(600);
            if (r.nextBoolean()) {
                g.fillOval(x - w / 2, y - h / 2, w, h);
            } else {
                g.fillRect(x - w / 2, y - h / 2, w, h);
            }
        }
        g.dispose();
        int[] row = new int[SIDE];
        for (int y = 0; y < SIDE; y++) {
            img.getRGB(0, y, SIDE, 1, row, 0, SIDE);
            for (int x = 0; x < SIDE; x++) {
                int n = r.nextInt(25) - 12;
                int p = row[x];
                row[x] = (clamp(((p >> 16) & 0xff) + n) << 16) | (clamp(((p >> 8) & 0xff) + n) << 8) | clamp((p & 0xff) + n);
            }
            img.setRGB(0, y, SIDE, 1, row, 0, SIDE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    // ---- setup ------------------------------------------------------------------------------

    static void setup(String base, String token, Path dir) throws Exception {
        String thumbs = String.join("\",\"", Files.readAllLines(dir.resolve("thumb_sizes.txt")));
        for (String collection : List.of("files", "uploads")) {
            send("POST", base + "/api/collections", token, "application/json", ("""
                    {"name":"%s","type":"base","listRule":"","viewRule":"","createRule":"","fields":[
                      {"name":"title","type":"text"},
                      {"name":"doc","type":"file","maxSelect":1,"maxSize":%d},
                      {"name":"image","type":"file","maxSelect":1,"maxSize":%d,"thumbs":["%s"]}]}""")
                    .formatted(collection, MAX_SIZE, MAX_SIZE, thumbs).getBytes(StandardCharsets.UTF_8));
        }
        for (String name : List.of("small.bin", "large.bin")) {
            String record = upload(base, dir, "doc", name);
            String path = "/api/files/files/" + id(record) + "/" + storedName(record, "doc");
            Files.writeString(dir.resolve(name.replace(".bin", ".path")), path);
            // the download must serve exactly the uploaded bytes
            HttpResponse<byte[]> r = get(base + path);
            if (r.statusCode() != 200 || !Arrays.equals(r.body(), Files.readAllBytes(dir.resolve(name)))) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ", " + r.body().length + " bytes, not the upload");
            }
        }
        System.err.println("created collections files and uploads with thumbs [" + thumbs.replace("\"", "") + "] and the download records");
    }

    static String upload(String base, Path dir, String field, String name) throws Exception {
        return send("POST", base + "/api/collections/files/records", null, "multipart/form-data; boundary=" + BOUNDARY,
                multipart(field, name, Files.readAllBytes(dir.resolve(name))));
    }

    static byte[] multipart(String field, String filename, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nbench\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String storedName(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }

    // ---- thumbnails -------------------------------------------------------------------------

    /**
     * For every image (after one unmeasured warm-up image) and every size: the first GET with
     * {@code ?thumb=} (cold: decode the 2000x2000 JPEG, scale, encode, store) and then REPEATS GETs
     * of the same thumbnail (cached: served from storage). Sequential, one request at a time.
     * Each thumbnail is checked to really be a thumbnail of the requested size (the server falls
     * back to the original on failure, which would otherwise look like a very fast "thumbnail").
     */
    static void thumbs(String base, Path dir, int images, int repeats, List<String> sizes) throws Exception {
        List<Double> cold = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<Double> original = new ArrayList<>();
        long thumbBytes = 0;
        int thumbCount = 0;
        for (int i = images; i >= 0; i--) { // img-N (the highest) is the unmeasured warm-up, so it goes first
            boolean warm = i == images;
            String name = "img-" + i + ".jpg";
            String record = upload(base, dir, "image", name);
            String path = "/api/files/files/" + id(record) + "/" + storedName(record, "image");
            for (String size : sizes) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> first = get(base + path + "?thumb=" + size);
                double coldMs = (System.nanoTime() - t0) / 1e6;
                check(first, size, path);
                for (int k = 0; k < repeats; k++) {
                    long t1 = System.nanoTime();
                    HttpResponse<byte[]> again = get(base + path + "?thumb=" + size);
                    double ms = (System.nanoTime() - t1) / 1e6;
                    if (again.statusCode() != 200 || !Arrays.equals(again.body(), first.body())) {
                        throw new IllegalStateException("cached thumb " + size + " of " + path + " differs from the first response");
                    }
                    if (!warm) {
                        cached.add(ms);
                    }
                }
                if (!warm) {
                    cold.add(coldMs);
                    thumbBytes += first.body().length;
                    thumbCount++;
                }
            }
            for (int k = 0; k < repeats; k++) {
                long t1 = System.nanoTime();
                HttpResponse<byte[]> full = get(base + path);
                double ms = (System.nanoTime() - t1) / 1e6;
                if (full.statusCode() != 200 || full.body().length != Files.size(dir.resolve(name))) {
                    throw new IllegalStateException("GET " + path + " -> " + full.statusCode());
                }
                if (!warm) {
                    original.add(ms);
                }
            }
        }
        System.out.printf("THUMBS kind=cold n=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f%n", cold.size(), pct(cold, 50), pct(cold, 95), pct(cold, 100));
        System.out.printf("THUMBS kind=cached n=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f%n", cached.size(), pct(cached, 50), pct(cached, 95), pct(cached, 100));
        System.out.printf("THUMBS kind=original n=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f%n", original.size(), pct(original, 50), pct(original, 95), pct(original, 100));
        System.out.println("THUMBS kind=cold_series ms=" + String.join(",", cold.stream().map(v -> String.format("%.0f", v)).toList()));
        System.out.printf("THUMBS kind=info images=%d sizes=%s avg_thumb_bytes=%d avg_source_bytes=%d%n", images, String.join(",", sizes),
                thumbCount == 0 ? 0 : thumbBytes / thumbCount, avgSource(dir, images));
    }

    static long avgSource(Path dir, int images) throws IOException {
        long sum = 0;
        for (int i = 0; i < images; i++) {
            sum += Files.size(dir.resolve("img-" + i + ".jpg"));
        }
        return images == 0 ? 0 : sum / images;
    }

    static void check(HttpResponse<byte[]> r, String size, String path) throws IOException {
        String type = r.headers().firstValue("Content-Type").orElse("");
        BufferedImage img = r.statusCode() == 200 ? ImageIO.read(new ByteArrayInputStream(r.body())) : null;
        int[] want = expected(size);
        if (img == null || !type.startsWith("image/jpeg") || img.getWidth() != want[0] || img.getHeight() != want[1]) {
            throw new IllegalStateException("GET " + path + "?thumb=" + size + " -> " + r.statusCode() + " " + type + " "
                    + (img == null ? "undecodable" : img.getWidth() + "x" + img.getHeight()) + ", expected a " + want[0] + "x" + want[1]
                    + " JPEG thumbnail (did the server fall back to the original?)");
        }
    }

    /** The thumbnail dimensions for a square SIDE x SIDE source. */
    static int[] expected(String size) {
        Matcher m = Pattern.compile("^(\\d+)x(\\d+)([tbf]?)$").matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException(size);
        }
        int w = Integer.parseInt(m.group(1)), h = Integer.parseInt(m.group(2));
        if (w == 0) {
            return new int[] {h, h};
        }
        if (h == 0) {
            return new int[] {w, w};
        }
        if (m.group(3).equals("f")) {
            int s = Math.min(Math.min(w, h), SIDE);
            return new int[] {s, s};
        }
        return new int[] {w, h};
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1; // nearest rank
        return v[Math.max(0, Math.min(v.length - 1, idx))];
    }

    // ---- http -------------------------------------------------------------------------------

    static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    static HttpResponse<byte[]> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String send(String method, String url, String token, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
