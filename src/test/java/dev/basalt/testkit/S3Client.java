package dev.basalt.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
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
 * A minimal S3 client for tests: creates buckets and looks at objects directly, path-style, with
 * AWS SigV4. Written separately from {@code dev.basalt.files.S3Storage} on purpose, so that what a
 * test sees in the bucket does not depend on the code under test.
 */
public final class S3Client {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern TOKEN = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");

    /** A fetched object. */
    public record Fetched(int status, byte[] content, String contentType, Map<String, List<String>> headers) {}

    private final String endpoint;
    private final String accessKey;
    private final String secret;
    private final String region;

    public S3Client(String endpoint, String accessKey, String secret, String region) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secret = secret;
        this.region = region;
    }

    /** Creates a bucket; fails unless the server says 200. */
    public void createBucket(String bucket) {
        HttpResponse<byte[]> r = send("PUT", "/" + bucket, Map.of(), Map.of(), new byte[0]);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("create bucket " + bucket + ": " + r.statusCode() + " " + text(r));
        }
    }

    /** Every key under the prefix (all pages). */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>(Map.of("list-type", "2", "prefix", prefix));
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<byte[]> r = send("GET", "/" + bucket, query, Map.of(), new byte[0]);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("list " + bucket + "/" + prefix + ": " + r.statusCode() + " " + text(r));
            }
            String xml = text(r);
            Matcher m = KEY.matcher(xml);
            while (m.find()) {
                keys.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                        .replace("&amp;", "&"));
            }
            Matcher t = TOKEN.matcher(xml);
            token = xml.contains("<IsTruncated>true</IsTruncated>") && t.find() ? t.group(1).replace("&amp;", "&") : null;
        } while (token != null);
        return keys;
    }

    /** The object, or empty when the server answers 404. */
    public Optional<Fetched> get(String bucket, String key) {
        HttpResponse<byte[]> r = send("GET", "/" + bucket + "/" + encodePath(key), Map.of(), Map.of(), new byte[0]);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("get " + key + ": " + r.statusCode() + " " + text(r));
        }
        return Optional.of(new Fetched(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), r.headers().map()));
    }

    /** Stores an object (replacing it). */
    public void put(String bucket, String key, byte[] content, String contentType) {
        HttpResponse<byte[]> r = send("PUT", "/" + bucket + "/" + encodePath(key), Map.of(), Map.of("content-type", contentType), content);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("put " + key + ": " + r.statusCode() + " " + text(r));
        }
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String encodePath(String key) {
        List<String> out = new ArrayList<>();
        for (String segment : key.split("/", -1)) {
            out.add(encode(segment));
        }
        return String.join("/", out);
    }

    private HttpResponse<byte[]> send(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        URI base = URI.create(endpoint);
        String host = base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
        List<String> q = new ArrayList<>();
        new TreeMap<>(query).forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
        String canonicalQuery = String.join("&", q);
        String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
        String day = now.substring(0, 8);
        String payloadHash = hex(sha256(body));
        TreeMap<String, String> signed = new TreeMap<>(headers);
        signed.put("host", host);
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", now);
        StringBuilder canonical = new StringBuilder(method).append('\n').append(path).append('\n').append(canonicalQuery).append('\n');
        signed.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        String names = String.join(";", signed.keySet());
        canonical.append('\n').append(names).append('\n').append(payloadHash);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + now + "\n" + scope + "\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(hmac(hmac(k, region), "s3"), "aws4_request");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + host + path
                        + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery)))
                .timeout(Duration.ofSeconds(30))
                .header("x-amz-date", now)
                .header("x-amz-content-sha256", payloadHash)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + names
                        + ", Signature=" + hex(hmac(k, toSign)))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
