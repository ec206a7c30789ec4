package dev.basalt.mail;

import dev.basalt.settings.Settings;
import dev.basalt.settings.SettingsService;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail with the current {@code smtp} settings: implicit TLS when {@code tls} is set, else
 * STARTTLS whenever the server offers it; PLAIN or LOGIN authentication when a username is set.
 * With SMTP disabled nothing leaves the machine: the mail is written to the log (at INFO) so
 * development setups can follow the links, and sending counts as successful.
 */
public final class Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private static final int TIMEOUT_MS = 15_000;

    private final SettingsService settings;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public Mailer(SettingsService settings) {
        this.settings = settings;
    }

    /** Sends now; throws {@link MailException} when the SMTP server refuses or cannot be reached. */
    public void send(Mail mail) {
        Settings.Smtp smtp = settings.current().smtp();
        if (smtp == null || !smtp.enabled()) {
            LOG.info("SMTP is disabled, so this mail was not sent: from=\"{}\" <{}> to={} subject=\"{}\"\n{}", mail.fromName(),
                    mail.fromAddress(), mail.to(), mail.subject(), mail.html());
            return;
        }
        try {
            Session session = Session.getInstance(properties(smtp));
            MimeMessage message = message(session, mail);
            try (Transport transport = session.getTransport(smtp.tls() ? "smtps" : "smtp")) {
                boolean auth = smtp.username() != null && !smtp.username().isEmpty();
                transport.connect(smtp.host(), smtp.port(), auth ? smtp.username() : null, auth ? smtp.password() : null);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailException("failed to send mail to " + mail.to() + " via " + smtp.host() + ":" + smtp.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Sends in the background; failures are logged and complete the future exceptionally. */
    public CompletableFuture<Void> sendLater(Mail mail) {
        return CompletableFuture.runAsync(() -> send(mail), background).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("mail to {} failed: {}", mail.to(), error.getMessage());
            }
        });
    }

    private static Properties properties(Settings.Smtp smtp) {
        Properties p = new Properties();
        String protocol = smtp.tls() ? "smtps" : "smtp";
        p.put("mail." + protocol + ".host", smtp.host());
        p.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
        p.put("mail." + protocol + ".connectiontimeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".timeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".writetimeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".localhost", smtp.localName() == null || smtp.localName().isEmpty() ? "localhost" : smtp.localName());
        boolean auth = smtp.username() != null && !smtp.username().isEmpty();
        p.put("mail." + protocol + ".auth", String.valueOf(auth));
        if (auth) {
            p.put("mail." + protocol + ".auth.mechanisms", "LOGIN".equalsIgnoreCase(smtp.authMethod()) ? "LOGIN" : "PLAIN");
        }
        if (!smtp.tls()) {
            p.put("mail.smtp.starttls.enable", "true");
        }
        return p;
    }

    private static MimeMessage message(Session session, Mail mail) throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(mail.fromAddress(), mail.fromName(), StandardCharsets.UTF_8.name()));
        for (String to : mail.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(HtmlText.toPlain(mail.html()), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(mail.html(), "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        return m;
    }
}
