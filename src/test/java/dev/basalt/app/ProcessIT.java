package dev.basalt.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Fixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real server process: durability across kill -9, graceful SIGTERM, CLI, startup time. */
class ProcessIT {

    @Test
    void acknowledgedCreateSurvivesKill9() throws Exception {
        Path dir = Fixture.copy();
        try {
            String id;
            try (BasaltProcess server = BasaltProcess.serve(dir)) {
                HttpResponse<String> created = server.send("POST", "/api/collections/demo2/records", null,
                        "{\"title\":\"survives kill -9\"}");
                assertThat(created.statusCode()).isEqualTo(200);
                id = created.body().replaceAll(".*\"id\":\"([a-z0-9]{15})\".*", "$1").strip();
                server.process.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint
                assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            try (BasaltProcess restarted = BasaltProcess.serve(dir)) {
                HttpResponse<String> view = restarted.send("GET", "/api/collections/demo2/records/" + id, null, null);
                assertThat(view.statusCode()).isEqualTo(200);
                assertThat(view.body()).contains("survives kill -9");
            }
        } finally {
            Fixture.delete(dir);
        }
    }

    @Test
    void sigtermClosesCleanly() throws Exception {
        Path dir = Fixture.copy();
        try (BasaltProcess server = BasaltProcess.serve(dir)) {
            assertThat(server.send("POST", "/api/collections/demo2/records", null, "{\"title\":\"before sigterm\"}").statusCode())
                    .isEqualTo(200);
            server.process.destroy(); // SIGTERM
            assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isIn(0, 143);
            Path wal = dir.resolve("data.db-wal");
            assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed on clean shutdown").isTrue();
        } finally {
            Fixture.delete(dir);
        }
    }

    @Test
    void freshDataDirectoryAndStartupTime() {
        Path dir = Fixture.emptyDir().resolve("basalt_data");
        try (BasaltProcess server = BasaltProcess.serve(dir)) {
            long millis = (System.nanoTime() - server.startedNanos) / 1_000_000;
            System.out.println("[measure] fresh data dir: first request served " + millis + " ms after process start");
            assertThat(Files.exists(dir.resolve("data.db"))).isTrue();
            assertThat(Files.exists(dir.resolve("auxiliary.db"))).isTrue();
            assertThat(Files.isDirectory(dir.resolve("storage"))).isTrue();
            assertThat(server.awaitOutput("No superuser exists yet", Duration.ofSeconds(10))).as(String.join("\n", server.output)).isTrue();
        } finally {
            Fixture.delete(dir.getParent());
        }
        Path fixture = Fixture.copy();
        try (BasaltProcess server = BasaltProcess.serve(fixture)) {
            long millis = (System.nanoTime() - server.startedNanos) / 1_000_000;
            System.out.println("[measure] fixture data dir: first request served " + millis + " ms after process start");
            assertThat(server.awaitOutput("Server started", Duration.ofSeconds(10))).isTrue();
            assertThat(String.join("\n", server.output)).doesNotContain("No superuser exists yet");
        } finally {
            Fixture.delete(fixture);
        }
    }

    @Test
    void superuserCommands() {
        Path dir = Fixture.emptyDir().resolve("data");
        try {
            BasaltProcess.Result created = BasaltProcess.run("superuser", "create", "admin@example.com", "secret-password-1", "--dir", dir.toString());
            assertThat(created.exitCode()).as(created.output()).isZero();
            assertThat(created.output()).contains("Successfully created new superuser \"admin@example.com\"!");

            BasaltProcess.Result duplicate = BasaltProcess.run("superuser", "create", "admin@example.com", "secret-password-1", "--dir", dir.toString());
            assertThat(duplicate.exitCode()).isEqualTo(1);
            assertThat(duplicate.output()).contains("Error:");

            BasaltProcess.Result shortPassword = BasaltProcess.run("superuser", "upsert", "b@example.com", "short", "--dir", dir.toString());
            assertThat(shortPassword.exitCode()).isEqualTo(1);
            assertThat(shortPassword.output()).contains("validation_min_text_constraint");

            BasaltProcess.Result badEmail = BasaltProcess.run("superuser", "upsert", "not-an-email", "secret-password-1", "--dir", dir.toString());
            assertThat(badEmail.exitCode()).isEqualTo(1);
            assertThat(badEmail.output()).contains("missing or invalid email address");

            BasaltProcess.Result updated = BasaltProcess.run("superuser", "update", "admin@example.com", "another-password", "--dir", dir.toString());
            assertThat(updated.output()).contains("Successfully changed superuser \"admin@example.com\" password!");

            BasaltProcess.Result missing = BasaltProcess.run("superuser", "update", "nobody@example.com", "another-password", "--dir", dir.toString());
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.output()).contains("superuser with email \"nobody@example.com\" doesn't exist");

            BasaltProcess.Result upserted = BasaltProcess.run("superuser", "upsert", "second@example.com", "secret-password-2", "--dir", dir.toString());
            assertThat(upserted.output()).contains("Successfully saved superuser \"second@example.com\"!");

            try (BasaltProcess server = BasaltProcess.serve(dir)) {
                HttpResponse<String> login = server.send("POST", "/api/collections/_superusers/auth-with-password", null,
                        "{\"identity\":\"admin@example.com\",\"password\":\"another-password\"}");
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            }

            BasaltProcess.Result deleted = BasaltProcess.run("superuser", "delete", "admin@example.com", "--dir", dir.toString());
            assertThat(deleted.output()).contains("Successfully deleted superuser \"admin@example.com\"!");
            BasaltProcess.Result last = BasaltProcess.run("superuser", "delete", "second@example.com", "--dir", dir.toString());
            assertThat(last.exitCode()).isEqualTo(1);
            assertThat(last.output()).contains("You can't delete the only existing superuser.");
        } finally {
            Fixture.delete(dir.getParent());
        }
    }

