package dev.basalt.settings;

import dev.basalt.collections.CollectionJson;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.store.Database;
import dev.basalt.util.DateTimes;
import dev.basalt.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

/**
 * Loads, validates, stores and publishes the settings. The current {@link Settings} is replaced
 * atomically after a successful save, and listeners are told, so changes apply without a
 * restart. Secrets are kept in storage and never leave through {@link #toApi}.
 */
public final class SettingsService {
    static final String PARAM_ID = "settings";
    private static final String DEFAULTS = readDefaults();

    private final Database db;
    private volatile Settings current;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();

    public SettingsService(Database db) {
        this.db = db;
    }

    private static String readDefaults() {
        try (InputStream in = SettingsService.class.getResourceAsStream("default-settings.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current settings. */
    public Settings current() {
        return current;
    }

    /** Registers a listener called after every change (and not for the initial load). */
    public void onChange(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    /** Loads the stored settings, creating the row with defaults when it is missing. */
    public void load() {
        String stored = db.jdbc(conn -> {
            try (var st = conn.prepareStatement("SELECT value FROM _params WHERE id = ?")) {
                st.setString(1, PARAM_ID);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (stored == null) {
            Settings defaults = parse(Json.parse(DEFAULTS));
            store(defaults, true);
            current = defaults;
            return;
        }
        ObjectNode merged = (ObjectNode) Json.parse(DEFAULTS);
        try {
            CollectionJson.deepMerge(merged, Json.parse(stored));
        } catch (JacksonException e) {
            throw new IllegalStateException("The stored settings are not valid JSON. Encrypted settings "
                    + "(PocketBase --encryptionEnv) are not supported yet.", e);
        }
        current = parse(merged);
    }

    /** Re-reads the stored settings (another node changed them) and tells the listeners. */
    public void reload() {
        load();
        Settings now = current;
        listeners.forEach(l -> l.accept(now));
    }

    private static Settings parse(JsonNode node) {
        return Json.mapper().treeToValue(node, Settings.class);
    }

    /** Like Go's encoding/json: a value of the wrong JSON type is an error, never converted. */
    private static final JsonMapper STRICT = Json.mapper().rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** Applies a partial update (only the keys present change) and stores it. */
    public Settings patch(JsonNode body) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
        }
        ObjectNode merged = (ObjectNode) Json.toNode(current);
        if (body != null && body.isObject()) {
            ObjectNode patch = (ObjectNode) body.deepCopy();
            keepSecretIfBlank(patch, "smtp", "password");
            keepSecretIfBlank(patch, "s3", "secret");
            if (patch.get("backups") instanceof ObjectNode backups) {
                keepSecretIfBlank(backups, "s3", "secret");
            }
            CollectionJson.deepMerge(merged, patch);
        }
        Settings updated;
        try {
            updated = STRICT.treeToValue(merged, Settings.class);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "An error occurred while loading the submitted data.");
        }
        Map<String, Object> errors = SettingsValidator.validate(updated);
        if (!errors.isEmpty()) {
            throw ApiException.validation(ErrorCode.VALIDATION_FAILED, "An error occurred while saving the new settings.", errors);
        }
        store(updated, false);
        current = updated;
        listeners.forEach(l -> l.accept(updated));
        return updated;
    }

    private static void keepSecretIfBlank(ObjectNode parent, String section, String key) {
        if (parent.get(section) instanceof ObjectNode s && s.has(key) && s.path(key).asString("").isEmpty()) {
            s.remove(key);
        }
    }

    private void store(Settings settings, boolean insert) {
        String json = Json.write(settings);
        String now = DateTimes.nowText();
        db.writeVoid(tx -> {
            int updated = tx.dsl().execute("UPDATE _params SET value = ?, updated = ? WHERE id = ?", json, now, PARAM_ID);
            if (updated == 0) {
                tx.dsl().execute("INSERT INTO _params (id, value, created, updated) VALUES (?, ?, ?, ?)", PARAM_ID, json, now, now);
            }
        });
    }

    /** The settings as the API returns them: secrets removed. */
    public static Map<String, Object> toApi(Settings settings) {
        ObjectNode node = (ObjectNode) Json.toNode(settings);
        ((ObjectNode) node.get("smtp")).remove("password");
        ((ObjectNode) node.get("s3")).remove("secret");
        ((ObjectNode) node.get("backups").get("s3")).remove("secret");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Json.toPlain(node);
        return map;
    }

    /** Names of all secret settings, for documentation and tests. */
    public static List<String> secretKeys() {
        return new ArrayList<>(List.of("smtp.password", "s3.secret", "backups.s3.secret"));
    }
}
