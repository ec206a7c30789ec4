package dev.basalt.collections;

import java.util.LinkedHashMap;
import java.util.Map;

/** A longitude/latitude pair, the value of a {@code geoPoint} field; JSON {@code {"lon":..,"lat":..}}. */
public record GeoPoint(double lon, double lat) {
    /** "Null Island", the zero value. */
    public static final GeoPoint ZERO = new GeoPoint(0, 0);

    /** The JSON shape, lon first as PocketBase writes it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lon", lon);
        json.put("lat", lat);
        return json;
    }
}
