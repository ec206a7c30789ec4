package dev.basalt.realtime;

import dev.basalt.cluster.Cluster;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.collections.Field;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.util.Ids;
import dev.basalt.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * Realtime across nodes, over the {@link Cluster}: record events of this node go to every other
 * node, and subscription or OAuth2-redirect requests for a connection held by another node are
 * forwarded to that node (which answers). Which node holds a client id is a shared value.
 *
 * <p>Record events carry the record's stored values except its password hash and token key;
 * whether the write revoked the record's tokens travels as a flag.
 */
final class ClusterBridge {
    static final String RECORDS = "realtime.records";
    private static final Duration REGISTRATION = Duration.ofHours(24);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final Cluster cluster;
    private final Collections collections;
    private final RecordActions records;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    ClusterBridge(Cluster cluster, Collections collections, RecordActions records, RealtimeBroker local) {
        this.cluster = cluster;
        this.collections = collections;
        this.records = records;
        if (!cluster.distributed()) {
            return;
        }
        cluster.subscribe(RECORDS, bytes -> receiveEvent(Json.parse(bytes), local));
        cluster.subscribe(nodeChannel(cluster.nodeId()), bytes -> receiveRequest(Json.parse(bytes), local));
        cluster.subscribe(replyChannel(cluster.nodeId()), bytes -> {
            JsonNode reply = Json.parse(bytes);
            CompletableFuture<JsonNode> f = pending.remove(reply.path("req").asString(""));
            if (f != null) {
                f.complete(reply);
            }
        });
    }

    boolean distributed() {
        return cluster.distributed();
    }

    private static String nodeChannel(String node) {
        return "realtime.node." + node;
    }

    private static String replyChannel(String node) {
        return "realtime.reply." + node;
    }

    private static String clientKey(String clientId) {
        return "realtime.client." + clientId;
    }

    void registered(RealtimeClient client) {
        if (cluster.distributed()) {
            cluster.put(clientKey(client.id()), cluster.nodeId(), REGISTRATION);
        }
    }

    void unregistered(RealtimeClient client) {
        if (cluster.distributed()) {
            cluster.delete(clientKey(client.id()));
        }
    }

    // ------------------------------------------------------------------------------------------ events

    void publish(String action, Record record, boolean revokes) {
        if (!cluster.distributed()) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : record.collection().fields()) {
            if (!f.name().equals("password") && !f.name().equals("tokenKey")) {
                values.put(f.name(), f.toDb(record.get(f.name())));
            }
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("action", action);
        event.put("collection", record.collection().id());
        event.put("revokes", revokes);
        event.put("values", values);
        cluster.publish(RECORDS, Json.writeBytes(event));
    }

    private void receiveEvent(JsonNode event, RealtimeBroker local) {
        Optional<Collection> c = collections.schema().find(event.path("collection").asString(""));
        if (c.isEmpty()) {
            return; // a collection this node does not know (yet): nothing to check against
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        for (Field f : c.get().fields()) {
            JsonNode v = event.path("values").get(f.name());
            if (v != null) {
                stored.put(f.name(), f.fromDb(v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.asBoolean() : v.asString()));
            }
        }
        local.remoteEvent(event.path("action").asString(""), Record.loaded(c.get(), stored), event.path("revokes").asBoolean(false));
    }

    // ------------------------------------------------------------------------------------------ forwarding

    /** Forwards a subscription request to the node holding the client; 404 when no node does. */
    void forwardSubscribe(String clientId, List<String> subscriptions, Record auth, String ip) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "subscribe");
        request.put("clientId", clientId);
        request.put("subscriptions", subscriptions);
        request.put("auth", auth == null ? null : Map.of("collection", auth.collection().id(), "id", auth.id()));
        request.put("ip", ip);
        JsonNode reply = forward(clientId, request).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Missing or invalid client id."));
        String code = reply.path("error").asString("");
        if (!code.isEmpty()) {
            String message = reply.path("message").asString("");
            throw new ApiException(ErrorCode.valueOf(code), message.isEmpty() ? null : message);
        }
    }

    /** Forwards the OAuth2 redirect's message to the node holding the client; false when none did. */
    boolean forwardOAuth2(String state, String ip, byte[] data) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "oauth2");
        request.put("clientId", state);
        request.put("ip", ip);
        request.put("data", Base64.getEncoder().encodeToString(data));
        return forward(state, request).map(r -> r.path("sent").asBoolean(false)).orElse(false);
    }

    private Optional<JsonNode> forward(String clientId, Map<String, Object> request) {
        if (!cluster.distributed()) {
            return Optional.empty();
        }
        Optional<String> owner = cluster.get(clientKey(clientId));
        if (owner.isEmpty() || owner.get().equals(cluster.nodeId())) {
            return Optional.empty();
        }
        String req = Ids.random(20, "abcdefghijklmnopqrstuvwxyz0123456789");
        request.put("req", req);
        request.put("reply", cluster.nodeId());
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(req, answer);
        cluster.publish(nodeChannel(owner.get()), Json.writeBytes(request));
        try {
            return Optional.of(answer.get(FORWARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty(); // the node is gone: its clients are too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            pending.remove(req);
        }
    }

    private void receiveRequest(JsonNode request, RealtimeBroker local) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("req", request.path("req").asString(""));
        String clientId = request.path("clientId").asString("");
        String ip = request.path("ip").asString("");
        try {
            switch (request.path("op").asString("")) {
                case "subscribe" -> {
                    List<String> subs = new ArrayList<>();
                    request.path("subscriptions").forEach(s -> subs.add(s.asString("")));
                    Record auth = null;
                    JsonNode a = request.path("auth");
                    if (a.isObject()) {
                        Collection c = collections.schema().find(a.path("collection").asString("")).orElse(null);
                        auth = c == null ? null : records.find(c, a.path("id").asString("")).orElse(null);
                        if (auth == null) {
                            throw ApiException.forbidden("The current and the previous request authorization don't match.");
                        }
                    }
                    local.subscribeLocal(clientId, subs, auth, ip);
                }
                case "oauth2" -> reply.put("sent",
                        local.sendOAuth2Local(clientId, ip, Base64.getDecoder().decode(request.path("data").asString(""))));
                default -> throw ApiException.badRequest(null);
            }
        } catch (ApiException e) {
            reply.put("error", e.code().name());
            reply.put("message", e.getMessage() == null ? "" : e.getMessage());
        }
        cluster.publish(replyChannel(request.path("reply").asString("")), Json.writeBytes(reply));
    }
}
