package dev.basalt.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
    @ParameterizedTest
    @CsvSource({"1.0,1", "100.0,100", "0,0", "-0.0,-0", "1.5,1.5", "0.1,0.1", "1e-6,0.000001", "1e-7,1e-7",
            "1.234e-10,1.234e-10", "1e20,100000000000000000000", "1.2345678901234568e20,123456789012345680000",
            "1e21,1e+21", "1.5e300,1.5e+300", "123456789.123,123456789.123", "-2.5,-2.5"})
    void floatsAreFormattedLikeGo(double value, String expected) {
        assertThat(Json.formatFloat(value)).isEqualTo(expected);
        assertThat(Json.write(value)).isEqualTo(expected);
    }

    @Test
    void htmlCharactersAreEscapedLikeGo() {
        assertThat(Json.write(Map.of("a", "<svg>&"))).isEqualTo("{\"a\":\"\\u003csvg\\u003e\\u0026\"}");
    }

    @Test
    void plainValuesKeepOrderAndTypes() {
        Object plain = Json.toPlain(Json.parse("{\"b\":1,\"a\":[true,null,1.50,\"x\"]}"));
        assertThat(plain).isEqualTo(Map.of("b", 1L, "a", java.util.Arrays.asList(true, null, new java.math.BigDecimal("1.50"), "x")));
        assertThat(List.copyOf(((Map<?, ?>) plain).keySet())).isEqualTo(List.of("b", "a"));
        assertThat(Json.write(List.of(1L, 2.5))).isEqualTo("[1,2.5]");
    }
}
