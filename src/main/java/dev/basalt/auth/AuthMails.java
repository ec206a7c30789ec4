package dev.basalt.auth;

import dev.basalt.collections.AuthOptions;
import dev.basalt.collections.AutodateField;
import dev.basalt.collections.BoolField;
import dev.basalt.collections.DateField;
import dev.basalt.collections.Field;
import dev.basalt.collections.NumberField;
import dev.basalt.mail.Mail;
import dev.basalt.records.Record;
import dev.basalt.settings.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an auth collection's email templates the way PocketBase does: {@code {APP_NAME}} and
 * {@code {APP_URL}} from the settings, the flow's own placeholders ({@code {TOKEN}}, {@code {OTP}},
 * {@code {OTP_ID}}, {@code {ALERT_INFO}}) and {@code {RECORD:field}} for every visible field (HTML
 * escaped unless a date, bool or number). Hidden fields have no placeholder, so
 * {@code {RECORD:tokenKey}} stays literal text and never leaks a secret. The body goes into a
 * fixed HTML layout; the sender is {@code meta.senderName <meta.senderAddress>}.
 */
final class AuthMails {
    private AuthMails() {}

    static Mail render(AuthOptions.EmailTemplate template, Record record, String to, Map<String, String> values, Settings.Meta meta) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("{APP_NAME}", meta.appName());
        placeholders.put("{APP_URL}", meta.appURL());
        values.forEach(placeholders::put);
        for (Field f : record.collection().fields()) {
            if (f.hidden()) {
                continue;
            }
            String value = record.getString(f.name());
            boolean raw = f instanceof AutodateField || f instanceof DateField || f instanceof BoolField || f instanceof NumberField;
            placeholders.put("{RECORD:" + f.name() + "}", raw ? value : escape(value));
        }
        String subject = template == null || template.subject() == null ? "" : template.subject();
        String body = template == null || template.body() == null ? "" : template.body();
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            subject = subject.replace(e.getKey(), e.getValue() == null ? "" : e.getValue());
            body = body.replace(e.getKey(), e.getValue() == null ? "" : e.getValue());
        }
        return new Mail(meta.senderName(), meta.senderAddress(), List.of(to), subject, layout(body));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String layout(String content) {
        return """
                <!DOCTYPE html>
                <html>
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                  body { margin: 0; padding: 24px 12px; background: #f6f7f9; color: #16161a;
                         font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.6; }
                  .card { max-width: 560px; margin: 0 auto; padding: 24px 28px; background: #fff; border-radius: 8px; }
                  p { margin: 0 0 14px; }
                  .btn { display: inline-block; padding: 10px 18px; border-radius: 6px; background: #16161a; color: #fff !important;
                         text-decoration: none; font-weight: 600; }
                </style>
                </head>
                <body>
                <div class="card">
                """ + content + "\n</div>\n</body>\n</html>\n";
    }
}
