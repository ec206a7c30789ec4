package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OAuth2AppleRedirectTest {
    @Test
    void joinsFirstAndLastName() {
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":\"Ann\",\"lastName\":\"Lee\"},\"email\":\"a@b.c\"}"))
                .isEqualTo("Ann Lee");
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":\"Ann\"}}")).isEqualTo("Ann");
        assertThat(AppleRedirect.name("{\"name\":{\"lastName\":\"  Lee \"}}")).isEqualTo("Lee");
    }

    @Test
    void emptyOrMalformedInputGivesNoName() {
        assertThat(AppleRedirect.name("")).isEmpty();
        assertThat(AppleRedirect.name(null)).isEmpty();
        assertThat(AppleRedirect.name("{not json")).isEmpty();
        assertThat(AppleRedirect.name("123")).isEmpty();
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":1}}")).isEmpty();
    }

    @Test
    void cutsAt150BytesWithoutSplittingACharacterThenTrims() {
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":\"" + "a".repeat(200) + "\"}}")).hasSize(150);
        // 149 ASCII bytes and a space, then the last name is cut away entirely and the space trimmed
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":\"" + "a".repeat(149) + "\",\"lastName\":\"Lee\"}}"))
                .isEqualTo("a".repeat(149));
        // 'é' is two bytes: 75 of them fill 150 bytes exactly; a 76th would be split, so it is dropped
        String name = AppleRedirect.name("{\"name\":{\"firstName\":\"" + "é".repeat(76) + "\"}}");
        assertThat(name).isEqualTo("é".repeat(75));
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(150);
        assertThat(AppleRedirect.name("{\"name\":{\"firstName\":\"a\",\"lastName\":\"" + "é".repeat(80) + "\"}}")
                .getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(150);
    }
}
