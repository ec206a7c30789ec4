package dev.basalt.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.auth.Passwords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void defaults() {
        AppConfig c = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(c.dir()).isEqualTo(Path.of("basalt_data"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8090);
        assertThat(c.origins()).containsExactly("*");
        assertThat(c.dbUrl()).isEmpty();
        assertThat(c.passwordAlgorithm()).isEqualTo(Passwords.Algorithm.ARGON2ID);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.dev()).isFalse();
    }

    @Test
    void everyKeyFromEachSourceWithPrecedence() throws Exception {
        Path file = tmp.resolve("basalt.toml");
        Files.writeString(file, """
                dir = "from-file"
                http = "0.0.0.0:9000"
                origins = ["https://a.example", "https://b.example"]
                shutdown-timeout = 5
                dev = true
                [db]
                url = "postgres://file"
                [password]
                algorithm = "bcrypt"
                max-concurrent = 3
                """);
        AppConfig fromFile = ConfigLoader.load(Map.of(), Map.of(), file);
        assertThat(fromFile.dir()).isEqualTo(Path.of("from-file"));
        assertThat(fromFile.host()).isEqualTo("0.0.0.0");
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.origins()).containsExactly("https://a.example", "https://b.example");
        assertThat(fromFile.dbUrl()).isEqualTo("postgres://file");
        assertThat(fromFile.passwordAlgorithm()).isEqualTo(Passwords.Algorithm.BCRYPT);
        assertThat(fromFile.passwordConcurrency()).isEqualTo(3);
        assertThat(fromFile.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromFile.dev()).isTrue();

        Map<String, String> env = Map.of("BASALT_DIR", "from-env", "BASALT_HTTP", "127.0.0.1:9100", "BASALT_DB_URL", "mysql://env",
                "BASALT_PASSWORD_MAX_CONCURRENT", "7");
        AppConfig fromEnv = ConfigLoader.load(Map.of(), env, file);
        assertThat(fromEnv.dir()).isEqualTo(Path.of("from-env"));
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.dbUrl()).isEqualTo("mysql://env");
        assertThat(fromEnv.passwordConcurrency()).isEqualTo(7);
        assertThat(fromEnv.passwordAlgorithm()).isEqualTo(Passwords.Algorithm.BCRYPT);

        AppConfig fromFlags = ConfigLoader.load(Map.of("dir", "from-flag", "http", "127.0.0.1:9200"), env, file);
        assertThat(fromFlags.dir()).isEqualTo(Path.of("from-flag"));
        assertThat(fromFlags.port()).isEqualTo(9200);
        assertThat(fromFlags.dbUrl()).isEqualTo("mysql://env");
    }

    @Test
    void configFileFromEnvironment() throws Exception {
        Path file = tmp.resolve("other.toml");
        Files.writeString(file, "http = \"127.0.0.1:7000\"\n");
        assertThat(ConfigLoader.load(Map.of(), Map.of("BASALT_CONFIG", file.toString()), null).port()).isEqualTo(7000);
    }

    @Test
    void invalidValuesNameTheKeyAndSource() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("http", "8090"), Map.of(), null))
                .hasMessageContaining("invalid value '8090' for http (flag --http)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("BASALT_HTTP", "host:99999"), null))
                .hasMessageContaining("environment variable BASALT_HTTP");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("BASALT_PASSWORD_ALGORITHM", "md5"), null))
                .hasMessageContaining("argon2id or bcrypt");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("BASALT_DEV", "maybe"), null))
                .hasMessageContaining("true or false");
        Path bad = tmp.resolve("bad.toml");
        Files.writeString(bad, "unknown-key = 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), bad)).hasMessageContaining("unknown key 'unknown-key'");
        Path broken = tmp.resolve("broken.toml");
        Files.writeString(broken, "http = \n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), broken)).hasMessageContaining("cannot read config file");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), tmp.resolve("missing.toml")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void environmentNamesAreDerivedMechanically() {
        assertThat(ConfigLoader.envName("db.url")).isEqualTo("BASALT_DB_URL");
        assertThat(ConfigLoader.envName("password.max-concurrent")).isEqualTo("BASALT_PASSWORD_MAX_CONCURRENT");
        assertThat(ConfigLoader.KEYS).allSatisfy(k -> assertThat(k).matches("[a-z.-]+"));
        assertThat(List.copyOf(ConfigLoader.KEYS)).hasSize(10);
        assertThat(ConfigLoader.envName("redis.url")).isEqualTo("BASALT_REDIS_URL");
        assertThat(ConfigLoader.envName("realtime.idle-timeout")).isEqualTo("BASALT_REALTIME_IDLE_TIMEOUT");
    }

    @Test
    void aRedisUrlMustBeOne() {
        assertThat(ConfigLoader.load(Map.of("redis.url", "redis://10.0.0.5:6379"), Map.of(), null).redisUrl())
                .isEqualTo("redis://10.0.0.5:6379");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("BASALT_REDIS_URL", "10.0.0.5:6379"), null))
                .hasMessageContaining("redis.url").hasMessageContaining("redis://");
    }
}
