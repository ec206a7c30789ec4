package dev.basalt.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code basalt} command line: {@code serve}, {@code superuser ...}. */
@Command(name = "basalt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A PocketBase-compatible backend in one Java server.",
        subcommands = {ServeCommand.class, SuperuserCommand.class, FilesCommand.class, MigrateDataCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Options every command accepts. */
    static final class CommonOptions {
        @Option(names = "--dir", description = "The data directory (default ./basalt_data; env BASALT_DIR).")
        String dir;

        @Option(names = "--config", description = "A TOML config file (env BASALT_CONFIG; default ./basalt.toml if present).")
        Path config;

        @Option(names = "--dev", description = "Verbose logging (env BASALT_DEV).")
        Boolean dev;

        @Option(names = "--db", description = "PostgreSQL or MySQL/MariaDB URL, e.g. postgres://user:pass@host:5432/basalt "
                + "(env BASALT_DB_URL; default: the embedded SQLite in the data directory).")
        String db;

        /** The configuration from {@code extraFlags}, these options, the environment and the file; null after printing why not. */
        AppConfig loadOrReport(Map<String, String> extraFlags) {
            Map<String, String> all = new LinkedHashMap<>(flags());
            all.putAll(extraFlags);
            try {
                return ConfigLoader.load(all, System.getenv(), config);
            } catch (ConfigLoader.ConfigException e) {
                System.err.println("Error: " + e.getMessage());
                return null;
            }
        }

        /** The flags that were given, by config key. */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            if (dir != null) {
                flags.put("dir", dir);
            }
            if (dev != null) {
                flags.put("dev", dev.toString());
            }
            if (db != null) {
                flags.put("db.url", db);
            }
            return flags;
        }
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"basalt " + (v == null ? "dev" : v)};
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(code);
        }
    }
}
