package dev.basalt.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An external database as users write it — {@code postgres://user:pass@host:5432/db},
 * {@code postgresql://…}, {@code mysql://…}, {@code mariadb://…}, or a plain JDBC URL
 * ({@code jdbc:postgresql://…}, {@code jdbc:mysql://…}, {@code jdbc:mariadb://…}) — turned into
 * what the driver needs.
 *
 * <p>Guarantees: {@link #toString()} never shows the password; the JDBC URL carries the host,
 * port, database and the URL's query parameters (e.g. {@code sslmode}) but never the
 * credentials, which travel separately; MySQL and MariaDB URLs are served by the MariaDB driver.
 *
 * @param dialect  the database family
 * @param jdbcUrl  the driver URL without credentials
 * @param user     the user name ("" when none is given)
 * @param password the password ("" when none is given)
 * @param database the database name
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, String database) {

    /** Thrown for a URL Basalt cannot use; the message says what is wrong and never shows a password. */
    public static final class InvalidDatabaseUrl extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidDatabaseUrl(String message) {
            super(message);
        }
    }

    /** Parses a database URL; throws {@link InvalidDatabaseUrl} naming the problem. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidDatabaseUrl("the database URL is empty");
        }
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            text = text.substring(5);
            lower = lower.substring(5);
        }
        Dialect dialect;
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            dialect = Dialect.POSTGRES;
        } else if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            dialect = Dialect.MYSQL;
        } else {
            throw new InvalidDatabaseUrl("unsupported database URL scheme in '" + redact(url)
                    + "': use postgres://, postgresql://, mysql:// or mariadb:// (or the jdbc: form)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidDatabaseUrl("malformed database URL '" + redact(url) + "': " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidDatabaseUrl("the database URL '" + redact(url) + "' names no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new InvalidDatabaseUrl("the database URL '" + redact(url) + "' must name one database, e.g. .../basalt");
        }
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key.toLowerCase(Locale.ROOT)) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> query.put(key, value);
                }
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : dialect == Dialect.POSTGRES ? 5432 : 3306;
        String scheme = dialect == Dialect.POSTGRES ? "jdbc:postgresql://" : "jdbc:mariadb://";
        if (dialect == Dialect.MYSQL) {
            // the MariaDB driver would otherwise decide TLS by itself
            query.putIfAbsent("sslMode", "disable");
        } else {
            // text parameters may fill jsonb and other typed columns: the server infers their type
            query.putIfAbsent("stringtype", "unspecified");
        }
        StringBuilder jdbc = new StringBuilder(scheme).append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return new DatabaseUrl(dialect, jdbc.toString(), user, password, database);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatabaseUrl("malformed percent-encoding in the database URL");
        }
    }

    /** The URL with any password replaced, for messages and logs. */
    public static String redact(String url) {
        return url == null ? "" : url.replaceAll("(?<=://)([^:@/]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** The same database on the same server under another name (tests create scratch databases). */
    public DatabaseUrl withDatabase(String name) {
        int slash = jdbcUrl.indexOf('/', jdbcUrl.indexOf("//") + 2);
        int query = jdbcUrl.indexOf('?', slash);
        String url = jdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : jdbcUrl.substring(query));
        return new DatabaseUrl(dialect, url, user, password, name);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + dialect + " " + jdbcUrl + (user.isEmpty() ? "" : " as " + user) + "]";
    }
}
