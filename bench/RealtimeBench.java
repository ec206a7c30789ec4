import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realtime benchmark: many SSE connections held open with non-blocking sockets (one selector
 * thread, like a load generator), each subscribed through {@code POST /api/realtime}; then the
 * time from sending a write to each subscriber receiving its event.
 *
 * <pre>
 * java bench/RealtimeBench.java BASE SUPERUSER_TOKEN SERVER_PID CONNECTIONS SUBSCRIBERS RATE SECONDS
 * </pre>
 *
 * Prints {@code REALTIME key=value ...} lines: the server's RSS idle and with every connection
 * open, the fan-out of one event to every connection (repeated), and RATE events/s for SECONDS
 * to the first SUBSCRIBERS connections.
 */
public class RealtimeBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern CLIENT_ID = Pattern.compile("id:([A-Za-z0-9]{40})\n");

    /** One SSE connection: its socket, what arrived so far (unparsed tail) and its client id. */
    static final class Conn {
        final SocketChannel channel;
        /** Until PB_CONNECT: what arrived; afterwards unused. */
        final StringBuilder pending = new StringBuilder();
        /** The last bytes of the previous read, so a marker split between reads is still found. */
        byte[] tail = new byte[0];
        volatile String clientId;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    static volatile long[] sentAt = new long[0];
    /** Receive latencies (ns) of the current measurement. */
    static final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger received = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        long pid = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        int subscribers = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        URI uri = URI.create(base);

        send("POST", base + "/api/collections", token, "{\"name\":\"rt_bench\",\"type\":\"base\",\"listRule\":\"\",\"viewRule\":\"\","
                + "\"fields\":[{\"name\":\"title\",\"type\":\"text\"}]}");
        print("idle", "rss_mib=" + rssMiB(pid));

        Selector selector = Selector.open();
        List<Conn> conns = new ArrayList<>();
        long openStart = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(("GET /api/realtime HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            Conn c = new Conn(ch);
            // registered before the reader runs: registering blocks while another thread selects
            ch.register(selector, SelectionKey.OP_READ, c);
            conns.add(c);
        }
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(selector));
        waitFor(() -> conns.stream().allMatch(c -> c.clientId != null), Duration.ofSeconds(120), "PB_CONNECT on every connection");
        double openSeconds = (System.nanoTime() - openStart) / 1e9;

        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        AtomicInteger failed = new AtomicInteger();
        subscribeAll(pool, base, conns, "[\"rt_bench/*\"]", failed);
        Thread.sleep(2000);
        System.gc();
        print("connected", "connections=" + connections + " open_s=" + String.format("%.1f", openSeconds)
                + " subscribe_failures=" + failed.get() + " rss_mib=" + rssMiB(pid));

        // 1) one event to every connection, repeated
        int rounds = 10;
        sentAt = new long[rounds + 1];
        List<Long> fanout = new ArrayList<>();
        List<Long> last = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            latencies.clear();
            received.set(0);
            sentAt[r] = System.nanoTime();
            send("POST", base + "/api/collections/rt_bench/records", token, "{\"title\":\"rt-" + r + "\"}");
            waitFor(() -> received.get() >= connections, Duration.ofSeconds(60), "fan-out round " + r);
            synchronized (latencies) {
                fanout.addAll(latencies);
                last.add(latencies.stream().mapToLong(Long::longValue).max().orElse(0));
            }
            Thread.sleep(500);
        }
        print("fanout", "connections=" + connections + " events=" + rounds + " deliveries=" + fanout.size()
                + " p50_ms=" + ms(percentile(fanout, 50)) + " p99_ms=" + ms(percentile(fanout, 99))
                + " last_delivery_p50_ms=" + ms(percentile(last, 50)) + " rss_mib=" + rssMiB(pid));

        // 2) RATE events/s to SUBSCRIBERS connections: the others unsubscribe
        subscribeAll(pool, base, conns.subList(subscribers, conns.size()), "[]", failed);
        int total = rate * seconds;
        sentAt = new long[rounds + total + 2];
        latencies.clear();
        received.set(0);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int mark = rounds + 1 + i;
            sentAt[mark] = System.nanoTime();
            int n = mark;
            pool.submit(() -> {
                try {
                    send("POST", base + "/api/collections/rt_bench/records", token, "{\"title\":\"rt-" + n + "\"}");
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
        }
        waitFor(() -> received.get() >= total * subscribers, Duration.ofSeconds(60), "sustained events");
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        List<Long> sustained;
        synchronized (latencies) {
            sustained = new ArrayList<>(latencies);
        }
        print("sustained", "subscribers=" + subscribers + " rate=" + rate + " seconds=" + seconds + " events=" + total
                + " deliveries=" + sustained.size() + " achieved_events_per_s=" + String.format("%.0f", achieved)
                + " p50_ms=" + ms(percentile(sustained, 50)) + " p99_ms=" + ms(percentile(sustained, 99))
                + " write_failures=" + failed.get() + " rss_mib=" + rssMiB(pid));
        reader.interrupt();
        pool.shutdownNow();
        for (Conn c : conns) {
            c.channel.close();
        }
        System.exit(0);
    }

    static void read(Selector selector) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    buf.clear();
                    int n;
                    try {
                        n = c.channel.read(buf);
                    } catch (IOException e) {
                        key.cancel();
                        continue;
                    }
                    if (n < 0) {
                        key.cancel();
                        continue;
                    }
                    long now = System.nanoTime();
                    if (c.clientId == null) {
                        c.pending.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                        Matcher m = CLIENT_ID.matcher(c.pending);
                        if (m.find()) {
                            c.clientId = m.group(1);
                            c.pending.setLength(0);
                        }
                        continue;
                    }
                    scan(c, buf.array(), n, now);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Sets the subscriptions of every connection, 64 requests at a time; counts the failures. */
    static void subscribeAll(ExecutorService pool, String base, List<Conn> conns, String subscriptions, AtomicInteger failed)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        for (Conn c : conns) {
            inFlight.acquire();
            pool.submit(() -> {
                try {
                    int status = send("POST", base + "/api/realtime", null,
                            "{\"clientId\":\"" + c.clientId + "\",\"subscriptions\":" + subscriptions + "}");
                    if (status != 204) {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(64);
        inFlight.release(64);
    }

    static final byte[] MARKER = "\"title\":\"rt-".getBytes(StandardCharsets.US_ASCII);

    /** Finds every {@code "title":"rt-N"} in what arrived (bytes, no strings) and records its latency. */
    static void scan(Conn c, byte[] data, int n, long now) {
        byte[] all = new byte[c.tail.length + n];
        System.arraycopy(c.tail, 0, all, 0, c.tail.length);
        System.arraycopy(data, 0, all, c.tail.length, n);
        int consumed = 0;
        outer:
        for (int i = 0; i + MARKER.length < all.length; i++) {
            for (int k = 0; k < MARKER.length; k++) {
                if (all[i + k] != MARKER[k]) {
                    continue outer;
                }
            }
            int j = i + MARKER.length;
            int mark = 0;
            while (j < all.length && all[j] >= '0' && all[j] <= '9') {
                mark = mark * 10 + (all[j] - '0');
                j++;
            }
            if (j >= all.length) {
                break; // the number may go on in the next read
            }
            long[] sent = sentAt;
            if (mark < sent.length && sent[mark] != 0) {
                latencies.add(now - sent[mark]);
            }
            received.incrementAndGet();
            consumed = j;
            i = j;
        }
        int keepFrom = Math.max(consumed, all.length - 32);
        c.tail = Arrays.copyOfRange(all, keepFrom, all.length);
    }

    static int send(String method, String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + " (received " + received.get() + ")");
            }
            Thread.sleep(5);
        }
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    static void print(String kind, String values) {
        System.out.println("REALTIME kind=" + kind + " " + values);
    }
}
