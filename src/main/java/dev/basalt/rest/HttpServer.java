package dev.basalt.rest;

import dev.basalt.auth.AuthModule;
import dev.basalt.auth.Tokens;
import dev.basalt.collections.Collections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.ratelimit.RateLimits;
import dev.basalt.realtime.RealtimeBroker;
import dev.basalt.files.FileService;
import dev.basalt.records.FileDownloads;
import dev.basalt.records.RecordActions;
import dev.basalt.settings.SettingsService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The REST adapter: PocketBase's HTTP API on Javalin (Jetty 12, virtual threads). It only
 * translates between HTTP and the core actions; access decisions, validation and SQL happen in
 * the core.
 *
 * <p>Every response carries PocketBase's security headers and the configured CORS headers. On
 * {@link #stop} the server stops accepting connections, lets in-flight requests finish (up to the
 * shutdown timeout) and then closes.
 */
public final class HttpServer {
    private final Http http;
    private final Javalin app;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> origins;
    private final CompletableFuture<Services> services;

    /** The core services the routes translate to. */
    private static final int ACCEPT_QUEUE = 4096;

    public record Services(Collections collections, RecordActions records, AuthModule auth, RateLimits rateLimits, SettingsService settings,
            Tokens tokens, FileDownloads downloads, FileService files, RealtimeBroker realtime) {}

    /**
     * Configures the server; {@code services} may complete later (the server can start while the
     * database is still opening): requests wait for it before they are handled.
     */
    public HttpServer(String host, int port, List<String> origins, Duration realtimeIdleTimeout, CompletableFuture<Services> services) {
        this.origins = List.copyOf(origins);
        this.services = services;
        this.http = new Http(() -> services.join().tokens(), () -> services.join().settings().current());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = Long.MAX_VALUE; // limits are enforced per route (413)
            cfg.http.generateEtags = false;
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(host);
                connector.setPort(port);
                // a burst of (re)connecting realtime clients must not overflow the kernel's accept
                // queue (Java's default is 50), or their SYNs are dropped and retried seconds later
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
            cfg.routes.before(this::before);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            cfg.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(new InFlightFilter(inFlight)), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new CompletionFilter(CompletionFilter.LINGER)), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.setErrorHandler(new JettyErrors());
            });
            cfg.routes.exception(ApiException.class, (e, ctx) -> ErrorResponses.write(ctx, e));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 404) {
                    ErrorResponses.writeNotFound(ctx);
                } else {
                    ErrorResponses.write(ctx, ApiException.badRequest(null));
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> ErrorResponses.writeUnexpected(ctx, e));
            cfg.routes.error(404, ctx -> {
                String result = ctx.result();
                if (!Http.sent(ctx) && (result == null || result.isEmpty())) {
                    ErrorResponses.writeNotFound(ctx);
                }
            });
            new HealthRoutes(http).register(cfg.routes);
            new SettingsRoutes(() -> services.join().settings(), () -> services.join().auth().email(), http).register(cfg.routes);
            new CollectionRoutes(() -> services.join().collections(), () -> services.join().records(), http).register(cfg.routes);
            new RecordRoutes(() -> services.join().records(), http).register(cfg.routes);
            new AuthRoutes(() -> services.join().auth(), () -> services.join().records(), http).register(cfg.routes);
            new BatchRoutes(() -> services.join().records(), () -> services.join().settings(), http).register(cfg.routes);
            new RealtimeRoutes(() -> services.join().realtime(), () -> services.join().auth().oauth2(), http,
                    realtimeIdleTimeout).register(cfg.routes);
            new FileRoutes(() -> services.join().downloads(), () -> services.join().files().storage(), http).register(cfg.routes);
        });
    }

    /** Counts requests being processed, so shutdown can wait for them; counted at the servlet level so no path skips it. */
    private record InFlightFilter(AtomicInteger counter) implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            counter.incrementAndGet();
            try {
                chain.doFilter(request, response);
            } finally {
                counter.decrementAndGet();
            }
        }
    }

    private void before(Context ctx) {
        ctx.header("X-XSS-Protection", "1; mode=block");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin != null && !origin.isEmpty()) {
            if (origins.contains("*")) {
                ctx.header("Access-Control-Allow-Origin", "*");
            } else if (origins.contains(origin)) {
                ctx.header("Access-Control-Allow-Origin", origin);
            }
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            if (ctx.header("Access-Control-Request-Method") != null) {
                ctx.header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
                ctx.header("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
                String requested = ctx.header("Access-Control-Request-Headers");
                if (requested != null && !requested.isEmpty()) {
                    ctx.header("Access-Control-Allow-Headers", requested);
                }
            }
            Http.noContent(ctx);
            ctx.skipRemainingHandlers();
            return;
        }
        Services core = services.join(); // until the core is open, requests wait here instead of failing
        if (!core.rateLimits().active()) {
            return;
        }
        Optional<Tokens.Verified> auth = http.auth(ctx);
        boolean superuser = auth.isPresent() && auth.get().record().collection().isSuperusers();
        RateLimits.Request limited = RateLimitLabels.of(ctx.method().name(), ctx.path(), core.collections().schema(), auth.isPresent(),
                superuser, http.realIp(ctx));
        if (!core.rateLimits().allow(limited)) {
            throw new ApiException(ErrorCode.RATE_LIMITED);
        }
    }

    /** Starts listening. */
    public HttpServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops accepting connections, waits for in-flight requests up to {@code timeout}, then stops. */
    public void stop(Duration timeout) {
        var server = app.jettyServer().server();
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector nc) {
                nc.close();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
    }
}
