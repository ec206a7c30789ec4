package dev.basalt.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Schema;
import dev.basalt.records.Record;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * PocketBase-compatible JWTs: HS256, signed with the record's {@code tokenKey} followed by the
 * collection's secret for the token type, so rotating either revokes the token. Claims are
 * {@code id}, {@code type}, {@code collectionId}, {@code exp} plus per-type extras
 * ({@code refreshable}, {@code email}, {@code newEmail}).
 *
 * <p>Verification never throws: any defect (malformed, another algorithm, wrong type, bad
 * signature, expired or not yet valid, unknown or deleted record, anything but strict base64url
 * segments) yields an empty result.
 */
public final class Tokens {
    /** Tokens longer than this are rejected without parsing. */
    public static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** Tolerance for nbf/iat issued by a peer node whose clock runs slightly ahead. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Supplier<Schema> schema;
    private final BiFunction<Collection, String, Optional<Record>> records;
    private final Clock clock;

    public Tokens(Supplier<Schema> schema, BiFunction<Collection, String, Optional<Record>> records, Clock clock) {
        this.schema = schema;
        this.records = records;
        this.clock = clock;
    }

    /** A new token for the record; {@code durationSeconds <= 0} uses the collection's default. */
    public String issue(Record record, AuthOptions.TokenType type, long durationSeconds, Map<String, Object> extra) {
        Collection c = record.collection();
        AuthOptions.TokenConfig config = c.auth().token(type);
        long duration = durationSeconds > 0 ? durationSeconds : config.duration();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("collectionId", c.id())
                .expirationTime(new Date((clock.instant().getEpochSecond() + duration) * 1000))
                .claim("id", record.id())
                .claim("type", type.claim());
        extra.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new MACSigner(key(record, config)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** A refreshable auth token with the collection's default duration. */
    public String authToken(Record record) {
        return issue(record, AuthOptions.TokenType.AUTH, 0, Map.of("refreshable", true));
    }

    /** A verified token: the record it belongs to and its claims. */
    public record Verified(Record record, JWTClaimsSet claims) {
        /** The {@code refreshable} claim (false when absent). */
        public boolean refreshable() {
            Object v = claims.getClaim("refreshable");
            return Boolean.TRUE.equals(v);
        }
    }

    /** Verifies a token of the given type; empty for anything invalid. */
    public Optional<Verified> verify(String token, AuthOptions.TokenType type) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        if (!COMPACT_JWS.matcher(token).matches()) {
            // the parser tolerates padding, standard base64 and stray characters; PocketBase does not
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!(claims.getClaim("id") instanceof String id) || id.isEmpty()
                    || !(claims.getClaim("collectionId") instanceof String collectionId) || collectionId.isEmpty()
                    || !type.claim().equals(claims.getClaim("type"))) {
                return Optional.empty();
            }
            Date exp = claims.getExpirationTime();
            Instant now = clock.instant();
            if (exp == null || !exp.toInstant().isAfter(now) || inFuture(claims.getNotBeforeTime(), now)
                    || inFuture(claims.getIssueTime(), now)) {
                return Optional.empty();
            }
            Optional<Collection> collection = schema.get().find(collectionId).filter(c -> c.id().equals(collectionId));
            if (collection.isEmpty() || !collection.get().isAuth()) {
                return Optional.empty();
            }
            Optional<Record> record = records.apply(collection.get(), id);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            AuthOptions.TokenConfig config = collection.get().auth().token(type);
            if (!jwt.verify(new MACVerifier(key(record.get(), config)))) {
                return Optional.empty();
            }
            return Optional.of(new Verified(record.get(), claims));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean inFuture(Date claim, Instant now) {
        return claim != null && claim.toInstant().isAfter(now.plus(CLOCK_SKEW));
    }

    /** A claim of a token read without verifying it (for choosing the right error message only); null when unreadable. */
    public static Object unverifiedClaim(String token, String claim) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getClaim(claim);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] key(Record record, AuthOptions.TokenConfig config) {
        String key = record.getString("tokenKey") + (config == null || config.secret() == null ? "" : config.secret());
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            // a valid collection always yields 60+ bytes (tokenKey >= 30, secret >= 30); refuse weak keys
            throw new IllegalStateException("missing or invalid signing key");
        }
        return bytes;
    }
}
