package dev.basalt.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexGeneratorTest {
    @ParameterizedTest
    @ValueSource(strings = {"[a-z0-9]{15}", "[a-zA-Z0-9]{50}", "users[0-9]{5}", "(ab|cd)+x?", "[^a-z]{3}", "\\d{4}-\\w{2}",
            "a.b", "(?:x|y){2,4}", "[_a-c-]{3}"})
    void generatedValuesMatchThePattern(String pattern) {
        for (int i = 0; i < 50; i++) {
            assertThat(RegexGenerator.generate(pattern)).matches(pattern);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"^abc", "abc$", "\\bx", "[abc", "(ab", "a{2000}"})
    void unsupportedPatternsAreRejected(String pattern) {
        assertThatThrownBy(() -> RegexGenerator.generate(pattern)).isInstanceOf(IllegalArgumentException.class);
    }
}
