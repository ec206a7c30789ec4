package dev.basalt.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Picks fields out of a JSON value tree (the {@code ?fields=} parameter).
 *
 * <p>The expression is a comma list of dotted paths: {@code *,expand.author.name,description:excerpt(200,true)}.
 * {@code *} keeps every key at its level; a path keeps that key (and below it only the named
 * sub-paths, if any); {@code :excerpt(max[, ellipsis])} replaces a string with plain text cut to
 * {@code max} characters. Lists are picked element by element. Keys that do not exist are ignored.
 */
public final class Picker {
    private static final Pattern EXCERPT = Pattern.compile("^excerpt\\(\\s*(\\d+)\\s*(?:,\\s*(\\w+)\\s*)?\\)$");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Picker() {}

    /** A node of the parsed field tree. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        Integer excerptMax;
        boolean ellipsis;
    }

    /** Thrown for a malformed expression (e.g. an unknown modifier). */
    public static final class PickerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PickerException(String message) {
            super(message);
        }
    }

    /** Applies {@code fields} to {@code data}; a blank expression returns {@code data} unchanged. */
    public static Object pick(Object data, String fields) {
        if (fields == null || fields.isBlank()) {
            return data;
        }
        return apply(data, parse(fields));
    }

    private static Node parse(String fields) {
        Node root = new Node();
        for (String raw : splitTopLevel(fields)) {
            String path = raw.trim();
            if (path.isEmpty()) {
                continue;
            }
            String modifier = null;
            int colon = path.indexOf(':');
            if (colon >= 0) {
                modifier = path.substring(colon + 1).trim();
                path = path.substring(0, colon).trim();
            }
            Node node = root;
            for (String part : path.split("\\.")) {
                node = node.children.computeIfAbsent(part, k -> new Node());
            }
            if (modifier != null) {
                var m = EXCERPT.matcher(modifier);
                if (!m.matches()) {
                    throw new PickerException("unknown fields modifier: " + modifier);
                }
                node.excerptMax = Integer.parseInt(m.group(1));
                node.ellipsis = m.group(2) != null && (m.group(2).equals("true") || m.group(2).equals("1"));
            }
        }
        return root;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static Object apply(Object data, Node node) {
        if (data instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(apply(item, node));
            }
            return out;
        }
        if (!(data instanceof Map<?, ?> map) || node.children.isEmpty()) {
            return data;
        }
        Node star = node.children.get("*");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
            Node child = node.children.get(e.getKey());
            if (child == null && star != null) {
                child = star;
            }
            if (child == null) {
                continue;
            }
            Object value = e.getValue();
            if (child.excerptMax != null && value instanceof String s) {
                value = excerpt(s, child.excerptMax, child.ellipsis);
            } else if (!child.children.isEmpty()) {
                value = apply(value, child);
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** Plain text of {@code html}, cut to {@code max} characters. */
    public static String excerpt(String html, int max, boolean ellipsis) {
        String text = SPACES.matcher(TAGS.matcher(html).replaceAll(" ")).replaceAll(" ").strip();
        int[] cps = text.codePoints().toArray();
        if (cps.length <= max) {
            return text;
        }
        String cut = new String(cps, 0, max).strip();
        return ellipsis ? cut + "..." : cut;
    }
}
