package dev.basalt.realtime;

import dev.basalt.cluster.Cluster;
import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordExport;
import dev.basalt.records.RecordListener;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import dev.basalt.rules.Decision;
import dev.basalt.rules.RuleEngine;
import dev.basalt.store.Database;
import dev.basalt.util.Json;
import dev.basalt.util.Picker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PocketBase's realtime broker: the connected clients, their subscriptions, and record events
 * delivered to every subscription the subscriber may see.
 *
 * <p>Guarantees: an event is checked per subscription with the same rule engine as the REST API
 * (list rule for {@code coll/*} and {@code coll}, view rule for {@code coll/ID}, plus the
 * subscription's {@code filter}), as the client's bound auth record, and rendered per subscriber
 * ({@code expand}, {@code fields}, hidden fields and email visibility as for REST). Events are
 * sent only for committed writes; create and update events are checked after the commit, delete
 * events inside the deleting transaction (while the row exists) and sent after it committed —
 * all before the write is acknowledged, so a client sees the events of its own writes in the
 * order it made them. Queuing never blocks the writer (see {@link RealtimeClient}). View collections
 * have no events. When an auth record changes its token key (password or email change) or is
 * deleted, connections bound to it lose that auth.
 *
 * <p>With a distributed {@link Cluster}, events are also published to the other nodes (which check
 * them for their own connections), and requests for a client held by another node are forwarded
 * to it ({@link ClusterBridge}).
 */
public final class RealtimeBroker implements RecordListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeBroker.class);
    static final String CONNECT_EVENT = "PB_CONNECT";
    static final String OAUTH2_TOPIC = "@oauth2";
    static final int MAX_SUBSCRIPTIONS = 1000;
    static final int MAX_SUBSCRIPTION_LENGTH = 2500;
    private static final String VALIDATING = "An error occurred while validating the submitted data.";

    private final Database db;
    private final RuleEngine rules;
    private final RecordActions records;
    private final ConcurrentHashMap<String, RealtimeClient> clients = new ConcurrentHashMap<>();
    private final ClusterBridge bridge;

    public RealtimeBroker(Database db, Collections collections, RuleEngine rules, RecordActions records, Cluster cluster) {
        this.db = db;
        this.rules = rules;
        this.records = records;
        this.bridge = new ClusterBridge(cluster, collections, records, this);
    }

    /** A new client for a connection from {@code ip}; its first message is PB_CONNECT. */
    public RealtimeClient connect(String ip) {
        RealtimeClient client = new RealtimeClient(ip);
        clients.put(client.id(), client);
        bridge.registered(client);
        client.send(CONNECT_EVENT, Json.writeBytes(Map.of("clientId", client.id())));
        return client;
    }

    /** Forgets a client (its connection ended). */
    public void disconnect(RealtimeClient client) {
        if (clients.remove(client.id(), client)) {
            bridge.unregistered(client);
        }
        client.close();
    }

    /** Connected clients (for metrics and tests). */
    public int size() {
        return clients.size();
    }

    /**
     * {@code POST /api/realtime}: replaces the client's subscriptions and binds the caller's auth.
     * A client may go from guest to authenticated, never from one record to another or back to
     * guest; only the IP that opened the connection may change its subscriptions.
     */
    public void subscribe(String clientId, List<String> subscriptions, Record auth, String ip) {
        validate(clientId, subscriptions);
        if (!clients.containsKey(clientId) && bridge.distributed()) {
            bridge.forwardSubscribe(clientId, subscriptions, auth, ip);
            return;
        }
        subscribeLocal(clientId, subscriptions, auth, ip);
    }

    /** A subscription request for a connection of this node. */
    void subscribeLocal(String clientId, List<String> subscriptions, Record auth, String ip) {
        RealtimeClient client = clients.get(clientId == null ? "" : clientId);
        if (client == null || client.isClosed()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Missing or invalid client id.");
        }
        if (!client.ip().equals(ip)) {
            throw ApiException.badRequest("Invalid realtime client.");
        }
        Record bound = client.auth();
        if (bound != null && (auth == null || !sameRecord(bound, auth))) {
            throw ApiException.forbidden("The current and the previous request authorization don't match.");
        }
        Map<String, Subscription> parsed = new LinkedHashMap<>();
        for (String raw : subscriptions) {
            if (!raw.isEmpty()) {
                parsed.put(raw, Subscription.parse(raw));
            }
        }
        client.auth(auth);
        client.subscriptions(parsed);
    }

    /** PocketBase's limits on a subscription request (1000 topics of at most 2500 characters), and no line breaks. */
    private static void validate(String clientId, List<String> subscriptions) {
        Map<String, Object> errors = new TreeMap<>();
        if (clientId.isEmpty()) {
            errors.put("clientId", FieldError.of("validation_required", "Cannot be blank."));
        } else if (clientId.length() > 255) {
            errors.put("clientId", FieldError.of("validation_length_out_of_range", "The length must be between 1 and 255.",
                    "min", 1, "max", 255));
        }
        if (subscriptions.size() > MAX_SUBSCRIPTIONS) {
            errors.put("subscriptions", FieldError.of("validation_length_too_long", "The length must be no more than 1000.",
                    "max", MAX_SUBSCRIPTIONS));
        } else {
            Map<String, Object> each = new TreeMap<>();
            for (int i = 0; i < subscriptions.size(); i++) {
                String s = subscriptions.get(i);
                if (s.length() > MAX_SUBSCRIPTION_LENGTH) {
                    each.put(String.valueOf(i), FieldError.of("validation_length_too_long", "The length must be no more than 2500.",
                            "max", MAX_SUBSCRIPTION_LENGTH));
                } else if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                    // the subscription is the SSE event name: a line break would forge messages
                    each.put(String.valueOf(i), FieldError.of("validation_invalid_subscription", "Must not contain line breaks."));
                }
            }
            if (!each.isEmpty()) {
                errors.put("subscriptions", each);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, VALIDATING, errors);
        }
    }

    /**
     * Sends the {@code @oauth2} message to the client whose id is the OAuth2 {@code state} and ends
     * that subscription; false when no such client subscribed to it from {@code ip}.
     */
    public boolean sendOAuth2(String state, String ip, byte[] data) {
        if (!clients.containsKey(state == null ? "" : state) && bridge.distributed()) {
            return bridge.forwardOAuth2(state, ip, data);
        }
        return sendOAuth2Local(state, ip, data);
    }

    boolean sendOAuth2Local(String state, String ip, byte[] data) {
        RealtimeClient client = clients.get(state == null ? "" : state);
        if (client == null || client.isClosed() || !client.ip().equals(ip)
                || !client.subscriptions().containsKey(OAUTH2_TOPIC)) {
            return false;
        }
        Map<String, Subscription> rest = new LinkedHashMap<>(client.subscriptions());
        rest.remove(OAUTH2_TOPIC);
        client.subscriptions(rest);
        return client.send(OAUTH2_TOPIC, data);
    }

    // ------------------------------------------------------------------------------------------
    // record events

    @Override
    public void created(Record record) {
        if (!record.collection().isView()) {
            deliver(deliveries(null, "create", record, false));
            bridge.publish("create", record, false);
        }
    }

    @Override
    public void updated(Record record, Record previous) {
        boolean revokes = !Objects.equals(record.getString("tokenKey"), previous.getString("tokenKey"));
        if (record.collection().isAuth()) {
            rebindAuth(record, revokes);
        }
        if (!record.collection().isView()) {
            deliver(deliveries(null, "update", record, false));
            bridge.publish("update", record, revokes);
        }
    }

    @Override
    public Runnable deleting(DSLContext dsl, Record record) {
        if (record.collection().isView()) {
            return null;
        }
        // checked now, while the row and what its rules look at still exist ("dry cache")
        List<Delivery> prepared = deliveries(dsl, "delete", record, false);
        return () -> {
            if (record.collection().isAuth()) {
                unbindAuth(record);
            }
            deliver(prepared);
            bridge.publish("delete", record, true);
        };
    }

    /**
     * An event of another node, for this node's connections. The rules are checked against the
     * record's values as of the event in place of its row: by the time the event arrives the row
     * may have changed again or be gone.
     */
    void remoteEvent(String action, Record record, boolean revokes) {
        Collection c = record.collection();
        if (c.isAuth()) {
            if (action.equals("delete")) {
                unbindAuth(record);
            } else {
                rebindAuth(record, revokes);
            }
        }
        if (!c.isView() && !clients.isEmpty()) {
            deliver(deliveries(null, action, record, true));
        }
    }

    private record Delivery(RealtimeClient client, String event, byte[] data) {}

    private static void deliver(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            d.client().send(d.event(), d.data());
        }
    }

    /** What each subscription of each client gets for this event; {@code dsl} null reads outside a transaction. */
    private List<Delivery> deliveries(DSLContext dsl, String action, Record record, boolean snapshot) {
        Collection c = record.collection();
        if (clients.isEmpty()) {
            return List.of();
        }
        Map<String, String> topics = new HashMap<>();
        topics.put(c.name() + "/" + record.id(), c.viewRule());
        topics.put(c.id() + "/" + record.id(), c.viewRule());
        topics.put(c.name() + "/*", c.listRule());
        topics.put(c.id() + "/*", c.listRule());
        topics.put(c.name(), c.listRule()); // PocketBase's legacy topic
        topics.put(c.id(), c.listRule());
        List<Delivery> out = new ArrayList<>();
        Map<String, Optional<byte[]>> rendered = new HashMap<>();
        for (RealtimeClient client : clients.values()) {
            for (Subscription sub : client.subscriptions().values()) {
                if (!topics.containsKey(sub.topic())) {
                    continue;
                }
                String rule = topics.get(sub.topic());
                RequestInfo info = new RequestInfo(client.auth(), "GET", sub.headers(), sub.query(), Map.of(), "realtime", client.ip());
                try {
                    if (!visible(dsl, c, record, rule, info, sub.option("filter"), snapshot)) {
                        continue;
                    }
                    // one rendering per caller and options: thousands of guests share one payload
                    String key = authKey(client.auth()) + '\n' + sub.option("expand") + '\n' + sub.option("fields") + '\n' + sub.headers();
                    Optional<byte[]> data = rendered.computeIfAbsent(key, k -> render(action, record, info, sub));
                    data.ifPresent(bytes -> out.add(new Delivery(client, sub.raw(), bytes)));
                } catch (RuntimeException e) {
                    LOG.warn("realtime: {} event of {}/{} not sent to a subscriber: {}", action, c.name(), record.id(), e.toString());
                }
            }
        }
        return out;
    }

    private boolean visible(DSLContext dsl, Collection c, Record record, String rule, RequestInfo info, String filter,
            boolean snapshot) {
        return switch (rules.access(c, rule, info, filter)) {
            case Decision.Allow a -> true;
            case Decision.Deny d -> false;
            case Decision.Filter f when snapshot -> db.read(read -> RecordStore.matchesSnapshot(read, c, record, f.compiled()));
            case Decision.Filter f -> dsl != null
                    ? RecordStore.findById(dsl, c, record.id(), f.compiled()).isPresent()
                    : db.read(read -> RecordStore.findById(read, c, record.id(), f.compiled()).isPresent());
        };
    }

    private Optional<byte[]> render(String action, Record record, RequestInfo info, Subscription sub) {
        Record copy = record.copy();
        String expand = sub.option("expand");
        if (!expand.isBlank()) {
            records.expand(List.of(copy), expand, info);
        }
        Object exported = RecordExport.forCaller(copy, info, records.managed(List.of(copy), info));
        String fields = sub.option("fields");
        if (!fields.isBlank()) {
            try {
                exported = Picker.pick(exported, fields);
            } catch (Picker.PickerException e) {
                return Optional.empty();
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", action);
        payload.put("record", exported);
        return Optional.of(Json.writeBytes(payload));
    }

    private static String authKey(Record auth) {
        return auth == null ? "" : auth.collection().id() + "/" + auth.id();
    }

    private static boolean sameRecord(Record a, Record b) {
        return a.id().equals(b.id()) && a.collection().id().equals(b.collection().id());
    }

    /** A changed auth record: connections bound to it keep the new state, or lose it when its tokens were revoked. */
    private void rebindAuth(Record record, boolean revoked) {
        for (RealtimeClient client : clients.values()) {
            Record bound = client.auth();
            if (bound != null && sameRecord(bound, record)) {
                client.auth(revoked ? null : record);
            }
        }
    }

    private void unbindAuth(Record record) {
        for (RealtimeClient client : clients.values()) {
            Record bound = client.auth();
            if (bound != null && sameRecord(bound, record)) {
                client.auth(null);
            }
        }
    }

    /** Closes every connection (shutdown) and stops delivering. */
    @Override
    public void close() {
        clients.values().forEach(RealtimeClient::close);
        clients.clear();
    }
}
