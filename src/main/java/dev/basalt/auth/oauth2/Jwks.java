package dev.basalt.auth.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * id_token signature verification against a remote JSON Web Key Set (PocketBase
 * {@code tools/auth/internal/jwk}).
 *
 * <p>The set is fetched on every call (no cache, as PocketBase does: logins are rare and keys
 * rotate). The key is chosen by the token's {@code kid}, which is required. Supported keys are
 * RSA ({@code RS256/384/512}, {@code PS256/384/512}) and OKP Ed25519 ({@code EdDSA}).
 *
 * <p>Algorithm choice never comes from the token alone: when the JWK names an {@code alg}, the
 * token's must be exactly that (PocketBase's rule); when the JWK has none (Microsoft's keys), the
 * token's must belong to the key's own family. That second case is a deliberate relaxation of
 * PocketBase, which rejects such keys; it cannot enable {@code none} or HMAC confusion because the
 * verifier is picked from the key type.
 */
final class Jwks {
    private static final Set<String> RSA_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    private static final Set<String> OKP_ALGS = Set.of("EdDSA", "Ed25519");
    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Jwks() {}

    /**
     * Verifies {@code idToken}'s signature with the key set at {@code jwksURL}.
     *
     * @param fetch performs the GET (shares the caller's deadline and client)
     * @throws OAuth2Exception at stage USER when the set cannot be read or the signature fails
     */
    static void verify(String idToken, String jwksURL, Function<String, HttpCalls.Reply> fetch) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(idToken);
        } catch (ParseException e) {
            throw ProfileClient.fail("malformed id_token");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null || kid.isEmpty()) {
            throw ProfileClient.fail("id_token has no kid header");
        }
        HttpCalls.Reply reply = fetch.apply(jwksURL);
        if (reply.status() >= 400) {
            throw ProfileClient.fail("failed to fetch JSON Web Key Set from " + jwksURL + " (" + reply.status() + ")");
        }
        JsonNode jwk = find(ProfileClient.json(reply, jwksURL), kid, jwksURL);
        String alg = jws.getHeader().getAlgorithm().getName();
        String jwkAlg = ProfileClient.text(jwk, "alg");
        String kty = ProfileClient.text(jwk, "kty");
        boolean rsa = kty.equals("RSA");
        if (!rsa && !kty.equals("OKP")) {
            throw ProfileClient.fail("unsupported JWK kty " + kty + " (must be RSA or OKP)");
        }
        boolean algAllowed = jwkAlg.isEmpty() ? (rsa ? RSA_ALGS : OKP_ALGS).contains(alg)
                : jwkAlg.equals(alg) && (rsa ? RSA_ALGS : OKP_ALGS).contains(alg);
        if (!algAllowed) {
            throw ProfileClient.fail("id_token algorithm " + alg + " does not match the JWK");
        }
        boolean valid;
        try {
            valid = rsa ? jws.verify(new RSASSAVerifier(rsaKey(jwk))) : verifyEd25519(jws, okpKey(jwk));
        } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
            throw ProfileClient.fail("id_token signature could not be checked: " + e.getClass().getSimpleName());
        }
        if (!valid) {
            throw ProfileClient.fail("invalid id_token signature");
        }
    }

    private static JsonNode find(JsonNode set, String kid, String jwksURL) {
        JsonNode keys = set.get("keys");
        if (keys != null && keys.isArray()) {
            for (JsonNode key : keys) {
                if (kid.equals(ProfileClient.text(key, "kid"))) {
                    return key;
                }
            }
        }
        throw ProfileClient.fail("JWK with kid " + kid + " was not found at " + jwksURL);
    }

    private static RSAPublicKey rsaKey(JsonNode jwk) throws GeneralSecurityException {
        BigInteger n = new BigInteger(1, base64url(ProfileClient.text(jwk, "n")));
        BigInteger e = new BigInteger(1, base64url(ProfileClient.text(jwk, "e")));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static PublicKey okpKey(JsonNode jwk) throws GeneralSecurityException {
        if (!ProfileClient.text(jwk, "crv").equals("Ed25519")) {
            throw ProfileClient.fail("unsupported OKP curve (must be Ed25519)");
        }
        byte[] x = base64url(ProfileClient.text(jwk, "x"));
        if (x.length != 32) {
            throw ProfileClient.fail("invalid Ed25519 key length " + x.length);
        }
        byte[] der = new byte[ED25519_PREFIX.length + x.length];
        System.arraycopy(ED25519_PREFIX, 0, der, 0, ED25519_PREFIX.length);
        System.arraycopy(x, 0, der, ED25519_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    private static boolean verifyEd25519(JWSObject jws, PublicKey key) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(jws.getSigningInput());
        return verifier.verify(jws.getSignature().decode());
    }

    private static byte[] base64url(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '=') {
            end--;
        }
        return Base64.getUrlDecoder().decode(value.substring(0, end));
    }
}
