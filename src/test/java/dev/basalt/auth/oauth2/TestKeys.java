package dev.basalt.auth.oauth2;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.basalt.util.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test signing keys and the id_tokens and key sets made with them. */
final class TestKeys {
    final RSAKey rsa;
    final KeyPair ed25519;
    final String edKid = "ed-1";

    TestKeys(String kid) throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** An RS256 id_token with the given claims, signed by {@link #rsa}. */
    String rs256(Map<String, Object> claims) throws Exception {
        return rs256(claims, rsa.getKeyID());
    }

    String rs256(Map<String, Object> claims, String kid) throws Exception {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                set.build());
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }

    /** An EdDSA (Ed25519) id_token signed with the JDK, since Nimbus needs Tink for that. */
    String edDsa(Map<String, Object> claims) throws Exception {
        String header = b64(Json.write(Map.of("alg", "EdDSA", "kid", edKid, "typ", "JWT")));
        String payload = b64(Json.write(claims));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ed25519.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    /** The public key set: the RSA key (with its alg) and the Ed25519 key. */
    String jwks() {
        byte[] spki = ed25519.getPublic().getEncoded();
        Map<String, Object> okp = new LinkedHashMap<>();
        okp.put("kty", "OKP");
        okp.put("crv", "Ed25519");
        okp.put("kid", edKid);
        okp.put("alg", "EdDSA");
        okp.put("x", Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)).toString());
        return Json.write(Map.of("keys", List.of(rsa.toPublicJWK().toJSONObject(), okp)));
    }

    /** The key set with the RSA key only, its {@code alg} removed (as Microsoft publishes keys). */
    String jwksWithoutAlg() {
        Map<String, Object> key = new LinkedHashMap<>(rsa.toPublicJWK().toJSONObject());
        key.remove("alg");
        return Json.write(Map.of("keys", List.of(key)));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
