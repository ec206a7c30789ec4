package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random filters and sorts over {@link DialectParityIT}'s {@code items} collection: atoms for
 * every field kind, joined with {@code &&}/{@code ||} and parentheses, deterministic per seed.
 */
final class ParityGenerator {
    private static final String[] TEXT_VALUES = {"", "alpha", "Alpha", "beta", "beta_1", "a_b", "Zeta", "42", "100%", "b", "%", "_",
        "ph", "o'hara", "x\\y"};
    private static final String[] NUMBERS = {"-5", "0", "3", "7.5", "10", "25", "42"};
    private static final String[] TEXT_OPS = {"=", "!=", "~", "!~", ">", "<", ">=", "<="};
    private static final String[] NUMBER_OPS = {"=", "!=", ">", ">=", "<", "<="};
    private static final String[] ANY_OPS = {"?=", "?!=", "?~", "?!~", "?>", "?<"};
    private static final String[] SORTS = {"title", "-title", "n", "-n", "flag", "-flag", "cat", "-cat", "day", "-day", "note",
        "owner.name", "-owner.name", "owner.age", "-owner.age", "meta.k", "-meta.k", "meta.s", "-meta.s", "owner.active",
        "meta.0", "-meta.flag"};

    private static final List<Function<Random, String>> ATOMS = new ArrayList<>();

    static {
        for (String field : new String[] {"title", "note", "owner.name"}) {
            ATOMS.add(r -> field + " " + pick(r, TEXT_OPS) + " " + quote(pick(r, TEXT_VALUES)));
        }
        ATOMS.add(r -> "title:lower " + pick(r, "=", "~", "!=") + " " + quote(pick(r, "alpha", "zeta", "beta_1", "ph")));
        ATOMS.add(r -> pick(r, "title", "note", "owner.name") + " " + pick(r, "=", "!=") + " null");
        for (String field : new String[] {"n", "owner.age"}) {
            ATOMS.add(r -> field + " " + pick(r, NUMBER_OPS) + " " + pick(r, NUMBERS));
        }
        ATOMS.add(r -> pick(r, "n", "owner.age") + " " + pick(r, "=", "!=") + " " + pick(r, "null", "\"\"", "0"));
        ATOMS.add(r -> pick(r, "flag", "owner.active") + " " + pick(r, "=", "!=") + " " + pick(r, "true", "false"));
        ATOMS.add(r -> "cat " + pick(r, "=", "!=", "~", "!~") + " " + quote(pick(r, "a", "b", "c", "D", "d", "")));
        ATOMS.add(r -> "tags " + pick(r, ANY_OPS) + " " + quote(pick(r, "x", "y", "z", "W", "w")));
        ATOMS.add(r -> "tags:each " + pick(r, "=", "!=", "~", "!~") + " " + quote(pick(r, "x", "y", "W", "w")));
        ATOMS.add(r -> "tags:length " + pick(r, NUMBER_OPS) + " " + pick(r, "0", "1", "2", "3"));
        ATOMS.add(r -> "day " + pick(r, TEXT_OPS) + " " + quote(pick(r, "", "2024-06-01 00:00:00.000Z", "2024-03-15", "2024-11")));
        ATOMS.add(r -> "meta.k " + pick(r, NUMBER_OPS) + " " + pick(r, NUMBERS));
        ATOMS.add(r -> "meta.s " + pick(r, "=", "!=", "~", "!~", ">") + " " + quote(pick(r, TEXT_VALUES)));
        ATOMS.add(r -> pick(r, "meta", "meta.k", "meta.s", "meta.nested.v") + " " + pick(r, "=", "!=") + " null");
        ATOMS.add(r -> pick(r, "meta.flag", "meta.nested.v", "meta.0", "meta.1") + " " + pick(r, "=", "!=", ">") + " "
                + pick(r, "true", "false", "0", "1", "2"));
        ATOMS.add(r -> "owner " + pick(r, "=", "!=") + " " + quote(pick(r, "", "person000000003", "person000000007")));
        ATOMS.add(r -> "helpers " + pick(r, "?=", "?!=") + " " + quote(pick(r, "person000000002", "person000000005")));
        ATOMS.add(r -> "helpers.name " + pick(r, "?=", "=", "!=", "?~", "~") + " " + quote(pick(r, TEXT_VALUES)));
        ATOMS.add(r -> "helpers.age " + pick(r, ">", "?>", "<", "?<=", "=") + " " + pick(r, NUMBERS));
        ATOMS.add(r -> "helpers.active " + pick(r, "=", "?=", "!=") + " " + pick(r, "true", "false"));
        ATOMS.add(r -> "helpers:length " + pick(r, NUMBER_OPS) + " " + pick(r, "0", "1", "2"));
        ATOMS.add(r -> pick(r, "helpers.info.k", "owner.info.k") + " " + pick(r, ">", "?>", "<=", "=", "?=", "!=") + " "
                + pick(r, NUMBERS));
        ATOMS.add(r -> pick(r, "helpers.info.s", "owner.info.s") + " " + pick(r, "=", "?=", "~", "?~") + " " + quote(pick(r, TEXT_VALUES)));
        ATOMS.add(r -> pick(r, "helpers.info.flag", "owner.info.flag") + " " + pick(r, "=", "?=", "!=") + " " + pick(r, "true", "false"));
        ATOMS.add(r -> pick(r, "title = note", "title != owner.name", "n > owner.age", "n <= owner.age", "note ~ title",
                "helpers.name ?= title", "owner.name = helpers.name"));
        ATOMS.add(r -> "id " + pick(r, ">", "<", "=") + " " + quote(String.format("item%011d", r.nextInt(160))));
    }

    private ParityGenerator() {}

    /** One filter of one to three atoms. */
    static String filter(Random r) {
        String f = atom(r);
        for (int more = r.nextInt(3); more > 0; more--) {
            String op = r.nextBoolean() ? " && " : " || ";
            f = r.nextInt(3) == 0 ? "(" + f + ")" + op + atom(r) : f + op + atom(r);
        }
        return f;
    }

    /** Zero to two sort fields, then the id (both directions) so that the order is total. */
    static String sort(Random r) {
        List<String> keys = new ArrayList<>();
        for (int n = r.nextInt(3); n > 0; n--) {
            keys.add(pick(r, SORTS));
        }
        keys.add(r.nextBoolean() ? "id" : "-id");
        return String.join(",", keys);
    }

    private static String atom(Random r) {
        return ATOMS.get(r.nextInt(ATOMS.size())).apply(r);
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
