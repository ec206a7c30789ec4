package dev.basalt.app;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Collections;
import dev.basalt.store.DataMigration;
import dev.basalt.store.Database;
import dev.basalt.store.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code basalt migrate-data --from DIR --to URL}: copies a PocketBase or Basalt data directory's
 * database into PostgreSQL or MySQL/MariaDB and verifies the copy (see {@link DataMigration}).
 * Exit status 0 when every table verified, 1 on failure (with the reason), 2 when the data was
 * copied but a view could not be created on the target.
 */
@Command(name = "migrate-data", mixinStandardHelpOptions = true,
        description = "Copy a PocketBase or Basalt data directory's database into PostgreSQL or MySQL/MariaDB (files stay where they are).")
final class MigrateDataCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The data directory (with data.db); stop its server first.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "The target database, e.g. postgres://user:pass@host:5432/basalt or mariadb://user:pass@host:3306/basalt.")
    String to;

    @Option(names = "--force", description = "Write into a target that already has tables (Basalt's tables in it are replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(to);
        } catch (DatabaseUrl.InvalidDatabaseUrl e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        try (Connection source = DataMigration.openSource(from);
                Database target = Database.server(url, 4, Duration.ofHours(1))) {
            List<Collection> collections = Collections.readSqlite(source);
            List<DataMigration.Table> tables = new ArrayList<>();
            for (String system : List.of("_migrations", "_params", "_collections")) {
                tables.add(new DataMigration.Table(system, null));
            }
            for (Collection c : collections) {
                if (!c.isView()) {
                    tables.add(new DataMigration.Table(c.name(), dsl -> Collections.createTable(dsl, c)));
                }
            }
            out.println("copying " + from.toAbsolutePath() + " into " + url + " (" + tables.size() + " tables)");
            List<DataMigration.TableReport> reports = DataMigration.run(source, target, tables, force, line -> {
                out.println(line);
                out.flush();
            });
            int status = 0;
            for (Collection c : collections) {
                if (c.isView()) {
                    try {
                        target.writeVoid(tx -> Collections.createServerView(tx.dsl(), c));
                    } catch (RuntimeException e) {
                        err.println("warning: view " + c.name() + " was not created: " + e.getMessage()
                                + " (its query is SQLite SQL: fix it and save the collection again)");
                        status = 2;
                    }
                }
            }
            out.println();
            out.printf("%-28s %12s %12s  %s%n", "table", "source rows", "target rows", "checksum (SHA-256)");
            boolean ok = true;
            for (DataMigration.TableReport r : reports) {
                out.printf("%-28s %12d %12d  %s %s%n", r.table(), r.sourceRows(), r.targetRows(),
                        r.sourceChecksum().substring(0, 16), r.matches() ? "ok" : "MISMATCH (target " + r.targetChecksum().substring(0, 16) + ")");
                ok &= r.matches();
            }
            if (!ok) {
                err.println("Error: the copy does not match the source (see MISMATCH above)");
                return 1;
            }
            out.println("\ndone: start Basalt with --dir " + from + " --db <the target URL> (files stay in "
                    + from.resolve("storage") + ")");
            return status;
        } catch (DataMigration.MigrationFailed | Database.DatabaseUnavailable e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("Error: cannot read the collections of " + from + ": " + e.getMessage());
            return 1;
        }
    }
}
