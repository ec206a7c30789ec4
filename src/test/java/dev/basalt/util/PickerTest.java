package dev.basalt.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickerTest {
    static Map<String, Object> record() {
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("id", "a1");
        author.put("name", "Ann");
        author.put("email", "ann@example.com");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", "r1");
        r.put("title", "Hello");
        r.put("body", "<p>Some <b>long</b>   text here</p>");
        r.put("expand", Map.of("author", author));
        return r;
    }

    @Test
    void picksNamedKeysAndNestedPaths() {
        Object picked = Picker.pick(record(), "id,expand.author.name");
        assertThat(Json.write(picked)).isEqualTo("{\"id\":\"r1\",\"expand\":{\"author\":{\"name\":\"Ann\"}}}");
    }

    @Test
    void starKeepsEverythingAtItsLevel() {
        Object picked = Picker.pick(record(), "*,expand.author.id");
        assertThat(Json.write(picked)).isEqualTo(
                "{\"id\":\"r1\",\"title\":\"Hello\",\"body\":\"\\u003cp\\u003eSome \\u003cb\\u003elong\\u003c/b\\u003e   text here\\u003c/p\\u003e\","
                        + "\"expand\":{\"author\":{\"id\":\"a1\"}}}");
    }

    @Test
    void excerptStripsHtmlAndCuts() {
        assertThat(Json.write(Picker.pick(record(), "body:excerpt(9,true)"))).isEqualTo("{\"body\":\"Some long...\"}");
        assertThat(Json.write(Picker.pick(record(), "body:excerpt(100)"))).isEqualTo("{\"body\":\"Some long text here\"}");
        assertThatThrownBy(() -> Picker.pick(record(), "body:nope(1)")).isInstanceOf(Picker.PickerException.class);
    }

    @Test
    void listsArePickedElementWise() {
        assertThat(Json.write(Picker.pick(List.of(record(), record()), "id"))).isEqualTo("[{\"id\":\"r1\"},{\"id\":\"r1\"}]");
        assertThat(Picker.pick(record(), "")).isEqualTo(record());
    }
}
