package dev.basalt.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Cloudflare R2, S3Proxy, ...), spoken to
 * directly over HTTP with AWS Signature Version 4 — no SDK. Path-style or virtual-host addressing
 * per {@code forcePathStyle}.
 */
public final class S3Storage implements Storage {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern NEXT = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
    private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>true</IsTruncated>");

    /** Connection settings (PocketBase's {@code s3} settings). */
    public record Config(String endpoint, String bucket, String region, String accessKey, String secret, boolean forcePathStyle) {}

    private final Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public S3Storage(Config config) {
        this.config = config;
    }

    private URI uri(String key, Map<String, String> query) {
        String endpoint = config.endpoint().replaceAll("/+$", "");
        URI base = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        String path = encodePath(key);
        String host = base.getRawAuthority();
        String uriPath;
        if (config.forcePathStyle()) {
            uriPath = "/" + config.bucket() + (key.isEmpty() ? "" : "/" + path);
        } else {
            host = config.bucket() + "." + host;
            uriPath = "/" + path;
        }
        String q = canonicalQuery(query);
        return URI.create(base.getScheme() + "://" + host + uriPath + (q.isEmpty() ? "" : "?" + q));
    }

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
            byte[] body) {
        URI uri = uri(key, query);
        String payloadHash = body == null ? sha256Hex(new byte[0]) : sha256Hex(body);
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", uri.getRawAuthority());
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", amzDate);
        headers.forEach((k, v) -> signed.put(k.toLowerCase(java.util.Locale.ROOT), v.strip()));
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n" + uri.getRawPath() + "\n" + canonicalQuery(query) + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
        String region = config.region() == null || config.region().isEmpty() ? "us-east-1" : config.region();
        String scope = date + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key1 = hmac(("AWS4" + config.secret()).getBytes(StandardCharsets.UTF_8), date);
        byte[] signingKey = hmac(hmac(hmac(key1, region), "s3"), "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(signingKey, stringToSign));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("x-amz-content-sha256", payloadHash)
                .header("x-amz-date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + config.accessKey() + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("S3 " + method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void check(HttpResponse<InputStream> r, String what) {
        if (r.statusCode() >= 300) {
            String text = body(r);
            throw new IllegalStateException("S3 " + what + " failed with " + r.statusCode() + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
    }

    @Override
    public void put(String key, Path source, String contentType, String originalName) {
        try {
            put(key, Files.readAllBytes(source), contentType, originalName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType, String originalName) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Content-Type", contentType == null || contentType.isEmpty() ? "application/octet-stream" : contentType);
        if (originalName != null && !originalName.isEmpty()) {
            headers.put("x-amz-meta-original-filename", encode(originalName));
        }
        HttpResponse<InputStream> r = send("PUT", key, Map.of(), headers, content);
        check(r, "PUT " + key);
        body(r);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        HttpResponse<InputStream> r = send("HEAD", key, Map.of(), Map.of(), null);
        body(r);
        if (r.statusCode() == 404 || r.statusCode() == 403) {
            return Optional.empty();
        }
        check(r, "HEAD " + key);
        long size = r.headers().firstValueAsLong("Content-Length").orElse(0);
        Instant modified = r.headers().firstValue("Last-Modified")
                .map(v -> ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).orElse(Instant.EPOCH);
        String type = r.headers().firstValue("Content-Type").orElse("");
        String original = r.headers().firstValue("x-amz-meta-original-filename")
                .map(v -> java.net.URLDecoder.decode(v, StandardCharsets.UTF_8)).orElse("");
        return Optional.of(new StoredObject(key, size, modified, type, original));
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        Map<String, String> headers = new TreeMap<>();
        if (offset > 0 || length >= 0) {
            headers.put("Range", "bytes=" + offset + "-" + (length >= 0 ? String.valueOf(offset + length - 1) : ""));
        }
        HttpResponse<InputStream> r = send("GET", key, Map.of(), headers, null);
        if (r.statusCode() == 404) {
            body(r);
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(key));
        }
        check(r, "GET " + key);
        return r.body();
    }

    @Override
    public void delete(String key) {
        HttpResponse<InputStream> r = send("DELETE", key, Map.of(), Map.of(), null);
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
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<InputStream> r = send("GET", "", query, Map.of(), null);
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

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    /** Checks that the bucket can be listed with the configured credentials. */
    public void test() {
        list("__basalt_connection_test__");
    }

    static InputStream empty() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
