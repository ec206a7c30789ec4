package dev.basalt.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import dev.basalt.testkit.Fixture;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    final Passwords passwords = new Passwords(Passwords.Algorithm.ARGON2ID, 2);

    @Test
    void pocketBaseBcryptHashesVerify() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Fixture.source().resolve("data.db") + "?open_mode=1");
                ResultSet rs = c.createStatement().executeQuery("SELECT password FROM _superusers WHERE email = 'test@example.com'")) {
            rs.next();
            String hash = rs.getString(1);
            assertThat(hash).startsWith("$2a$");
            assertThat(passwords.verify("1234567890", hash)).isTrue();
            assertThat(passwords.verify("1234567891", hash)).isFalse();
            assertThat(passwords.needsRehash(hash)).isTrue();
        }
    }

    @Test
    void newHashesAreArgon2idAndNeverTruncate() {
        String longPassword = "p".repeat(100);
        String hash = passwords.hash(longPassword);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(passwords.verify(longPassword, hash)).isTrue();
        assertThat(passwords.verify("p".repeat(99) + "q", hash)).isFalse();
        assertThat(passwords.verify("p".repeat(72), hash)).isFalse();
        assertThat(passwords.needsRehash(hash)).isFalse();
    }

    @Test
    void bcryptNeverComparesATruncatedPassword() {
        Passwords bcrypt = new Passwords(Passwords.Algorithm.BCRYPT, 1);
        String hash = bcrypt.hash("q".repeat(72));
        assertThat(bcrypt.verify("q".repeat(72), hash)).isTrue();
        assertThat(bcrypt.verify("q".repeat(73), hash)).isFalse();
    }

    @Test
    void malformedHashesDoNotVerify() {
        assertThat(passwords.verify("x", "")).isFalse();
        assertThat(passwords.verify("x", "plain")).isFalse();
        assertThat(passwords.verify("x", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA")).isFalse();
        assertThat(passwords.verify("x", "$2a$10$short")).isFalse();
    }
}