    @Test
    void filesSweepReportsAndRemovesOnlyWithApply() throws Exception {
        Path dir = Fixture.copy();
        try {
            Path orphan = dir.resolve("storage/wsmn24bux7wo113/84nmscqy84lsi1t/crashed_abcdefghij.txt");
            java.nio.file.Files.writeString(orphan, "left by a crash");
            java.nio.file.Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));

            BasaltProcess.Result dry = BasaltProcess.run("files", "sweep", "--dir", dir.toString());
            assertThat(dry.exitCode()).as(dry.output()).isZero();
            assertThat(dry.output()).contains("orphan wsmn24bux7wo113/84nmscqy84lsi1t/crashed_abcdefghij.txt", "1 unreferenced");
            assertThat(orphan).exists();

            BasaltProcess.Result applied = BasaltProcess.run("files", "sweep", "--apply", "--min-age", "30m", "--dir", dir.toString());
            assertThat(applied.output()).contains("1 unreferenced and removed.");
            assertThat(orphan).doesNotExist();
            assertThat(dir.resolve("storage/wsmn24bux7wo113/84nmscqy84lsi1t/test_QZFjKjXchk.txt")).exists();

            BasaltProcess.Result badAge = BasaltProcess.run("files", "sweep", "--min-age", "soon", "--dir", dir.toString());
            assertThat(badAge.exitCode()).isEqualTo(2);
            assertThat(badAge.output()).contains("invalid --min-age \"soon\"");
        } finally {
            Fixture.delete(dir);
        }
    }

    @Test
    void helpAndConfigErrors() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"superuser", "--help"}, {"superuser", "upsert", "--help"},
                {"superuser", "create", "--help"}, {"superuser", "update", "--help"}, {"superuser", "delete", "--help"}}) {
            BasaltProcess.Result r = BasaltProcess.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.output()).contains("Usage:");
        }
        BasaltProcess.Result badHttp = BasaltProcess.run("serve", "--http", "nonsense", "--dir", Fixture.emptyDir().toString());
        assertThat(badHttp.exitCode()).isEqualTo(2);
        assertThat(badHttp.output()).contains("invalid value 'nonsense' for http (flag --http)");
    }

    @Test
    void startupTimeIsReported() {
        Path dir = Fixture.copy();
        try (BasaltProcess server = BasaltProcess.serve(dir)) {
            assertThat(server.awaitHealthy(Duration.ofSeconds(5))).isPositive();
        } finally {
            Fixture.delete(dir);
        }
    }
}
