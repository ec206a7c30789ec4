package dev.basalt.collections;

import dev.basalt.error.FieldError;
import dev.basalt.util.Json;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A longitude/latitude point; {@code required} means "not (0,0)". */
public record GeoPointField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help) implements Field {

    public GeoPointField {
        help = FieldSupport.nz(help);
    }

    @Override
    public String type() {
        return "geoPoint";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new GeoPointField(id, name, system, hidden, presentable, required, help);
    }

    @Override
    public Object zero() {
        return GeoPoint.ZERO;
    }

    @Override
    public Object prepare(Object raw) {
        return switch (raw) {
            case null -> GeoPoint.ZERO;
            case GeoPoint p -> p;
            case String s -> s.isEmpty() ? GeoPoint.ZERO : fromJson(s);
            case byte[] bytes -> fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            case JsonNode node -> fromNode(node);
            default -> fromNode(Json.toNode(raw));
        };
    }

    private static GeoPoint fromJson(String text) {
        try {
            return fromNode(Json.parse(text));
        } catch (JacksonException e) {
            return GeoPoint.ZERO;
        }
    }

    private static GeoPoint fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            return GeoPoint.ZERO;
        }
        double lon = 0;
        double lat = 0;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isNumber()) {
                continue;
            }
            if (e.getKey().equalsIgnoreCase("lon")) {
                lon = e.getValue().doubleValue();
            } else if (e.getKey().equalsIgnoreCase("lat")) {
                lat = e.getValue().doubleValue();
            }
        }
        return new GeoPoint(lon, lat);
    }

    @Override
    public Object toDb(Object value) {
        return Json.write(((GeoPoint) prepare(value)).toJson());
    }

    @Override
    public Object toJson(Object value) {
        return ((GeoPoint) prepare(value)).toJson();
    }

    @Override
    public String columnType() {
        return "JSON DEFAULT '{\"lon\":0,\"lat\":0}' NOT NULL";
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof GeoPoint p)) {
            return Rules.unsupportedType();
        }
        if (p.lat() == 0 && p.lon() == 0) {
            return required ? Rules.required() : null;
        }
        if (p.lat() < -90 || p.lat() > 90) {
            return FieldError.of("validation_invalid_latitude", "Latitude must be between -90 and 90 degrees.");
        }
        if (p.lon() < -180 || p.lon() > 180) {
            return FieldError.of("validation_invalid_longitude", "Longitude must be between -180 and 180 degrees.");
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
    }
}
