package dev.basalt.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Finishes every request after the routes ran: writes the body they set ({@link Http#send}), and
 * makes sure a client that is still uploading receives an answer given before its body was read
 * (413 past a limit, 404 for an unknown collection, 401 …) instead of a connection reset.
 *
 * <p>A small unread rest (up to 256 KiB) is simply read, so the connection stays open. A body that
 * cannot be read any more (a malformed multipart body fails the input) means Jetty closes the
 * connection after the answer, so the answer says {@code Connection: close}: a client would
 * otherwise send its next request on a connection the server is closing. Past 256 KiB,
 * closing a socket while request bytes are unread makes the kernel send RST, and a client's
 * kernel discards any response it has not read yet when the RST arrives. So the answer is sent
 * first, with {@code Connection: close}, and the rest of the body is read and thrown away for at
 * most {@link #LINGER} before the connection closes: the same "lingering close" nginx and Go do.
 * Nothing is buffered: the bytes are discarded as they arrive.
 */
record CompletionFilter(Duration linger) implements Filter {
    static final Duration LINGER = Duration.ofSeconds(3);
    private static final long SMALL_REST = 256 << 10;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
        Rest rest = request.isAsyncStarted() ? Rest.NONE : rest(request);
        if (rest != Rest.NONE && !response.isCommitted() && response instanceof HttpServletResponse http) {
            http.setHeader("Connection", "close");
        }
        Http.writePending(request, response);
        if (rest != Rest.LARGE) {
            return;
        }
        complete(response);
        // a client that stops sending would otherwise hold the read for the whole idle timeout
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty != null) {
            jetty.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(linger.toMillis());
        }
        discard(request.getInputStream(), System.nanoTime() + linger.toNanos());
    }

    /** What is left of a request's body once the routes ran. */
    private enum Rest {
        /** Nothing, or a small rest that has now been read: the connection stays open. */
        NONE,
        /** More than a small rest: answer, then linger. */
        LARGE,
        /** The input failed (or the client is gone): Jetty closes the connection after the answer. */
        UNREADABLE
    }

    private static Rest rest(ServletRequest request) throws IOException {
        if (!hasBody(request)) {
            return Rest.NONE;
        }
        ServletInputStream in;
        try {
            in = request.getInputStream();
        } catch (IllegalStateException readerInUse) {
            return Rest.NONE;
        }
        if (in.isFinished()) {
            return Rest.NONE;
        }
        return request.getContentLengthLong() <= SMALL_REST ? readToEnd(in, SMALL_REST) : Rest.LARGE;
    }

    /** HTTP/1.1: a request has a body when it declares a length above 0 or a transfer encoding. */
    private static boolean hasBody(ServletRequest request) {
        long declared = request.getContentLengthLong();
        return declared > 0 || (declared < 0 && request instanceof HttpServletRequest http && http.getHeader("Transfer-Encoding") != null);
    }

    /** Sends the whole answer now; closing (rather than flushing) lets Jetty still give it a Content-Length. */
    private static void complete(ServletResponse response) throws IOException {
        try {
            response.getOutputStream().close();
        } catch (IllegalStateException writerInUse) {
            response.getWriter().close();
        }
    }

    /** Reads and discards up to {@code limit} bytes: NONE when the body ended within them. */
    private static Rest readToEnd(ServletInputStream in, long limit) {
        byte[] buffer = new byte[8192];
        long read = 0;
        int n;
        try {
            while (read <= limit && (n = in.read(buffer)) >= 0) {
                read += n;
            }
        } catch (IOException failed) {
            return Rest.UNREADABLE;
        }
        return read <= limit ? Rest.NONE : Rest.LARGE;
    }

    private static void discard(ServletInputStream in, long deadline) {
        byte[] buffer = new byte[64 << 10];
        try {
            while (System.nanoTime() < deadline && in.read(buffer) >= 0) {
                // discarded: only the client's chance to read the answer matters
            }
        } catch (IOException clientGone) {
            // the client closed or reset: nothing left to protect
        }
    }
}
