package dev.basalt.mail;

/** A mail could not be handed to the SMTP server; the message says why, never the credentials. */
public final class MailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
