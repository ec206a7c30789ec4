package dev.basalt.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the nodes of one deployment reach each other: broadcast messages and a small shared
 * key-value store. Realtime fan-out and forwarding use it; schema and settings change notices
 * and shared rate-limit counters are meant to.
 *
 * <p>Guarantees of every implementation: {@link #publish} never blocks on the network and never
 * throws; a message reaches each other node at most once, in publish order per publishing node,
 * and is lost (not queued) while the transport is down. A node never receives its own messages.
 * Handlers run on a transport thread and must hand long work off.
 */
public sealed interface Cluster extends AutoCloseable permits LocalCluster, RedisCluster {
    /** This node's id, unique in the deployment. */
    String nodeId();

    /** True when other nodes may exist (messages are worth building). */
    boolean distributed();

    /** Sends {@code message} to every other node subscribed to {@code channel}. */
    void publish(String channel, byte[] message);

    /** Receives what other nodes publish on {@code channel}. */
    void subscribe(String channel, Consumer<byte[]> handler);

    /** Stores a shared value for {@code ttl}. */
    void put(String key, String value, Duration ttl);

    /** A shared value, if set and not expired. */
    Optional<String> get(String key);

    /** Removes a shared value. */
    void delete(String key);

    @Override
    void close();
}
