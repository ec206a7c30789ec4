package dev.basalt.auth;

import dev.basalt.util.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing and verification.
 *
 * <p>New passwords are hashed with Argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane) and
 * stored in the PHC string format. Existing bcrypt hashes (PocketBase data) verify; callers rehash
 * them on a successful login ({@link #needsRehash}). Passwords are never truncated: bcrypt only
 * looks at 72 bytes, so a longer password never matches a bcrypt hash.
 *
 * <p>Hashing is CPU- and memory-heavy. It runs on a fixed pool of its own platform threads, at most
 * {@code concurrentHashes} at once, first come first served: a burst of logins queues here, and
 * the request's (virtual) thread waits without holding a carrier thread, so other requests keep
 * running on the cores the hashing leaves them.
 */
public final class Passwords {
    /** The hashing algorithm used for new hashes. */
    public enum Algorithm { ARGON2ID, BCRYPT }

    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int BCRYPT_COST = 10;
    private static final int BCRYPT_MAX_BYTES = 72;

    private final Algorithm algorithm;
    private final ExecutorService pool;

    public Passwords(Algorithm algorithm, int concurrentHashes) {
        this.algorithm = algorithm;
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrentHashes),
                Thread.ofPlatform().daemon().name("basalt-password-", 0).factory());
    }

    /** The configured algorithm for new hashes. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Hashes a new password with the configured algorithm. */
    public String hash(String password) {
        return bounded(() -> algorithm == Algorithm.BCRYPT ? bcrypt(password) : argon2id(password));
    }

    /** Checks {@code password} against a stored Argon2id or bcrypt hash; false for anything else. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null || hash.isEmpty()) {
            return false;
        }
        return bounded(() -> {
            if (hash.startsWith("$argon2id$")) {
                return verifyArgon2id(password, hash);
            }
            if (hash.startsWith("$2")) {
                byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > BCRYPT_MAX_BYTES) {
                    return false; // never compare a silently truncated password
                }
                try {
                    return OpenBSDBCrypt.checkPassword(hash, bytes);
                } catch (RuntimeException e) {
                    return false; // malformed hash
                }
            }
            return false;
        });
    }

    /** True when a stored hash should be replaced by one of the configured algorithm. */
    public boolean needsRehash(String hash) {
        return switch (algorithm) {
            case ARGON2ID -> !hash.startsWith("$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$");
            case BCRYPT -> !hash.startsWith("$2");
        };
    }

    private static String bcrypt(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > BCRYPT_MAX_BYTES) {
            throw new IllegalArgumentException("bcrypt cannot hash passwords longer than 72 bytes");
        }
        return OpenBSDBCrypt.generate("2a", bytes, Ids.randomBytes(16), BCRYPT_COST);
    }

    private static String argon2id(String password) {
        byte[] salt = Ids.randomBytes(16);
        byte[] hash = argon2(password, salt, 19, MEMORY_KIB, ITERATIONS, PARALLELISM, 32);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static boolean verifyArgon2id(String password, String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(2));
        int iterations = Integer.parseInt(m.group(3));
        int parallelism = Integer.parseInt(m.group(4));
        if (memory > 1 << 20 || iterations > 20 || parallelism > 16) {
            return false; // refuse hashes that would cost more than any setting we ever write
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt;
        byte[] expected;
        try {
            salt = b64.decode(m.group(5));
            expected = b64.decode(m.group(6));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (salt.length < 8 || expected.length < 16) {
            return false;
        }
        byte[] actual = argon2(password, salt, Integer.parseInt(m.group(1)), memory, iterations, parallelism,
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int version, int memory, int iterations,
            int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(version == 16 ? Argon2Parameters.ARGON2_VERSION_10 : Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private <T> T bounded(Callable<T> work) {
        Future<T> result = pool.submit(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the hash is already queued: finish it, keep the interrupt
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
