package dev.basalt.settings;

import java.util.List;

/**
 * The runtime-editable settings (PocketBase's settings model, stored as JSON in the
 * {@code _params} row {@code settings}). Immutable: a change produces a new instance that replaces
 * the old one atomically.
 */
public record Settings(
        List<String> superuserIPs,
        Smtp smtp,
        Backups backups,
        S3 s3,
        Meta meta,
        RateLimits rateLimits,
        TrustedProxy trustedProxy,
        Batch batch,
        Logs logs) {

    /** Outgoing mail server. */
    public record Smtp(boolean enabled, int port, String host, String username, String password, String authMethod,
            boolean tls, String localName) {}

    /** Scheduled backups. */
    public record Backups(String cron, int cronMaxKeep, S3 s3) {}

    /** An S3-compatible object store. */
    public record S3(boolean enabled, String bucket, String region, String endpoint, String accessKey, String secret,
            boolean forcePathStyle) {}

    /** Application identity used in emails and links. */
    public record Meta(String accentColor, String appName, String appURL, String senderName, String senderAddress,
            boolean hideControls) {}

    /** Request rate limiting. */
    public record RateLimits(List<RateLimitRule> rules, List<String> excludedIPs, boolean enabled) {}

    /** One rate limit rule: at most {@code maxRequests} per {@code duration} seconds for {@code label}. */
    public record RateLimitRule(String label, String audience, int duration, int maxRequests) {}

    /** Which proxy headers carry the client IP. */
    public record TrustedProxy(List<String> headers, boolean useLeftmostIP) {}

    /** The batch API. */
    public record Batch(boolean enabled, int maxRequests, int timeout, long maxBodySize) {}

    /** Request logs. */
    public record Logs(int maxDays, int minLevel, boolean logIP, boolean logAuthId) {}
}
