package dev.basalt.app;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Formats;
import dev.basalt.collections.PasswordValue;
import dev.basalt.collections.SystemCollections;
import dev.basalt.error.ApiException;
import dev.basalt.records.Record;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code basalt superuser upsert|create|update|delete}: manages superuser accounts. */
@Command(name = "superuser", mixinStandardHelpOptions = true, description = "Manage superusers.",
        subcommands = {SuperuserCommand.Upsert.class, SuperuserCommand.Create.class, SuperuserCommand.Update.class,
                SuperuserCommand.Delete.class})
final class SuperuserCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    static long count(Basalt basalt) {
        Collection c = basalt.collections().require(SystemCollections.SUPERUSERS);
        return basalt.records().count(c);
    }

    /** Shared plumbing: open the data directory, run, report errors as "Error: ..." with exit code 1. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Main.CommonOptions common = new Main.CommonOptions();

        abstract int run(Basalt basalt, Collection superusers);

        @Override
        public Integer call() {
            AppConfig config = common.loadOrReport(java.util.Map.of());
            if (config == null) {
                return 2;
            }
            try (Basalt basalt = Basalt.open(config)) {
                return run(basalt, basalt.collections().require(SystemCollections.SUPERUSERS));
            } catch (ApiException e) {
                System.err.println("Error: " + e.getMessage() + (e.data().isEmpty() ? "" : " " + e.data()));
                return 1;
            } catch (RuntimeException e) {
                System.err.println("Error: " + e.getMessage());
                return 1;
            }
        }

        static Optional<Record> find(Basalt basalt, Collection superusers, String email) {
            return basalt.records().findByField(superusers, "email", email);
        }

        static boolean invalidEmail(String email) {
            if (email == null || !Formats.isEmail(email)) {
                System.err.println("Error: missing or invalid email address");
                return true;
            }
            return false;
        }

        static void setCredentials(Record record, String email, String password) {
            record.set("email", email);
            record.set("password", PasswordValue.ofPlain(password));
        }
    }

    @Command(name = "upsert", mixinStandardHelpOptions = true, description = "Creates, or updates if the email exists, a superuser.")
    static final class Upsert extends Base {
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Parameters(index = "1", paramLabel = "PASSWORD")
        String password;

        @Override
        int run(Basalt basalt, Collection superusers) {
            if (invalidEmail(email)) {
                return 1;
            }
            Record record = find(basalt, superusers, email).map(Record::copy).orElseGet(() -> Record.create(superusers));
            setCredentials(record, email, password);
            basalt.records().save(record);
            System.out.println("Successfully saved superuser \"" + email + "\"!");
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a new superuser.")
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Parameters(index = "1", paramLabel = "PASSWORD")
        String password;

        @Override
        int run(Basalt basalt, Collection superusers) {
            if (invalidEmail(email)) {
                return 1;
            }
            Record record = Record.create(superusers);
            setCredentials(record, email, password);
            basalt.records().save(record);
            System.out.println("Successfully created new superuser \"" + email + "\"!");
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Changes the password of an existing superuser.")
    static final class Update extends Base {
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Parameters(index = "1", paramLabel = "PASSWORD")
        String password;

        @Override
        int run(Basalt basalt, Collection superusers) {
            if (invalidEmail(email)) {
                return 1;
            }
            Optional<Record> existing = find(basalt, superusers, email);
            if (existing.isEmpty()) {
                System.err.println("Error: superuser with email \"" + email + "\" doesn't exist");
                return 1;
            }
            Record record = existing.get().copy();
            record.set("password", PasswordValue.ofPlain(password));
            basalt.records().save(record);
            System.out.println("Successfully changed superuser \"" + email + "\" password!");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an existing superuser.")
    static final class Delete extends Base {
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Override
        int run(Basalt basalt, Collection superusers) {
            if (invalidEmail(email)) {
                return 1;
            }
            Optional<Record> existing = find(basalt, superusers, email);
            if (existing.isEmpty()) {
                System.out.println("superuser \"" + email + "\" is missing or already deleted");
                return 0;
            }
            basalt.records().deleteRecord(existing.get());
            System.out.println("Successfully deleted superuser \"" + email + "\"!");
            return 0;
        }
    }
}
