package dev.basalt.auth.oauth2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a hard deadline and a capped body.
 *
 * <p>{@link HttpRequest#timeout} only bounds the wait for the response headers; a provider that
 * trickles its body would hold the login forever. Here the whole exchange, body included, runs
 * against one deadline and is cancelled (which aborts the connection) when it passes. Bodies over
 * the cap fail instead of being truncated.
 */
final class HttpCalls {
    /** A received response with its complete body. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        /** The media type of the body, lower-cased and without parameters; "" when absent. */
        String mediaType() {
            String value = headers.firstValue("Content-Type").orElse("");
            int semicolon = value.indexOf(';');
            return (semicolon >= 0 ? value.substring(0, semicolon) : value).trim().toLowerCase(Locale.ROOT);
        }
    }

    private HttpCalls() {}

    /**
     * Sends {@code request} and waits until {@code deadline} for the complete response.
     *
     * @param what names the call in error messages (no credentials: a URL or "JWKS")
     * @throws OAuth2Exception at {@code stage} on I/O failure, timeout or an oversized body
     */
    static Reply send(HttpClient client, HttpRequest request, long maxBytes, Deadline deadline,
            OAuth2Exception.Stage stage, String what) {
        Duration timeout = deadline.remaining();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new CappedBody(maxBytes));
        try {
            HttpResponse<byte[]> response = future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OAuth2Exception(stage, what + " timed out");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OAuth2Exception(stage, what + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof BodyTooLarge) {
                throw new OAuth2Exception(stage, what + " returned more than " + maxBytes + " bytes");
            }
            // I/O failures carry no response content, so the cause is safe to keep for the log
            throw new OAuth2Exception(stage, what + " failed: " + cause.getClass().getSimpleName(), cause);
        }
    }

    /** Marks a body that exceeded its cap. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("response body too large");
        }
    }

    /** Collects the body into memory and fails (cancelling the stream) once it passes the cap. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if ((long) out.size() + item.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
