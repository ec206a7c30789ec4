package dev.basalt.auth;

/**
 * How an authentication attempt ended when it did not fail: authenticated ({@link AuthResult}),
 * or the first factor passed and a second, different one is required ({@link MfaRequired}).
 */
public sealed interface AuthOutcome permits AuthResult, AuthOutcome.MfaRequired {
    /** The first factor passed; the client completes the login with another method and this id. */
    record MfaRequired(String mfaId) implements AuthOutcome {}
}
