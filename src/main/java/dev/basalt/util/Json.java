package dev.basalt.util;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of Basalt.
 *
 * <p>Output matches PocketBase's Go encoder byte for byte where clients or tests might compare
 * bytes: {@code <}, {@code >} and {@code &} inside strings are escaped as {@code \u003c},
 * {@code \u003e}, {@code \u0026}, and floating point numbers are printed the way Go prints a
 * {@code float64} (integral values without a fraction, exponents beyond 1e21).
 *
 * <p>Input keeps decimal numbers exact ({@link BigDecimal}) so JSON field values round-trip.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().characterEscapes(new GoEscapes()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("basalt")
                    .addSerializer(Double.class, new GoFloatSerializer())
                    .addSerializer(Double.TYPE, new GoFloatSerializer()))
            .build();

    private Json() {}

    /** The shared mapper (thread-safe). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value tree (maps, lists, strings, numbers, booleans, JSON nodes). */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Serializes to UTF-8 bytes. */
    public static byte[] writeBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Parses JSON text into a tree.
     *
     * @throws JacksonException when the text is not valid JSON
     */
    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** Parses JSON bytes into a tree. */
    public static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Converts any value tree into a JSON node. */
    public static JsonNode toNode(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Converts a JSON node into plain Java values: {@code Map} (insertion ordered), {@code List},
     * {@code String}, {@code Boolean}, {@code Long}/{@code BigDecimal} numbers and {@code null}.
     */
    public static Object toPlain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toPlain(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(toPlain(item));
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asString();
    }

    /**
     * Formats a double the way Go's {@code encoding/json} formats a {@code float64}: the shortest
     * digits that round-trip, plain notation for 1e-6 &lt;= |v| &lt; 1e21 (and zero), otherwise
     * {@code d.ddde+XX} / {@code d.ddde-X} without padding of the exponent.
     */
    public static String formatFloat(double value) {
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        int exponent = shortest.precision() - shortest.scale() - 1;
        BigDecimal mantissa = shortest.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    private static final class GoFloatSerializer extends ValueSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializationContext ctx) {
            if (value.isNaN() || value.isInfinite()) {
                gen.writeNumber(0);
            } else {
                gen.writeNumber(formatFloat(value));
            }
        }
    }

    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] codes = standardAsciiEscapesForJSON();

        GoEscapes() {
            codes['<'] = ESCAPE_CUSTOM;
            codes['>'] = ESCAPE_CUSTOM;
            codes['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                default -> null;
            };
        }
    }
}
