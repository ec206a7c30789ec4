package dev.basalt.app;

import dev.basalt.auth.Passwords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Builds the {@link AppConfig} with one precedence rule:
 * defaults &lt; config file &lt; environment ({@code BASALT_*}) &lt; command-line flags.
 *
 * <p>Keys are lower-case, dotted and dashed ({@code db.url}, {@code password.max-concurrent}); the
 * environment variable of a key is {@code BASALT_} + the key upper-cased with dots and dashes
 * turned into underscores ({@code BASALT_DB_URL}). The config file is TOML, given by
 * {@code --config} or {@code BASALT_CONFIG}, else {@code ./basalt.toml} when it exists.
 * Every value is validated here; a bad value stops the start with a message naming the key
 * and the source it came from.
 */
public final class ConfigLoader {
    /** Every key Basalt understands. */
    public static final Set<String> KEYS = Set.of(
            "dir", "http", "origins", "db.url", "redis.url", "password.algorithm", "password.max-concurrent",
            "shutdown-timeout", "dev", "realtime.idle-timeout");

    private ConfigLoader() {}

    /** A configuration problem found at start; the message is meant for the operator. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    /** A value together with where it came from, for error messages. */
    private record Source(String value, String origin) {}

    /**
     * Loads the configuration.
     *
     * @param flags      values given on the command line, by key
     * @param env        the process environment
     * @param configFile an explicit config file, or null to use {@code BASALT_CONFIG} / {@code ./basalt.toml}
     */
    public static AppConfig load(Map<String, String> flags, Map<String, String> env, Path configFile) {
        Map<String, Source> values = new LinkedHashMap<>();
        Path file = configFile;
        if (file == null && env.get("BASALT_CONFIG") != null && !env.get("BASALT_CONFIG").isBlank()) {
            file = Path.of(env.get("BASALT_CONFIG"));
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist");
        }
        if (file == null && Files.isRegularFile(Path.of("basalt.toml"))) {
            file = Path.of("basalt.toml");
        }
        if (file != null) {
            readFile(file).forEach((k, v) -> values.put(k, v));
        }
        for (String key : KEYS) {
            String value = env.get(envName(key));
            if (value != null) {
                values.put(key, new Source(value, "environment variable " + envName(key)));
            }
        }
        flags.forEach((k, v) -> {
            if (v != null) {
                values.put(k, new Source(v, "flag --" + k));
            }
        });
        return build(values);
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return "BASALT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, Source> readFile(Path file) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, Source> values = new LinkedHashMap<>();
        flatten("", root, values, "config file " + file);
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown key '" + key + "' in config file " + file
                        + " (known keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Source> out, String origin) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, origin);
            }
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(item -> parts.add(item.asString()));
            out.put(prefix, new Source(String.join(",", parts), origin));
        } else {
            out.put(prefix, new Source(node.asString(), origin));
        }
    }

    private static AppConfig build(Map<String, Source> values) {
        AppConfig d = AppConfig.defaults();
        Path dir = d.dir();
        String host = d.host();
        int port = d.port();
        List<String> origins = d.origins();
        String dbUrl = d.dbUrl();
        String redisUrl = d.redisUrl();
        Passwords.Algorithm algorithm = d.passwordAlgorithm();
        int concurrency = d.passwordConcurrency();
        Duration shutdown = d.shutdownTimeout();
        boolean dev = d.dev();
        Duration idle = d.realtimeIdleTimeout();

        for (Map.Entry<String, Source> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().value().trim();
            String origin = e.getValue().origin();
            switch (key) {
                case "dir" -> {
                    if (value.isEmpty()) {
                        throw invalid(key, value, origin, "a directory path");
                    }
                    dir = Path.of(value);
                }
                case "http" -> {
                    int colon = value.lastIndexOf(':');
                    if (colon < 0) {
                        throw invalid(key, value, origin, "host:port, e.g. 127.0.0.1:8090 or 0.0.0.0:80");
                    }
                    host = value.substring(0, colon).isEmpty() ? "0.0.0.0" : value.substring(0, colon);
                    port = parseInt(key, value.substring(colon + 1), origin, 0, 65535);
                }
                case "origins" -> origins = Arrays.stream(value.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "db.url" -> dbUrl = value;
                case "redis.url" -> {
                    if (!value.isEmpty() && !value.startsWith("redis://") && !value.startsWith("rediss://")) {
                        throw invalid(key, value, origin, "a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379");
                    }
                    redisUrl = value;
                }
                case "password.algorithm" -> {
                    try {
                        algorithm = Passwords.Algorithm.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        throw invalid(key, value, origin, "argon2id or bcrypt");
                    }
                }
                case "password.max-concurrent" -> concurrency = parseInt(key, value, origin, 1, 1024);
                case "shutdown-timeout" -> shutdown = Duration.ofSeconds(parseInt(key, value, origin, 0, 3600));
                case "dev" -> dev = parseBool(key, value, origin);
                case "realtime.idle-timeout" -> idle = Duration.ofSeconds(parseInt(key, value, origin, 1, 86400));
                default -> throw new ConfigException("unknown configuration key '" + key + "' (" + origin + ")");
            }
        }
        if (origins.isEmpty()) {
            throw new ConfigException("origins must name at least one origin (or *)");
        }
        return new AppConfig(dir, host, port, origins, dbUrl, redisUrl, algorithm, concurrency, shutdown, dev, idle);
    }

    private static int parseInt(String key, String value, String origin, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw invalid(key, value, origin, "a whole number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, value, origin, "a whole number from " + min + " to " + max);
        }
    }

    private static boolean parseBool(String key, String value, String origin) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw invalid(key, value, origin, "true or false");
        };
    }

    private static ConfigException invalid(String key, String value, String origin, String expected) {
        return new ConfigException("invalid value '" + value + "' for " + key + " (" + origin + "): expected " + expected);
    }
}
