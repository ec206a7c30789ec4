package dev.basalt.auth.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

/**
 * Apple's OAuth2 client secret: an ES256 JWT signed with the developer's private key ("Sign in
 * with Apple" key, PKCS#8 PEM), valid at most six months — what PocketBase's
 * {@code POST /api/settings/apple/generate-client-secret} returns as {@code {"secret"}}.
 */
public final class AppleClientSecret {
    /** Apple's limit: six months, in seconds. */
    public static final long MAX_DURATION = 15_777_000;

    private AppleClientSecret() {}

    /** Validates the form like PocketBase and signs the secret. */
    public static String generate(String clientId, String teamId, String keyId, String privateKey, long duration, Clock clock) {
        Map<String, Object> errors = new TreeMap<>();
        required(errors, "clientId", clientId);
        length10(errors, "teamId", teamId);
        length10(errors, "keyId", keyId);
        required(errors, "privateKey", privateKey);
        if (duration <= 0) {
            errors.put("duration", FieldError.of("validation_required", "Cannot be blank."));
        } else if (duration > MAX_DURATION) {
            errors.put("duration", FieldError.of("validation_max_less_equal_than_required",
                    "Must be no greater than " + MAX_DURATION + ".", "threshold", MAX_DURATION));
        }
        ECPrivateKey key = null;
        if (!errors.containsKey("privateKey")) {
            key = parse(privateKey);
            if (key == null) {
                errors.put("privateKey", FieldError.of("validation_invalid_private_key", "Invalid PKCS#8 EC private key."));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "An error occurred while validating the submitted data.", errors);
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience("https://appleid.apple.com")
                .subject(clientId)
                .issuer(teamId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(duration)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "An error occurred while validating the submitted data.",
                    Map.of("privateKey", FieldError.of("validation_invalid_private_key", "Invalid PKCS#8 EC private key.")));
        }
        return jwt.serialize();
    }

    private static void required(Map<String, Object> errors, String key, String value) {
        if (value == null || value.isBlank()) {
            errors.put(key, FieldError.of("validation_required", "Cannot be blank."));
        }
    }

    private static void length10(Map<String, Object> errors, String key, String value) {
        required(errors, key, value);
        if (!errors.containsKey(key) && value.length() != 10) {
            errors.put(key, FieldError.of("validation_length_invalid", "The length must be exactly 10.", "min", 10, "max", 10));
        }
    }

    private static ECPrivateKey parse(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException | ClassCastException e) {
            return null;
        }
    }
}
