package dev.basalt.cluster;

import dev.basalt.util.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A deployment of one node: nothing to publish to, the shared store lives in memory. */
public final class LocalCluster implements Cluster {
    private final String nodeId = Ids.random(12, "abcdefghijklmnopqrstuvwxyz0123456789");
    private final Map<String, Map.Entry<String, Instant>> values = new ConcurrentHashMap<>();

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean distributed() {
        return false;
    }

    @Override
    public void publish(String channel, byte[] message) {
        // no other node
    }

    @Override
    public void subscribe(String channel, Consumer<byte[]> handler) {
        // no other node publishes
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        Instant now = Instant.now();
        values.values().removeIf(e -> e.getValue().isBefore(now));
        values.put(key, Map.entry(value, now.plus(ttl)));
    }

    @Override
    public Optional<String> get(String key) {
        Map.Entry<String, Instant> e = values.get(key);
        return e == null || e.getValue().isBefore(Instant.now()) ? Optional.empty() : Optional.of(e.getKey());
    }

    @Override
    public void delete(String key) {
        values.remove(key);
    }

    @Override
    public void close() {
        values.clear();
    }
}
