package dev.basalt.mail;

import java.util.List;

/**
 * One email as Basalt sends it: HTML only (the transport adds a plain-text alternative).
 *
 * @param fromName    display name of the sender ({@code meta.senderName})
 * @param fromAddress sender address ({@code meta.senderAddress})
 * @param to          recipients
 * @param subject     subject line, placeholders already resolved
 * @param html        complete HTML document
 */
public record Mail(String fromName, String fromAddress, List<String> to, String subject, String html) {
    public Mail {
        to = List.copyOf(to);
    }
}
