package dev.basalt.realtime;

import dev.basalt.records.Record;
import dev.basalt.util.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One realtime (SSE) connection: its id, the IP it connected from, the auth record bound by the
 * last subscription request, its subscriptions and its outgoing messages.
 *
 * <p>Guarantees: thread-safe. Sending never blocks: messages wait in a queue bounded by
 * {@link #MAX_QUEUED_BYTES}; a client whose queue overflows (it stopped reading) is closed, so a
 * slow consumer costs at most that much memory. Once closed, a client takes no more messages
 * and {@link #next} returns {@link #CLOSED}.
 */
public final class RealtimeClient {
    /** What a stalled client may hold in memory before it is disconnected. */
    public static final long MAX_QUEUED_BYTES = 4L << 20;
    /** Returned by {@link #next} once the client is closed. */
    public static final byte[] CLOSED = new byte[0];

    private final String id = Ids.random(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private final String ip;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile Record auth;
    private volatile Map<String, Subscription> subscriptions = Map.of();
    private volatile boolean closed;
    private volatile Runnable onClose = () -> {};

    RealtimeClient(String ip) {
        this.ip = ip;
    }

    public String id() {
        return id;
    }

    String ip() {
        return ip;
    }

    Record auth() {
        return auth;
    }

    void auth(Record record) {
        this.auth = record;
    }

    Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    void subscriptions(Map<String, Subscription> replacement) {
        this.subscriptions = Map.copyOf(replacement);
    }

    /** What the transport does to drop the connection (e.g. close the socket a stalled write waits on). */
    public void onClose(Runnable action) {
        this.onClose = action;
        if (closed) {
            action.run();
        }
    }

    /** Queues one SSE message; false when the client is closed or just overflowed (and was closed). */
    boolean send(String event, byte[] data) {
        if (closed) {
            return false;
        }
        byte[] frame = frame(event, data);
        if (queuedBytes.addAndGet(frame.length) > MAX_QUEUED_BYTES) {
            close();
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** PocketBase's frame: every message carries the client id as its SSE id. */
    private byte[] frame(String event, byte[] data) {
        byte[] head = ("id:" + id + "\nevent:" + event + "\ndata:").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * The next frame to write, waiting up to {@code timeout}: null when nothing came, {@link #CLOSED}
     * once the client is closed.
     */
    public byte[] next(Duration timeout) throws InterruptedException {
        if (closed) {
            return CLOSED;
        }
        byte[] frame = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (closed) {
            return CLOSED;
        }
        if (frame != null && frame != CLOSED) {
            queuedBytes.addAndGet(-frame.length);
        }
        return frame;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the client: no more messages; the transport drops the connection. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queue.add(CLOSED);
        onClose.run();
    }
}
