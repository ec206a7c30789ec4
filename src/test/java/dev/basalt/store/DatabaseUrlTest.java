package dev.basalt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void theUrlsUsersAlreadyHave() {
        DatabaseUrl pg = DatabaseUrl.parse("postgres://app:s3cr%40t@db.example.com:6543/basalt?sslmode=require");
        assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/basalt?sslmode=require&stringtype=unspecified");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("s3cr@t");
        assertThat(pg.database()).isEqualTo("basalt");

        assertThat(DatabaseUrl.parse("postgresql://127.0.0.1/basalt").jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/basalt?stringtype=unspecified");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/basalt?user=postgres&password=pw").user()).isEqualTo("postgres");

        DatabaseUrl my = DatabaseUrl.parse("mysql://root@127.0.0.1/app");
        assertThat(my.dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(my.jdbcUrl()).as("the MariaDB driver, TLS decided explicitly").isEqualTo("jdbc:mariadb://127.0.0.1:3306/app?sslMode=disable");
        assertThat(my.password()).isEmpty();
        assertThat(DatabaseUrl.parse("mariadb://u:p@h:3307/d?sslMode=verify-full").jdbcUrl())
                .isEqualTo("jdbc:mariadb://h:3307/d?sslMode=verify-full");
        assertThat(DatabaseUrl.parse("jdbc:mysql://h/d").dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(DatabaseUrl.parse("postgres://[::1]:5432/d").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/d?stringtype=unspecified");
    }

    @Test
    void passwordsNeverShow() {
        DatabaseUrl pg = DatabaseUrl.parse("postgres://app:topsecret@h/d");
        assertThat(pg.toString()).doesNotContain("topsecret");
        assertThat(pg.jdbcUrl()).doesNotContain("topsecret");
        assertThat(DatabaseUrl.redact("postgres://app:topsecret@h/d")).isEqualTo("postgres://app:***@h/d");
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/d?user=a&password=topsecret")).doesNotContain("topsecret");
        assertThatThrownBy(() -> DatabaseUrl.parse("oracle://app:topsecret@h/d")).hasMessageNotContaining("topsecret");
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> DatabaseUrl.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DatabaseUrl.parse("sqlite:///tmp/x.db")).hasMessageContaining("unsupported database URL scheme");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres:///basalt")).hasMessageContaining("names no host");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h")).hasMessageContaining("must name one database");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h/a/b")).hasMessageContaining("must name one database");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:port/d")).isInstanceOf(DatabaseUrl.InvalidDatabaseUrl.class);
    }

    @Test
    void aScratchDatabaseOnTheSameServer() {
        DatabaseUrl pg = DatabaseUrl.parse("postgres://u:p@h:5432/main?sslmode=disable").withDatabase("scratch_1");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/scratch_1?sslmode=disable&stringtype=unspecified");
        assertThat(pg.database()).isEqualTo("scratch_1");
        assertThat(pg.password()).isEqualTo("p");
    }
}
