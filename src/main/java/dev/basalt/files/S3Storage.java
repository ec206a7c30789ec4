package dev.basalt.files;

import dev.basalt.util.Ids;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Cloudflare R2, S3Proxy, ...), spoken to
 * directly over HTTP/1.1 with AWS Signature Version 4 — no SDK. Path-style or virtual-host
 * addressing per {@code forcePathStyle}.
 *
 * <p>Every request is bounded in time (connect and response timeouts), so a wrong endpoint or a
 * silent server fails instead of hanging. Failures are unchecked: {@link UncheckedIOException} when
 * the server cannot be reached, {@link IllegalStateException} naming the operation, the HTTP status
 * and S3's error code and message when it refuses (e.g. {@code SignatureDoesNotMatch} for a wrong
 * secret). A missing key is {@link Optional#empty()} for {@link #stat} and
 * {@link NoSuchFileException} (wrapped) for {@link #open}.
 */
public final class S3Storage implements Storage {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern NEXT = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
    private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>true</IsTruncated>");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));");
    private static final String EMPTY_SHA256 = sha256Hex(new byte[0]);
    private static final int DEFAULT_PAGE_SIZE = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** Bytes per second an upload is assumed to reach at least; larger bodies get a longer timeout. */
    private static final long MIN_UPLOAD_RATE = 256 * 1024;

    // One client for every instance: the selector builds a new S3Storage on each settings change and
    // the settings test builds one per call; a client per instance would leave a selector thread each.
    // HTTP/1.1 because S3 servers do not speak HTTP/2, and a plain-HTTP endpoint must not get an h2c
    // upgrade attempt on a signed request.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /** Connection settings (PocketBase's {@code s3} settings). */
    public record Config(String endpoint, String bucket, String region, String accessKey, String secret, boolean forcePathStyle) {}

    private final Config config;
    private final int pageSize;

    public S3Storage(Config config) {
        this(config, DEFAULT_PAGE_SIZE);
    }

    /** With a smaller listing page, so tests can cover pagination without thousands of objects. */
    S3Storage(Config config, int pageSize) {
        this.config = config;
        this.pageSize = pageSize;
    }

    /** A request body with its SHA-256 (SigV4 signs the payload hash). */
    private record Payload(String sha256, HttpRequest.BodyPublisher publisher, long length) {
        static final Payload NONE = new Payload(EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(), 0);

        static Payload of(byte[] bytes) {
            return new Payload(sha256Hex(bytes), HttpRequest.BodyPublishers.ofByteArray(bytes), bytes.length);
        }

        /** Hashes the file in one pass and streams it in a second: uploads never sit in memory whole. */
        static Payload of(Path file) throws IOException {
            MessageDigest md = digest();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    md.update(buffer, 0, n);
                }
            }
            return new Payload(HexFormat.of().formatHex(md.digest()), HttpRequest.BodyPublishers.ofFile(file), Files.size(file));
        }
    }

    private URI uri(String key, Map<String, String> query) {
        String endpoint = config.endpoint().strip().replaceAll("/+$", "");
        URI base = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        // Java's client sends "Host" without a default port; the signed host must be the same text.
        int port = base.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String host = base.getHost() + (defaultPort ? "" : ":" + port);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String path = encodePath(key);
        String uriPath;
        if (config.forcePathStyle()) {
            uriPath = basePath + "/" + config.bucket() + (key.isEmpty() ? "" : "/" + path);
        } else {
            host = config.bucket() + "." + host;
            uriPath = basePath + "/" + path;
        }
        String q = canonicalQuery(query);
        return URI.create(scheme + "://" + host + uriPath + (q.isEmpty() ? "" : "?" + q));
    }

    /** SigV4 URI encoding: everything but {@code A-Z a-z 0-9 - _ . ~} as upper-case %XX of the UTF-8 bytes. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String encodePath(String key) {
        List<String> parts = new ArrayList<>();
        for (String segment : key.split("/", -1)) {
            parts.add(encode(segment));
        }
        return String.join("/", parts);
    }

    private static String canonicalQuery(Map<String, String> query) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(query).forEach((k, v) -> parts.add(encode(k) + "=" + encode(v)));
        return String.join("&", parts);
    }

    private HttpResponse<InputStream> send(String method, String key, Map<String, String> query, Map<String, String> headers,
            Payload payload) {
        URI uri = uri(key, query);
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", uri.getRawAuthority());
        signed.put("x-amz-content-sha256", payload.sha256());
        signed.put("x-amz-date", amzDate);
        // Only host and x-amz-* are signed (all SigV4 requires). Content-Type and Range go unsigned:
        // servers and proxies rewrite such standard headers (Jetty, under S3Proxy, turns
        // "charset=utf-8" into "charset=UTF-8"), which would break a signature over them.
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) {
                signed.put(name, v.strip().replaceAll(" +", " "));
            }
        });
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n" + uri.getRawPath() + "\n" + canonicalQuery(query) + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payload.sha256();
        String region = config.region() == null || config.region().isBlank() ? "us-east-1" : config.region().strip();
        String scope = date + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key1 = hmac(("AWS4" + config.secret()).getBytes(StandardCharsets.UTF_8), date);
        byte[] signingKey = hmac(hmac(hmac(key1, region), "s3"), "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(signingKey, stringToSign));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(RESPONSE_TIMEOUT.plusSeconds(payload.length() / MIN_UPLOAD_RATE))
                .header("x-amz-content-sha256", payload.sha256())
                .header("x-amz-date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + config.accessKey() + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        headers.forEach(b::header);
        b.method(method, payload.publisher());
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("S3 " + method + " " + uri.getHost() + uri.getRawPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during S3 " + method, e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    private static String body(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Fails with the status and S3's error code and message (no body for HEAD: the status alone). */
    private static void check(HttpResponse<InputStream> r, String what) {
        if (r.statusCode() < 300) {
            return;
        }
        String text = body(r);
        Matcher code = ERROR_CODE.matcher(text);
        Matcher message = ERROR_MESSAGE.matcher(text);
        StringBuilder sb = new StringBuilder("S3 ").append(what).append(" failed with status ").append(r.statusCode());
        if (code.find()) {
            sb.append(": ").append(unescapeXml(code.group(1)));
            if (message.find()) {
                sb.append(" (").append(unescapeXml(message.group(1))).append(')');
            }
        } else if (!text.isBlank()) {
            sb.append(": ").append(text, 0, Math.min(300, text.length()));
        }
        throw new IllegalStateException(sb.toString());
    }

    @Override
    public void put(String key, Path source, String contentType, String originalName) {
        try {
            put(key, Payload.of(source), contentType, originalName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType, String originalName) {
        put(key, Payload.of(content), contentType, originalName);
    }

    private void put(String key, Payload payload, String contentType, String originalName) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Content-Type", contentType == null || contentType.isEmpty() ? "application/octet-stream" : contentType);
        if (originalName != null && !originalName.isEmpty()) {
            // header values must be ASCII: percent-encoded, as PocketBase's S3 driver stores metadata
            headers.put("x-amz-meta-original-filename", encode(originalName));
        }
        HttpResponse<InputStream> r = send("PUT", key, Map.of(), headers, payload);
        check(r, "PUT " + key);
        body(r);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        HttpResponse<InputStream> r = send("HEAD", key, Map.of(), Map.of(), Payload.NONE);
        body(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        // 403 is not "missing": it is what a wrong secret or a bucket without access answers, and
        // hiding it as a 404 would make a misconfiguration look like lost files.
        check(r, "HEAD " + key);
        long size = r.headers().firstValueAsLong("Content-Length").orElse(0);
        Instant modified = r.headers().firstValue("Last-Modified").map(S3Storage::httpDate).orElse(Instant.EPOCH);
        String type = r.headers().firstValue("Content-Type").orElse("");
        String original = r.headers().firstValue("x-amz-meta-original-filename").map(S3Storage::percentDecode).orElse("");
        return Optional.of(new StoredObject(key, size, modified, type, original));
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Percent-decoding that keeps {@code +} (form decoding would turn it into a space). */
    private static String percentDecode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        if (length == 0) {
            // "bytes=N-(N-1)" is not a valid range: an empty read needs no request
            return empty();
        }
        Map<String, String> headers = new TreeMap<>();
        boolean ranged = offset > 0 || length > 0;
        if (ranged) {
            headers.put("Range", "bytes=" + offset + "-" + (length > 0 ? String.valueOf(offset + length - 1) : ""));
        }
        HttpResponse<InputStream> r = send("GET", key, Map.of(), headers, Payload.NONE);
        if (r.statusCode() == 404) {
            body(r);
            throw new UncheckedIOException(new NoSuchFileException(key));
        }
        if (r.statusCode() == 416) {
            // the range starts past the end: nothing to read, as with a local file
            body(r);
            return empty();
        }
        check(r, "GET " + key);
        InputStream in = r.body();
        if (ranged && r.statusCode() == 200) {
            // a server that ignores Range sends the whole object: cut the asked part out of it
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                closeQuietly(in);
                throw new UncheckedIOException(e);
            }
            return length > 0 ? new BoundedInputStream(in, length) : in;
        }
        return in;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is abandoned either way
        }
    }

    @Override
    public void delete(String key) {
        HttpResponse<InputStream> r = send("DELETE", key, Map.of(), Map.of(), Payload.NONE);
        if (r.statusCode() != 404) {
            check(r, "DELETE " + key);
        }
        body(r);
    }

    @Override
    public void deletePrefix(String prefix) {
        for (String key : list(prefix)) {
            delete(key);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("max-keys", Integer.toString(pageSize));
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<InputStream> r = send("GET", "", query, Map.of(), Payload.NONE);
            check(r, "LIST " + prefix);
            String xml = body(r);
            Matcher m = KEY.matcher(xml);
            while (m.find()) {
                keys.add(unescapeXml(m.group(1)));
            }
            Matcher next = NEXT.matcher(xml);
            token = TRUNCATED.matcher(xml).find() && next.find() ? unescapeXml(next.group(1)) : null;
        } while (token != null);
        return keys;
    }

    /** XML text to plain text: the five named entities and numeric references (S3 writes control characters as those). */
    private static String unescapeXml(String s) {
        String named = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'");
        Matcher m = NUMERIC_ENTITY.matcher(named);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int cp = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
            String text = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString().replace("&amp;", "&");
    }

    /**
     * Checks the settings the way PocketBase's "test connection" does: uploads a small object under
     * a random prefix and deletes that prefix again, which needs put, list and delete to work.
     * Throws with a message saying which step failed and why.
     */
    public void test() {
        String prefix = "pb_settings_test_" + Ids.random(5, Ids.ID_ALPHABET);
        try {
            put(prefix + "/test.txt", "test".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", "");
        } catch (RuntimeException e) {
            throw new IllegalStateException("failed to upload a test file: " + e.getMessage(), e);
        }
        try {
            deletePrefix(prefix + "/");
        } catch (RuntimeException e) {
            throw new IllegalStateException("failed to delete a test file: " + e.getMessage(), e);
        }
    }

    static InputStream empty() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
