package dev.basalt.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.basalt.store.Dialect;
import dev.basalt.testkit.Fixture;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.ServerDatabase;
import dev.basalt.testkit.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code basalt migrate-data}: PocketBase's fixture copied into PostgreSQL and MariaDB and served
 * from there with the same logins and tokens; bad input refused with the target untouched.
 */
class MigrateDataIT {
    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static long tables(ServerDatabase db) throws Exception {
        String sql = db.url().dialect() == Dialect.POSTGRES
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()";
        try (Connection c = DriverManager.getConnection(db.url().jdbcUrl(), db.url().user(), db.url().password());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A token for the fixture's superuser minted from the fixture's own secrets, as PocketBase issued them. */
    static String fixtureSuperuserToken(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data.db"));
                Statement st = c.createStatement()) {
            ResultSet key = st.executeQuery("SELECT tokenKey FROM _superusers WHERE email = 'test@example.com'");
            key.next();
            String tokenKey = key.getString(1);
            ResultSet secret = st.executeQuery("SELECT json_extract(options, '$.authToken.secret') FROM _collections WHERE name = '_superusers'");
            secret.next();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .claim("id", "sywbhecnh46rhm0").claim("type", "auth").claim("collectionId", "pbc_3142635823")
                    .claim("refreshable", true).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
            jwt.sign(new MACSigner((tokenKey + secret.getString(1)).getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void theFixtureMigratedAndServed(Dialect dialect) throws Exception {
        Path dir = Fixture.copy();
        try (ServerDatabase db = ServerDatabase.create(dialect)) {
            Run run = cli("migrate-data", "--from", dir.toString(), "--to", db.userUrl());
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("_superusers", "demo1", "ok").doesNotContain("MISMATCH");
            String oldToken = fixtureSuperuserToken(dir);
            try (TestServer s = TestServer.node(dir, "", db.userUrl())) {
                Response login = s.send("POST", "/api/collections/_superusers/auth-with-password", null,
                        "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}", Map.of());
                assertThat(login.status()).as("the same password").isEqualTo(200);
                Response refresh = s.send("POST", "/api/collections/_superusers/auth-refresh", oldToken, "", Map.of());
                assertThat(refresh.status()).as("a token issued before the migration").isEqualTo(200);
                Response demo = s.get("/api/collections/demo2/records?sort=title", oldToken);
                assertThat(demo.status()).as(demo.body()).isEqualTo(200);
                assertThat(demo.json().get("totalItems").asInt()).isEqualTo(3);
            }
            // a second run into the now non-empty target is refused and changes nothing
            long before = tables(db);
            Run again = cli("migrate-data", "--from", dir.toString(), "--to", db.userUrl());
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("not empty", "--force");
            assertThat(tables(db)).isEqualTo(before);
            Run forced = cli("migrate-data", "--from", dir.toString(), "--to", db.userUrl(), "--force");
            assertThat(forced.code()).as(forced.out() + forced.err()).isZero();
        } finally {
            Fixture.delete(dir);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void badInputIsAClearMessageAndTheTargetStaysEmpty(Dialect dialect) throws Exception {
        Path dir = Fixture.copy();
        Path notSqlite = Files.createTempDirectory("basalt-bad-source");
        Files.writeString(notSqlite.resolve("data.db"), "this is not a database");
        try (ServerDatabase db = ServerDatabase.create(dialect)) {
            Run corrupt = cli("migrate-data", "--from", notSqlite.toString(), "--to", db.userUrl());
            assertThat(corrupt.code()).isEqualTo(1);
            assertThat(corrupt.err()).contains("Error:", "data.db");
            Run noDir = cli("migrate-data", "--from", notSqlite.resolve("nope").toString(), "--to", db.userUrl());
            assertThat(noDir.err()).contains("not a PocketBase or Basalt data directory");
            Run badScheme = cli("migrate-data", "--from", dir.toString(), "--to", "oracle://x@h/db");
            assertThat(badScheme.err()).contains("unsupported database URL scheme");
            String unreachable = (dialect == Dialect.POSTGRES ? "postgres" : "mariadb") + "://u:hunter2@127.0.0.1:1/basalt";
            Run refused = cli("migrate-data", "--from", dir.toString(), "--to", unreachable);
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("cannot connect", "127.0.0.1:1").doesNotContain("hunter2");
            if (dialect == Dialect.MYSQL) {
                Run wrongPassword = cli("migrate-data", "--from", dir.toString(), "--to",
                        "mariadb://root:wrong-password@127.0.0.1:3306/" + db.url().database());
                assertThat(wrongPassword.code()).isEqualTo(1);
                assertThat(wrongPassword.err()).containsIgnoringCase("access denied").doesNotContain("wrong-password");
            }
            assertThat(tables(db)).as("nothing was written").isZero();
        } finally {
            Fixture.delete(dir);
            Fixture.delete(notSqlite);
        }
    }
}
