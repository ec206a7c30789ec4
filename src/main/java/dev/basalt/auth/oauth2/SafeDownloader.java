package dev.basalt.auth.oauth2;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Downloads a URL that came from a third party (an OAuth2 avatar) without letting it reach the
 * server's own network.
 *
 * <p>Each hop — the URL and up to {@link #MAX_REDIRECTS} redirects, which are followed here, not
 * by the HTTP client — must be {@code http} or {@code https}, and <em>every</em> address its host
 * resolves to must pass the address policy ({@link NetworkAddresses#isPublic} in production).
 * The whole download, redirects and body included, has one {@link #TIMEOUT}. Final statuses
 * 200–399 are accepted; the body must be non-empty and at most the given size.
 *
 * <p>Residual risk (DNS rebinding): PocketBase checks the address inside the dialer, after
 * resolution and before connecting; {@link HttpClient} has no such hook, so here the host is
 * resolved and checked first and the client resolves it again. Both lookups normally hit the JVM's
 * positive DNS cache ({@code networkaddress.cache.ttl}, 30 s by default), so the client connects to
 * the checked addresses; a deployment that sets that TTL to 0 re-opens the window.
 * TODO: connect through a socket factory that checks the connected peer once Basalt has its own
 * HTTP client transport, which closes the window entirely.
 */
final class SafeDownloader {
    static final int MAX_REDIRECTS = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            // a proxy would make the address check meaningless
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    private final Predicate<InetAddress> allowed;

    /** @param allowed the address policy; every resolved address of every hop must pass it */
    SafeDownloader(Predicate<InetAddress> allowed) {
        this.allowed = allowed;
    }

    Download download(String url, long maxBytes) {
        Deadline deadline = Deadline.after(TIMEOUT);
        URI uri = checkedUri(url);
        for (int redirects = 0; ; redirects++) {
            checkHost(uri);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline.remaining().plusMillis(1)).GET().build();
            HttpCalls.Reply reply = HttpCalls.send(http, request, maxBytes, deadline, OAuth2Exception.Stage.AVATAR,
                    "download of " + uri);
            int status = reply.status();
            String location = reply.headers().firstValue("Location").orElse("");
            if (REDIRECTS.contains(status) && !location.isEmpty()) {
                if (redirects == MAX_REDIRECTS) {
                    throw fail("download of " + url + " stopped after " + MAX_REDIRECTS + " redirects");
                }
                try {
                    uri = checkedUri(uri.resolve(location).toString());
                } catch (IllegalArgumentException e) {
                    throw fail("download of " + url + " redirected to an invalid URL");
                }
                continue;
            }
            if (status < 200 || status > 399) {
                throw fail("failed to download " + url + " (" + status + ")");
            }
            if (reply.body().length == 0) {
                throw fail("download of " + url + " is empty");
            }
            return new Download(reply.body(), baseName(url), reply.headers().firstValue("Content-Type").orElse(""));
        }
    }

    private static URI checkedUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw fail("invalid download URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw fail("refusing to download " + url + ": only absolute http(s) URLs are allowed");
        }
        return uri;
    }

    private void checkHost(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw fail("cannot resolve " + uri.getHost());
        }
        for (InetAddress address : addresses) {
            if (!allowed.test(address)) {
                throw fail("refusing to download from " + uri.getHost() + ": it resolves to a disallowed address");
            }
        }
    }

    /** Go's {@code path.Base}: the text after the last slash, ignoring trailing slashes. */
    static String baseName(String url) {
        if (url.isEmpty()) {
            return ".";
        }
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return "/";
        }
        return url.substring(url.lastIndexOf('/', end - 1) + 1, end);
    }

    private static OAuth2Exception fail(String message) {
        return new OAuth2Exception(OAuth2Exception.Stage.AVATAR, message);
    }
}
