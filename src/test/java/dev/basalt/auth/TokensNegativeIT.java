package dev.basalt.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.basalt.collections.AuthOptions.TokenType;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import dev.basalt.util.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted and tampered JWTs sent in {@code Authorization} to real endpoints of a server over a copy
 * of the fixture. None may be accepted: auth-refresh answers 401, superuser routes 401/403, and
 * rule-guarded records are served as to a guest. Every case first proves, on the same server and
 * endpoints, that a correctly signed token for the same account <em>is</em> accepted, so a case
 * can only pass because its defect was caught. {@link #acceptedLikePocketBase} holds the
 * variations PocketBase accepts (typ, kid, Bearer, float exp), which must keep working.
 *
 * <p>Tokens are minted here from the fixture's own secrets ({@code _collections.options}) and
 * {@code tokenKey}s read with SQLite, independently of {@link Tokens}.
 */
class TokensNegativeIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final long FUTURE = 2524604461L; // 2050
    private static final Set<Integer> HEADER_TOO_LARGE = Set.of(431);

    /** An account the crafted tokens try to act as, and what else of the fixture each case may borrow. */
    enum Target {
        SUPERUSER("_superusers", "pbc_3142635823", "sywbhecnh46rhm0", "sbmbsdb40jyxf7h",
                "users", "_pb_users_auth_", "4q1xlclmfloku33"),
        USER("users", "_pb_users_auth_", "4q1xlclmfloku33", "oap640cot4yru2s",
                "clients", "v851q4r790rhknl", "gk390qegs4y47wn");

        final String collection;
        final String collectionId;
        final String id;
        /** Another record of the same collection. */
        final String sibling;
        /** Another auth collection, its id and one of its records. */
        final String otherCollection;
        final String otherCollectionId;
        final String otherId;

        Target(String collection, String collectionId, String id, String sibling, String otherCollection,
                String otherCollectionId, String otherId) {
            this.collection = collection;
            this.collectionId = collectionId;
            this.id = id;
            this.sibling = sibling;
            this.otherCollection = otherCollection;
            this.otherCollectionId = otherCollectionId;
            this.otherId = otherId;
        }

        /** Requests that succeed only for this account: status when accepted, statuses when the token is refused. */
        List<Probe> probes() {
            Probe refresh = new Probe("POST", "/api/collections/" + collection + "/auth-refresh", 200, Set.of(401));
            return this == SUPERUSER
                    ? List.of(refresh,
                            new Probe("GET", "/api/collections", 200, Set.of(401, 403)),
                            // a superuser bypasses the viewRule; a guest gets PocketBase's 404
                            new Probe("GET", "/api/collections/users/records/4q1xlclmfloku33", 200, Set.of(404)))
                    // viewRule "id = @request.auth.id": only this user sees it; a guest gets 404
                    : List.of(refresh, new Probe("GET", "/api/collections/users/records/4q1xlclmfloku33", 200, Set.of(404)));
        }
    }

    record Probe(String method, String path, int accepted, Set<Integer> refused) {}

    /**
     * One crafted Authorization value. {@code headerOnly} marks values that are not a token
     * ({@code Bearer } forms) and so are not also fed to {@link Tokens#verify}; {@code fresh} cases
     * change data and get their own server; {@code alsoRefused} are statuses that mean the same
     * (a 431 for a header the HTTP server will not read).
     */
    record Case(String name, BiFunction<Ctx, Target, String> header, boolean fresh, boolean headerOnly, Set<Integer> alsoRefused) {
        static Case of(String name, BiFunction<Ctx, Target, String> header) {
            return new Case(name, header, false, false, Set.of());
        }

        Case needsFreshServer() {
            return new Case(name, header, true, headerOnly, alsoRefused);
        }

        Case onlyAsHeader() {
            return new Case(name, header, fresh, true, alsoRefused);
        }

        Case alsoRefused(Set<Integer> statuses) {
            return new Case(name, header, fresh, headerOnly, statuses);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static TestServer shared;

    @BeforeAll
    static void start() {
        shared = TestServer.fixture();
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // the cases

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();

        // alg none in its spellings, unsigned, with and without the trailing dot
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            c.add(Case.of("alg " + alg + ", no signature, trailing dot",
                    (x, t) -> seg("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + seg(x.claims(t)) + "."));
            c.add(Case.of("alg " + alg + ", no signature, no trailing dot",
                    (x, t) -> seg("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + seg(x.claims(t))));
        }
        c.add(Case.of("alg none carrying the signature of a valid token", (x, t) -> {
            String valid = x.valid(t);
            String header = seg("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            return header + "." + part(valid, 1) + "." + part(valid, 2);
        }));

        // wrong keys
        c.add(Case.of("HS256 signed with an attacker key", (x, t) -> hs("HS256", HS256, x.claims(t), "attacker-key-attacker-key-attacker-key-0123456789")));
        for (TokenType other : List.of(TokenType.FILE, TokenType.VERIFICATION, TokenType.PASSWORD_RESET, TokenType.EMAIL_CHANGE)) {
            c.add(Case.of("right tokenKey + the " + other.claim() + " secret, type auth",
                    (x, t) -> hs("HS256", HS256, x.claims(t), x.tokenKey(t.collection, t.id) + x.secret(t.collection, other))));
        }
        c.add(Case.of("collection secret + another record's tokenKey",
                (x, t) -> hs("HS256", HS256, x.claims(t), x.tokenKey(t.collection, t.sibling) + x.secret(t.collection, TokenType.AUTH))));
        c.add(Case.of("the collection secret alone", (x, t) -> hs("HS256", HS256, x.claims(t), x.secret(t.collection, TokenType.AUTH))));
        c.add(Case.of("the tokenKey alone", (x, t) -> hs("HS256", HS256, x.claims(t), x.tokenKey(t.collection, t.id))));
        c.add(Case.of("secret + tokenKey in the wrong order",
                (x, t) -> hs("HS256", HS256, x.claims(t), x.secret(t.collection, TokenType.AUTH) + x.tokenKey(t.collection, t.id))));
        c.add(Case.of("another auth collection's secret with the right tokenKey",
                // the fixture's users, clients and nologin share one secret, so users borrow the superusers' one
                (x, t) -> hs("HS256", HS256, x.claims(t), x.tokenKey(t.collection, t.id)
                        + x.secret(t == Target.SUPERUSER ? "users" : "_superusers", TokenType.AUTH))));

        // other algorithms with the right key
        c.add(Case.of("HS384 with the right key", (x, t) -> hs("HS384", "{\"alg\":\"HS384\",\"typ\":\"JWT\"}", x.claims(t), x.key(t))));
        c.add(Case.of("HS512 with the right key", (x, t) -> hs("HS512", "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", x.claims(t), x.key(t))));
        c.add(Case.of("alg hs256 (lower case) with the right key", (x, t) -> hs("HS256", "{\"alg\":\"hs256\",\"typ\":\"JWT\"}", x.claims(t), x.key(t))));
        c.add(Case.of("alg as an array with the right key", (x, t) -> hs("HS256", "{\"alg\":[\"HS256\"],\"typ\":\"JWT\"}", x.claims(t), x.key(t))));
        c.add(Case.of("header without alg, HS256 signature", (x, t) -> hs("HS256", "{\"typ\":\"JWT\"}", x.claims(t), x.key(t))));

        // asymmetric signatures
        c.add(Case.of("RS256 with an attacker key", (x, t) -> x.rs256(t, false, null)));
        c.add(Case.of("ES256 with an attacker key", (x, t) -> x.es256(t, false)));
        c.add(Case.of("ES256 psychic signature (r = s = 0)",
                (x, t) -> seg("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + seg(x.claims(t)) + "." + B64.encodeToString(new byte[64])));
        c.add(Case.of("ES256 psychic signature (r = s = 0, DER)",
                (x, t) -> seg("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + seg(x.claims(t)) + "." + B64.encodeToString(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00})));

        // header injection
        c.add(Case.of("embedded jwk (RS256, attacker key)", (x, t) -> x.rs256(t, true, null)));
        c.add(Case.of("embedded jwk (ES256, attacker key)", (x, t) -> x.es256(t, true)));
        c.add(Case.of("embedded oct jwk (HS256 signed with it)", (x, t) -> {
            String k = "attacker-oct-key-attacker-oct-key-0123";
            String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"jwk\":{\"kty\":\"oct\",\"k\":\"" + B64.encodeToString(k.getBytes(StandardCharsets.UTF_8)) + "\"}}";
            return hs("HS256", header, x.claims(t), k);
        }));
        c.add(Case.of("jku to an attacker JWKS (RS256)", (x, t) -> x.rs256(t, false, "http://127.0.0.1:9/jwks.json")));
        c.add(Case.of("kid /dev/null, signed with the empty key", (x, t) -> {
            String header = "{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\",\"typ\":\"JWT\"}";
            // HMAC pads the key with zeros, so a single zero byte is the empty key
            return seg(header) + "." + seg(x.claims(t)) + "." + mac("HS256", new byte[1], seg(header) + "." + seg(x.claims(t)));
        }));
        c.add(Case.of("kid SQL injection, signed with the injected key", (x, t) -> {
            String header = "{\"alg\":\"HS256\",\"kid\":\"x' UNION SELECT 'injected-key-injected-key-injected' --\",\"typ\":\"JWT\"}";
            return hs("HS256", header, x.claims(t), "injected-key-injected-key-injected");
        }));
        c.add(Case.of("crit header naming an unknown parameter, right key",
                (x, t) -> hs("HS256", "{\"alg\":\"HS256\",\"crit\":[\"x-basalt\"],\"typ\":\"JWT\",\"x-basalt\":true}", x.claims(t), x.key(t))));

        // expiry
        c.add(Case.of("expired (exp an hour ago)", (x, t) -> x.signed(t, m -> m.put("exp", now() - 3600))));
        c.add(Case.of("expired (exp 1 s ago)", (x, t) -> x.signed(t, m -> m.put("exp", now() - 1))));
        c.add(Case.of("exp = now", (x, t) -> x.signed(t, m -> m.put("exp", now()))));
        c.add(Case.of("exp = 0", (x, t) -> x.signed(t, m -> m.put("exp", 0))));
        c.add(Case.of("exp negative", (x, t) -> x.signed(t, m -> m.put("exp", -1))));
        c.add(Case.of("missing exp", (x, t) -> x.signed(t, m -> m.remove("exp"))));
        c.add(Case.of("exp as a string", (x, t) -> x.signed(t, m -> m.put("exp", String.valueOf(FUTURE)))));
        c.add(Case.of("exp as null", (x, t) -> x.signed(t, m -> m.put("exp", null))));
        c.add(Case.of("exp as a boolean", (x, t) -> x.signed(t, m -> m.put("exp", true))));
        c.add(Case.of("nbf in the future (PocketBase validates nbf)", (x, t) -> x.signed(t, m -> m.put("nbf", now() + 3600))));
        c.add(Case.of("iat in the future (PocketBase validates iat)", (x, t) -> x.signed(t, m -> m.put("iat", now() + 3600))));
        c.add(Case.of("nbf as a string", (x, t) -> x.signed(t, m -> m.put("nbf", "0"))));

        // required claims: missing, empty, not a string
        for (String claim : List.of("id", "collectionId", "type")) {
            c.add(Case.of("missing " + claim, (x, t) -> x.signed(t, m -> m.remove(claim))));
            c.add(Case.of("empty " + claim, (x, t) -> x.signed(t, m -> m.put(claim, ""))));
            c.add(Case.of(claim + " as a number", (x, t) -> x.signed(t, m -> m.put(claim, 123))));
            c.add(Case.of(claim + " as an array", (x, t) -> x.signed(t, m -> m.put(claim, List.of(m.get(claim))))));
            c.add(Case.of(claim + " as null", (x, t) -> x.signed(t, m -> m.put(claim, null))));
        }
        c.add(Case.of("type Auth (case)", (x, t) -> x.signed(t, m -> m.put("type", "Auth"))));
        c.add(Case.of("type auth with padding", (x, t) -> x.signed(t, m -> m.put("type", "auth "))));

        // tokens of the other types, each correctly signed for its type
        for (TokenType other : List.of(TokenType.FILE, TokenType.VERIFICATION, TokenType.PASSWORD_RESET, TokenType.EMAIL_CHANGE)) {
            c.add(Case.of("a valid " + other.claim() + " token used as auth", (x, t) -> {
                TreeMap<String, Object> m = x.base(t);
                m.put("type", other.claim());
                m.remove("refreshable");
                if (other != TokenType.FILE) {
                    m.put("email", "test@example.com");
                }
                if (other == TokenType.EMAIL_CHANGE) {
                    m.put("newEmail", "new@example.com");
                }
                return hs("HS256", HS256, Json.write(m), x.tokenKey(t.collection, t.id) + x.secret(t.collection, other));
            }));
            c.add(Case.of("type " + other.claim() + " signed with the auth key",
                    (x, t) -> x.signed(t, m -> m.put("type", other.claim()))));
        }

        // identity confusion
        c.add(Case.of("id of another record, signed with the target's key", (x, t) -> x.signed(t, m -> m.put("id", t.sibling))));
        c.add(Case.of("collectionId of another auth collection (id of the target)",
                (x, t) -> x.signed(t, m -> m.put("collectionId", t.otherCollectionId))));
        c.add(Case.of("collectionId + id of another auth collection, signed with the target's key",
                (x, t) -> x.signed(t, m -> {
                    m.put("collectionId", t.otherCollectionId);
                    m.put("id", t.otherId);
                })));
        c.add(Case.of("collectionId of a non-auth collection (demo2)", (x, t) -> x.signed(t, m -> {
            m.put("collectionId", "sz5l5z67tg7gku0");
            m.put("id", "0yxhwia2amd8gec");
        })));
        c.add(Case.of("collectionId of a view collection", (x, t) -> x.signed(t, m -> m.put("collectionId", "v9gwnfh02gjq1q0"))));
        c.add(Case.of("unknown collectionId", (x, t) -> x.signed(t, m -> m.put("collectionId", "pbc_0000000000"))));
        c.add(Case.of("unknown id", (x, t) -> x.signed(t, m -> m.put("id", "zzzzzzzzzzzzzzz"))));
        c.add(Case.of("id with SQL", (x, t) -> x.signed(t, m -> m.put("id", t.id + "' OR '1'='1"))));
        c.add(Case.of("id in upper case", (x, t) -> x.signed(t, m -> m.put("id", t.id.toUpperCase(java.util.Locale.ROOT)))));
        c.add(Case.of("payload of the target with another account's valid signature", (x, t) -> {
            String other = x.server.basalt().tokens().authToken(x.record(t.collection, t.sibling));
            return part(x.valid(t), 0) + "." + part(x.valid(t), 1) + "." + part(other, 2);
        }));

        // records that changed after the token was issued
        c.add(Case.of("a token of a deleted record", (x, t) -> {
            String token = x.valid(t);
            x.assertAccepted(t, token);
            x.sql("DELETE FROM " + t.collection + " WHERE id = ?", t.id);
            return token;
        }).needsFreshServer());
        c.add(Case.of("a token of a record whose tokenKey changed", (x, t) -> {
            String token = x.valid(t);
            x.assertAccepted(t, token);
            x.sql("UPDATE " + t.collection + " SET tokenKey = 'rotated_rotated_rotated_rotated_rotated_rotated_00' WHERE id = ?", t.id);
            return token;
        }).needsFreshServer());
        c.add(Case.of("a token after the password changed (tokenKey refreshed)", (x, t) -> {
            String token = x.valid(t);
            x.assertAccepted(t, token);
            String path = "/api/collections/" + t.collection + "/records/" + t.id;
            String actor = x.server.basalt().tokens().authToken(x.record("_superusers", "sbmbsdb40jyxf7h"));
            Response r = x.server.send("PATCH", path, actor,
                    "{\"password\":\"new-password-1\",\"passwordConfirm\":\"new-password-1\"}", Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return token;
        }).needsFreshServer());

        // malformed
        c.add(Case.of("two parts (signature dropped)", (x, t) -> part(x.valid(t), 0) + "." + part(x.valid(t), 1)));
        c.add(Case.of("four parts", (x, t) -> x.valid(t) + "." + part(x.valid(t), 2)));
        c.add(Case.of("five parts (JWE shape)", (x, t) -> x.valid(t) + ".a.b"));
        c.add(Case.of("empty signature segment", (x, t) -> part(x.valid(t), 0) + "." + part(x.valid(t), 1) + "."));
        c.add(Case.of("signature truncated by one character", (x, t) -> x.valid(t).substring(0, x.valid(t).length() - 1)));
        c.add(Case.of("signature with one bit flipped", (x, t) -> {
            String v = x.valid(t);
            byte[] sig = Base64.getUrlDecoder().decode(part(v, 2));
            sig[0] ^= 1;
            return part(v, 0) + "." + part(v, 1) + "." + B64.encodeToString(sig);
        }));
        c.add(Case.of("signature with '=' padding", (x, t) -> {
            String v = x.valid(t);
            return part(v, 0) + "." + part(v, 1) + "." + Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(part(v, 2)));
        }));
        c.add(Case.of("signature in standard base64 (+/ and =)", (x, t) -> {
            String v = x.valid(t);
            return part(v, 0) + "." + part(v, 1) + "." + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(part(v, 2)));
        }));
        c.add(Case.of("non-base64 characters in the signature", (x, t) -> {
            String v = x.valid(t);
            String sig = part(v, 2);
            return part(v, 0) + "." + part(v, 1) + "." + sig.substring(0, 10) + "!*" + sig.substring(10);
        }));
        c.add(Case.of("space inside the signature", (x, t) -> {
            String v = x.valid(t);
            String sig = part(v, 2);
            return part(v, 0) + "." + part(v, 1) + "." + sig.substring(0, 20) + " " + sig.substring(20);
        }));
        c.add(Case.of("tab inside the signature", (x, t) -> {
            String v = x.valid(t);
            String sig = part(v, 2);
            return part(v, 0) + "." + part(v, 1) + "." + sig.substring(0, 20) + "\t" + sig.substring(20);
        }));
        c.add(Case.of("space inside the payload", (x, t) -> {
            String v = x.valid(t);
            String p = part(v, 1);
            return part(v, 0) + "." + p.substring(0, 10) + " " + p.substring(10) + "." + part(v, 2);
        }));
        c.add(Case.of("non-base64 header", (x, t) -> "%%%." + part(x.valid(t), 1) + "." + part(x.valid(t), 2)));
        c.add(Case.of("header is not JSON", (x, t) -> hs("HS256", "HS256", x.claims(t), x.key(t))));
        c.add(Case.of("payload is a JSON array (right key)", (x, t) -> hs("HS256", HS256, "[" + x.claims(t) + "]", x.key(t))));
        c.add(Case.of("payload is a JSON string (right key)", (x, t) -> hs("HS256", HS256, "\"" + t.id + "\"", x.key(t))));
        c.add(Case.of("payload is not JSON (right key)", (x, t) -> hs("HS256", HS256, "id=" + t.id, x.key(t))));
        c.add(Case.of("payload with trailing garbage after the object (right key)",
                (x, t) -> hs("HS256", HS256, x.claims(t) + "{\"id\":\"" + t.sibling + "\"}", x.key(t))));
        c.add(Case.of("duplicate type, the last one file (right auth key)",
                (x, t) -> hs("HS256", HS256, x.claims(t).replaceFirst("}$", ",\"type\":\"file\"}"), x.key(t))));
        c.add(Case.of("duplicate exp, the last one expired (right key)",
                (x, t) -> hs("HS256", HS256, x.claims(t).replaceFirst("}$", ",\"exp\":1000}"), x.key(t))));
        c.add(Case.of("duplicate id, the last one another record (target's key)",
                (x, t) -> hs("HS256", HS256, x.claims(t).replaceFirst("}$", ",\"id\":\"" + t.sibling + "\"}"), x.key(t))));
        c.add(Case.of("over MAX_TOKEN_LENGTH (4.3 KB), right key",
                (x, t) -> x.signed(t, m -> m.put("pad", "x".repeat(Tokens.MAX_TOKEN_LENGTH * 3 / 4)))));
        c.add(Case.of("10 KB token, right key", (x, t) -> x.signed(t, m -> m.put("pad", "x".repeat(7_700))))
                .alsoRefused(HEADER_TOO_LARGE));
        c.add(Case.of("100 KB token, right key", (x, t) -> x.signed(t, m -> m.put("pad", "x".repeat(77_000))))
                .alsoRefused(HEADER_TOO_LARGE));
        c.add(Case.of("100 KB of dots", (x, t) -> ".".repeat(100_000)).alsoRefused(HEADER_TOO_LARGE));
        c.add(Case.of("only dots", (x, t) -> ".."));
        c.add(Case.of("not a token", (x, t) -> "not-a-token"));
        c.add(Case.of("Bearer with an empty token", (x, t) -> "Bearer ").onlyAsHeader());
        c.add(Case.of("Bearer alone", (x, t) -> "Bearer").onlyAsHeader());
        c.add(Case.of("Bearer and two spaces before a valid token", (x, t) -> "Bearer  " + x.valid(t)).onlyAsHeader());
        c.add(Case.of("Bearer Bearer <valid>", (x, t) -> "Bearer Bearer " + x.valid(t)).onlyAsHeader());
        c.add(Case.of("Basic scheme with the token", (x, t) -> "Basic " + x.valid(t)).onlyAsHeader());
        c.add(Case.of("two tokens separated by a comma", (x, t) -> x.valid(t) + "," + x.valid(t)).onlyAsHeader());
        return c.stream();
    }

    static Stream<Arguments> casesPerTarget() {
        return cases().flatMap(c -> Arrays.stream(Target.values()).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("casesPerTarget")
    void refused(Case c, Target t) {
        TestServer s = c.fresh() ? TestServer.fixture() : shared;
        try {
            Ctx x = new Ctx(s);
            // positive control: on this server, these endpoints accept a correctly signed token of the same account
            x.assertAccepted(t, x.valid(t));

            String header = c.header().apply(x, t);
            for (Probe p : t.probes()) {
                Response r = s.send(p.method(), p.path(), header, p.method().equals("POST") ? "" : null, Map.of());
                assertThat(r.status()).as("%s: %s %s answered %s", c, p.method(), p.path(), r.body())
                        .isIn(union(p.refused(), c.alsoRefused()));
            }
            if (!c.headerOnly()) {
                assertThat(s.basalt().tokens().verify(header, TokenType.AUTH)).as("Tokens.verify").isEmpty();
            }
        } finally {
            if (s != shared) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // what PocketBase accepts must keep working (and proves the probes can say yes)

    static Stream<Case> accepted() {
        return Stream.of(
                Case.of("issued by Basalt", (x, t) -> x.server.basalt().tokens().authToken(x.record(t.collection, t.id))),
                Case.of("minted like PocketBase", Ctx::valid),
                Case.of("Bearer prefix", (x, t) -> "Bearer " + x.valid(t)).onlyAsHeader(),
                Case.of("typ absent (PocketBase ignores typ)", (x, t) -> hs("HS256", "{\"alg\":\"HS256\"}", x.claims(t), x.key(t))),
                Case.of("typ at+jwt (PocketBase ignores typ)", (x, t) -> hs("HS256", "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", x.claims(t), x.key(t))),
                Case.of("typ JWS in lower case", (x, t) -> hs("HS256", "{\"alg\":\"HS256\",\"typ\":\"jws\"}", x.claims(t), x.key(t))),
                Case.of("a kid header (ignored)", (x, t) -> hs("HS256", "{\"alg\":\"HS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}", x.claims(t), x.key(t))),
                Case.of("exp as a float", (x, t) -> x.signed(t, m -> m.put("exp", FUTURE + 0.5))),
                Case.of("refreshable false", (x, t) -> x.signed(t, m -> m.put("refreshable", false))),
                Case.of("no refreshable claim", (x, t) -> x.signed(t, m -> m.remove("refreshable"))),
                Case.of("an unknown extra claim", (x, t) -> x.signed(t, m -> m.put("role", "admin"))),
                Case.of("iat and nbf in the past", (x, t) -> x.signed(t, m -> {
                    m.put("iat", now() - 60);
                    m.put("nbf", now() - 60);
                })));
    }

    static Stream<Arguments> acceptedPerTarget() {
        return accepted().flatMap(c -> Arrays.stream(Target.values()).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("acceptedPerTarget")
    void acceptedLikePocketBase(Case c, Target t) {
        Ctx x = new Ctx(shared);
        String header = c.header().apply(x, t);
        x.assertAccepted(t, header);
        if (!c.headerOnly()) {
            assertThat(shared.basalt().tokens().verify(header, TokenType.AUTH)).map(v -> v.record().id()).contains(t.id);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tokens.verify directly: garbage never verifies, for any token type, and never throws

    static Stream<String> garbage() {
        return Stream.of("", " ", ".", "..", "...", "a", "a.b", "a.b.c", "a.b.c.d", "a.b.c.d.e", "e30.e30.", "e30.e30.e30",
                "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJub25lIn0.e30", "eyJhbGciOiJIUzI1NiJ9.W10.AAAA",
                "eyJhbGciOiJIUzI1NiJ9.bnVsbA.AAAA", "\u0000", "\uFFFF.\uFFFF.\uFFFF", "a".repeat(Tokens.MAX_TOKEN_LENGTH + 1),
                "e30.".repeat(25_000) + "e30");
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void verifyRefusesGarbageForEveryType(String token) {
        for (TokenType type : TokenType.values()) {
            assertThat(shared.basalt().tokens().verify(token, type)).as(type.claim()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TokenType.class)
    void verifyRefusesNull(TokenType type) {
        assertThat(shared.basalt().tokens().verify(null, type)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // minting

    /** Keys and tokens for one server's data. */
    static final class Ctx {
        final TestServer server;

        Ctx(TestServer server) {
            this.server = server;
        }

        /** PocketBase's claims for the target, sorted as Go serializes a map. */
        TreeMap<String, Object> base(Target t) {
            TreeMap<String, Object> m = new TreeMap<>();
            m.put("collectionId", t.collectionId);
            m.put("exp", FUTURE);
            m.put("id", t.id);
            m.put("refreshable", true);
            m.put("type", "auth");
            return m;
        }

        String claims(Target t) {
            return Json.write(base(t));
        }

        /** A correctly signed auth token for the target, minted here as PocketBase does. */
        String valid(Target t) {
            return hs("HS256", HS256, claims(t), key(t));
        }

        /** Claims changed by {@code edit}, signed with the target's right auth key. */
        String signed(Target t, Consumer<TreeMap<String, Object>> edit) {
            TreeMap<String, Object> m = base(t);
            edit.accept(m);
            return hs("HS256", HS256, Json.write(m), key(t));
        }

        String key(Target t) {
            return tokenKey(t.collection, t.id) + secret(t.collection, TokenType.AUTH);
        }

        String tokenKey(String table, String id) {
            return query("SELECT tokenKey FROM " + table + " WHERE id = ?", id);
        }

        String secret(String collection, TokenType type) {
            String option = switch (type) {
                case AUTH -> "authToken";
                case FILE -> "fileToken";
                case VERIFICATION -> "verificationToken";
                case PASSWORD_RESET -> "passwordResetToken";
                case EMAIL_CHANGE -> "emailChangeToken";
            };
            String secret = Json.parse(query("SELECT options FROM _collections WHERE name = ?", collection)).get(option).get("secret").asString();
            assertThat(secret).hasSizeGreaterThanOrEqualTo(30);
            return secret;
        }

        dev.basalt.records.Record record(String collection, String id) {
            return server.basalt().records().find(server.basalt().collections().require(collection), id).orElseThrow();
        }

        String rs256(Target t, boolean embedJwk, String jku) {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID("attacker").generate();
                JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("attacker");
                if (embedJwk) {
                    h.jwk(key.toPublicJWK());
                }
                if (jku != null) {
                    h.jwkURL(java.net.URI.create(jku));
                }
                SignedJWT jwt = new SignedJWT(h.build(), JWTClaimsSet.parse(claims(t)));
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String es256(Target t, boolean embedJwk) {
            try {
                ECKey key = new ECKeyGenerator(Curve.P_256).generate();
                JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT);
                if (embedJwk) {
                    h.jwk(key.toPublicJWK());
                }
                SignedJWT jwt = new SignedJWT(h.build(), JWTClaimsSet.parse(claims(t)));
                jwt.sign(new ECDSASigner(key));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Asserts that every probe of the target accepts the Authorization value. */
        void assertAccepted(Target t, String header) {
            for (Probe p : t.probes()) {
                Response r = server.send(p.method(), p.path(), header, p.method().equals("POST") ? "" : null, Map.of());
                assertThat(r.status()).as("control %s %s: %s", p.method(), p.path(), r.body()).isEqualTo(p.accepted());
                if (p.method().equals("POST")) {
                    assertThat(r.json().get("record").get("id").asString()).isEqualTo(t.id);
                }
            }
        }

        void sql(String statement, String arg) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dir().resolve("data.db"));
                    PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, arg);
                assertThat(ps.executeUpdate()).as(statement).isEqualTo(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private String query(String statement, String arg) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dir().resolve("data.db"));
                    PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(statement + " " + arg).isTrue();
                    return rs.getString(1);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String seg(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String part(String token, int i) {
        return token.split("\\.", -1)[i];
    }

    /** header.payload.HMAC with the named algorithm over the exact segments. */
    static String hs(String alg, String headerJson, String payloadJson, String key) {
        String input = seg(headerJson) + "." + seg(payloadJson);
        return input + "." + mac(alg, key.getBytes(StandardCharsets.UTF_8), input);
    }

    static String mac(String alg, byte[] key, String input) {
        String name = "Hmac" + alg.replace("HS", "SHA");
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key, name));
            return B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        java.util.HashSet<Integer> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
