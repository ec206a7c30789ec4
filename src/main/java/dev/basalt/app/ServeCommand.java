package dev.basalt.app;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code basalt serve}: runs the HTTP server until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Starts the web server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    Main.CommonOptions common = new Main.CommonOptions();

    @Option(names = "--http", description = "TCP address to listen on, host:port (default 127.0.0.1:8090; env BASALT_HTTP).")
    String http;

    @Option(names = "--redis", description = "Redis URL shared by every node of a multi-node deployment (env BASALT_REDIS_URL).")
    String redis;

    @Option(names = "--origins", description = "Comma separated CORS allowed origins (default *; env BASALT_ORIGINS).")
    String origins;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        if (http != null) {
            flags.put("http", http);
        }
        if (redis != null) {
            flags.put("redis.url", redis);
        }
        if (origins != null) {
            flags.put("origins", origins);
        }
        AppConfig config = common.loadOrReport(flags);
        if (config == null) {
            return 2;
        }
        Basalt basalt;
        try {
            basalt = Basalt.serve(config);
        } catch (RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            LOG.debug("start failed", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down (waiting up to {}s for in-flight requests)", config.shutdownTimeout().toSeconds());
            basalt.close();
            stopped.countDown();
        }, "basalt-shutdown"));
        String base = "http://" + config.host() + ":" + basalt.port();
        System.out.println("Server started at " + base);
        System.out.println("├─ REST API:  " + base + "/api/");
        System.out.println("└─ Data dir:  " + config.dir().toAbsolutePath());
        System.out.printf("(started in %d ms)%n", (System.nanoTime() - started) / 1_000_000);
        if (SuperuserCommand.count(basalt) == 0) {
            System.out.println();
            System.out.println("(!) No superuser exists yet. Create one with:");
            System.out.println("    basalt superuser upsert EMAIL PASSWORD --dir " + config.dir());
        }
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
