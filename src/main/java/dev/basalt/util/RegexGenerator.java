package dev.basalt.util;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a random string matching a simple regular expression (PocketBase's
 * {@code autogeneratePattern}). Supports literals, escapes ({@code \d \w \s} and escaped
 * punctuation), character classes with ranges and negation, {@code .}, groups, alternation and
 * the quantifiers {@code ? * + {n} {m,n} {m,}} ({@code *} and {@code +} repeat at most 6 times).
 * Anchors and other operators are rejected with {@link IllegalArgumentException}.
 */
public final class RegexGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String WORD = ALNUM + "_";
    private static final String DIGITS = "0123456789";
    private static final String SPACE = " \t\n\r\f";

    private final String pattern;
    private int pos;

    private RegexGenerator(String pattern) {
        this.pattern = pattern;
    }

    /** A random string matching {@code pattern}. */
    public static String generate(String pattern) {
        RegexGenerator g = new RegexGenerator(pattern);
        StringBuilder out = new StringBuilder();
        g.alternation(out);
        if (g.pos < pattern.length()) {
            throw new IllegalArgumentException("unsupported pattern operator near position " + g.pos);
        }
        return out.toString();
    }

    private void alternation(StringBuilder out) {
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int start = pos;
        // find top-level alternatives by scanning; generate only the chosen branch
        int depth = 0;
        int i = pos;
        starts.add(start);
        boolean inClass = false;
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == '|' && depth == 0) {
                ends.add(i);
                starts.add(i + 1);
            }
        }
        ends.add(i);
        int choice = RANDOM.nextInt(starts.size());
        pos = starts.get(choice);
        int end = ends.get(choice);
        while (pos < end) {
            atomWithQuantifier(out);
        }
        pos = i;
    }

    private void atomWithQuantifier(StringBuilder out) {
        int atomStart = pos;
        StringBuilder probe = new StringBuilder();
        atom(probe);
        int atomEnd = pos;
        int[] range = quantifier();
        if (range == null) {
            out.append(probe);
            return;
        }
        int times = range[0] + (range[1] > range[0] ? RANDOM.nextInt(range[1] - range[0] + 1) : 0);
        int after = pos;
        for (int t = 0; t < times; t++) {
            pos = atomStart;
            atom(out);
        }
        pos = Math.max(after, atomEnd);
        pos = after;
    }

    private int[] quantifier() {
        if (pos >= pattern.length()) {
            return null;
        }
        char c = pattern.charAt(pos);
        switch (c) {
            case '?' -> {
                pos++;
                return new int[] {0, 1};
            }
            case '*' -> {
                pos++;
                return new int[] {0, 6};
            }
            case '+' -> {
                pos++;
                return new int[] {1, 6};
            }
            case '{' -> {
                int close = pattern.indexOf('}', pos);
                if (close < 0) {
                    return null;
                }
                String body = pattern.substring(pos + 1, close);
                if (!body.matches("\\d+(,\\d*)?")) {
                    return null;
                }
                pos = close + 1;
                String[] parts = body.split(",", -1);
                int min = Integer.parseInt(parts[0]);
                int max = parts.length == 1 ? min : parts[1].isEmpty() ? min + 6 : Integer.parseInt(parts[1]);
                if (min > 1000 || max > 1000) {
                    throw new IllegalArgumentException("repetition count too large");
                }
                return new int[] {min, Math.max(min, max)};
            }
            default -> {
                return null;
            }
        }
    }

    private void atom(StringBuilder out) {
        char c = pattern.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                if (pattern.startsWith("?:", pos)) {
                    pos += 2;
                }
                alternation(out);
                if (pos >= pattern.length() || pattern.charAt(pos) != ')') {
                    throw new IllegalArgumentException("missing closing )");
                }
                pos++;
            }
            case '[' -> out.append(charClass());
            case '.' -> {
                pos++;
                out.append(pick(ALNUM));
            }
            case '\\' -> {
                pos++;
                if (pos >= pattern.length()) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                out.append(pick(escapeSet(pattern.charAt(pos++))));
            }
            case '^', '$', '|', ')', '*', '+', '?', '{' ->
                    throw new IllegalArgumentException("unsupported pattern operator " + c);
            default -> {
                out.append(c);
                pos++;
            }
        }
    }

    private String escapeSet(char e) {
        return switch (e) {
            case 'd' -> DIGITS;
            case 'w' -> WORD;
            case 's' -> SPACE;
            case 'b', 'B', 'A', 'z', 'D', 'W', 'S' -> throw new IllegalArgumentException("unsupported pattern operator \\" + e);
            case 'n' -> "\n";
            case 't' -> "\t";
            default -> String.valueOf(e);
        };
    }

    private char charClass() {
        pos++; // [
        boolean negate = pattern.startsWith("^", pos);
        if (negate) {
            pos++;
        }
        StringBuilder set = new StringBuilder();
        boolean first = true;
        while (pos < pattern.length() && (pattern.charAt(pos) != ']' || first)) {
            first = false;
            char c = pattern.charAt(pos++);
            if (c == '\\' && pos < pattern.length()) {
                set.append(escapeSet(pattern.charAt(pos++)));
                continue;
            }
            if (pos + 1 < pattern.length() && pattern.charAt(pos) == '-' && pattern.charAt(pos + 1) != ']') {
                char to = pattern.charAt(pos + 1);
                pos += 2;
                if (to < c) {
                    throw new IllegalArgumentException("invalid character class range");
                }
                for (char x = c; x <= to; x++) {
                    set.append(x);
                }
            } else {
                set.append(c);
            }
        }
        if (pos >= pattern.length()) {
            throw new IllegalArgumentException("missing closing ]");
        }
        pos++; // ]
        if (!negate) {
            return pick(set.toString());
        }
        StringBuilder allowed = new StringBuilder();
        for (char x = 0x21; x < 0x7f; x++) {
            if (set.indexOf(String.valueOf(x)) < 0) {
                allowed.append(x);
            }
        }
        return pick(allowed.toString());
    }

    private static char pick(String set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("empty character class");
        }
        return set.charAt(RANDOM.nextInt(set.length()));
    }
}
