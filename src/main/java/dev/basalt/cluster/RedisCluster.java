package dev.basalt.cluster;

import dev.basalt.util.Ids;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes sharing one Redis: messages over Redis pub/sub, shared values as Redis keys (all under
 * the {@code basalt:} prefix). Lettuce reconnects and re-subscribes by itself after an outage;
 * what was published meanwhile is lost (pub/sub keeps nothing), which the {@link Cluster}
 * contract allows.
 *
 * <p>Received messages are handled one at a time, in arrival order, on one thread of this
 * cluster (never on the network thread), so a handler may read the database.
 */
public final class RedisCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final int NODE_ID_LENGTH = 12;
    private static final String PREFIX = "basalt:";

    private final String nodeId = Ids.random(NODE_ID_LENGTH, "abcdefghijklmnopqrstuvwxyz0123456789");
    private final byte[] nodeIdBytes = nodeId.getBytes(StandardCharsets.US_ASCII);
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final Map<String, Consumer<byte[]>> handlers = new ConcurrentHashMap<>();
    private final ExecutorService handling = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("basalt-cluster").factory());

    /** Connects; fails fast (with the cause) when Redis cannot be reached at start. */
    public RedisCluster(String url) {
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        this.client = RedisClient.create(RedisURI.create(url));
        try {
            this.commands = client.connect(codec);
            this.pubsub = client.connectPubSub(codec);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("cannot connect to Redis at " + RedisURI.create(url).getHost() + ": " + e.getMessage(), e);
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                receive(channel, message);
            }
        });
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean distributed() {
        return true;
    }

    @Override
    public void publish(String channel, byte[] message) {
        byte[] framed = new byte[NODE_ID_LENGTH + message.length];
        System.arraycopy(nodeIdBytes, 0, framed, 0, NODE_ID_LENGTH);
        System.arraycopy(message, 0, framed, NODE_ID_LENGTH, message.length);
        try {
            commands.async().publish(PREFIX + channel, framed).exceptionally(e -> {
                LOG.warn("cluster message on {} lost: {}", channel, e.toString());
                return 0L;
            });
        } catch (RuntimeException e) {
            LOG.warn("cluster message on {} lost: {}", channel, e.toString());
        }
    }

    @Override
    public void subscribe(String channel, Consumer<byte[]> handler) {
        handlers.put(PREFIX + channel, handler);
        pubsub.sync().subscribe(PREFIX + channel);
    }

    private void receive(String channel, byte[] framed) {
        if (framed.length < NODE_ID_LENGTH || Arrays.equals(framed, 0, NODE_ID_LENGTH, nodeIdBytes, 0, NODE_ID_LENGTH)) {
            return; // our own message (Redis echoes to every subscriber) or garbage
        }
        Consumer<byte[]> handler = handlers.get(channel);
        if (handler == null) {
            return;
        }
        byte[] message = Arrays.copyOfRange(framed, NODE_ID_LENGTH, framed.length);
        handling.execute(() -> {
            try {
                handler.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("cluster message on {} failed: {}", channel, e.toString(), e);
            }
        });
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        commands.sync().set(PREFIX + key, value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(ttl.toMillis()));
    }

    @Override
    public Optional<String> get(String key) {
        byte[] v = commands.sync().get(PREFIX + key);
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
    }

    @Override
    public void delete(String key) {
        commands.async().del(PREFIX + key);
    }

    @Override
    public void close() {
        handling.shutdownNow();
        pubsub.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
