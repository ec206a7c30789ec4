package dev.basalt.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server in-process (GreenMail) that a Basalt test server is pointed at. */
public final class MailServer implements AutoCloseable {
    /** A received mail: recipients, subject and the HTML and text parts. */
    public record Received(List<String> to, String from, String subject, String html, String text) {
        /** The last path segment of the first link to {@code .../<route>/<token>}. */
        public String token(String route) {
            Matcher m = Pattern.compile(Pattern.quote(route) + "/([A-Za-z0-9_.-]+)").matcher(html);
            if (!m.find()) {
                throw new AssertionError("no " + route + " link in:\n" + html);
            }
            return m.group(1);
        }

        /** The first run of {@code digits} digits inside {@code <strong>} (an OTP). */
        public String otp() {
            Matcher m = Pattern.compile("<strong>(\\d+)</strong>").matcher(html);
            if (!m.find()) {
                throw new AssertionError("no OTP in:\n" + html);
            }
            return m.group(1);
        }
    }

    private final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    private int seen;

    public MailServer() {
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Points the server's SMTP settings here (superuser PATCH /api/settings). */
    public void configure(TestServer server) {
        Response r = server.send("PATCH", "/api/settings", server.superuserToken(),
                "{\"smtp\":{\"enabled\":true,\"host\":\"127.0.0.1\",\"port\":" + port() + ",\"tls\":false},"
                        + "\"meta\":{\"appName\":\"Basalt Test\",\"appURL\":\"http://app.test\",\"senderName\":\"Robot\","
                        + "\"senderAddress\":\"robot@app.test\"}}", Map.of());
        if (r.status() != 200) {
            throw new AssertionError("cannot configure SMTP: " + r.body());
        }
    }

    /** Waits up to 10 s for the next mail not returned before. */
    public Received next() {
        if (!greenMail.waitForIncomingEmail(10_000, seen + 1)) {
            throw new AssertionError("no mail arrived (received " + seen + " before)");
        }
        MimeMessage m = greenMail.getReceivedMessages()[seen++];
        return convert(m);
    }

    /** The mails received so far and not yet returned by {@link #next}, after waiting {@code millis} for stragglers. */
    public List<Received> drain(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Received> out = new ArrayList<>();
        MimeMessage[] all = greenMail.getReceivedMessages();
        while (seen < all.length) {
            out.add(convert(all[seen++]));
        }
        return out;
    }

    private static Received convert(MimeMessage m) {
        try {
            List<String> to = Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
            String html = "";
            String text = "";
            if (m.getContent() instanceof jakarta.mail.Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    var part = mp.getBodyPart(i);
                    if (part.isMimeType("text/html")) {
                        html = part.getContent().toString();
                    } else if (part.isMimeType("text/plain")) {
                        text = part.getContent().toString();
                    }
                }
            } else {
                html = m.getContent().toString();
            }
            return new Received(to, m.getFrom()[0].toString(), m.getSubject(), html, text);
        } catch (MessagingException | java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
