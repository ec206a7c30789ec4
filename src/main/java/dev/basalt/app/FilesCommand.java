package dev.basalt.app;

import dev.basalt.records.FileReconciler;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code basalt files sweep}: reports, and with {@code --apply} removes, files no record references. */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Maintain stored files.",
        subcommands = {FilesCommand.Sweep.class})
final class FilesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Find stored files no record references (left by a crash mid-request); remove them with --apply.")
    static final class Sweep implements Callable<Integer> {
        @Mixin
        Main.CommonOptions common = new Main.CommonOptions();

        @Option(names = "--apply", description = "Remove the files found (default: only report them).")
        boolean apply;

        @Option(names = "--min-age", defaultValue = "1h", paramLabel = "DURATION",
                description = "Only files older than this (e.g. 30m, 1h, 2d; default ${DEFAULT-VALUE}), so uploads in flight are never touched.")
        String minAge;

        @Override
        public Integer call() {
            Duration age;
            try {
                age = parse(minAge);
            } catch (IllegalArgumentException e) {
                System.err.println("Error: invalid --min-age \"" + minAge + "\" (use e.g. 30m, 1h, 2d)");
                return 2;
            }
            AppConfig config = common.loadOrReport(java.util.Map.of());
            if (config == null) {
                return 2;
            }
            try (Basalt basalt = Basalt.open(config)) {
                FileReconciler.Report report = basalt.fileReconciler().sweep(age, apply);
                report.examples().forEach(k -> System.out.println((apply ? "removed " : "orphan ") + k));
                System.out.println(report.scanned() + " files scanned, " + report.orphans() + " unreferenced"
                        + (apply ? " and removed." : " (run with --apply to remove them)."));
                return 0;
            } catch (RuntimeException e) {
                System.err.println("Error: " + e.getMessage());
                return 1;
            }
        }

        static Duration parse(String s) {
            String v = s.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.matches("\\d+[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(s, e);
            }
        }
    }
}
