package dev.basalt.auth.oauth2;

/**
 * A failed OAuth2 step. The {@link Stage} says which step failed, so the caller can answer with
 * PocketBase's message for it ("Failed to fetch OAuth2 token." for {@link Stage#TOKEN}, "Failed to
 * fetch OAuth2 user." for {@link Stage#USER}); an {@link Stage#AVATAR} failure is only logged.
 *
 * <p>Guarantee: the message never contains the client secret, the authorization code, the PKCE
 * verifier or any token. Provider response bodies are never copied into it (they may echo a
 * credential); at most a short OAuth2 {@code error} code is. A cause is attached only when it
 * cannot carry response content (I/O and timeout failures).
 */
public final class OAuth2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The step that failed. */
    public enum Stage {
        /** Exchanging the authorization code for a token. */
        TOKEN,
        /** Reading or validating the user's profile (user-info call, id_token, JWKS). */
        USER,
        /** Downloading the avatar image. */
        AVATAR
    }

    private final Stage stage;

    OAuth2Exception(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    OAuth2Exception(Stage stage, String message) {
        this(stage, message, null);
    }

    /** The step that failed. */
    public Stage stage() {
        return stage;
    }

    /**
     * A copy of {@code message} with every non-empty secret replaced by {@code ***}: the last line
     * of defence for values the message was built from (URLs configured by an admin, provider
     * error codes).
     */
    static String redact(String message, String... secrets) {
        String out = message;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }
}
