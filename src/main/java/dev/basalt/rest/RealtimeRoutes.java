package dev.basalt.rest;

import dev.basalt.auth.OAuth2Actions;
import dev.basalt.error.ApiException;
import dev.basalt.realtime.RealtimeBroker;
import dev.basalt.realtime.RealtimeClient;
import dev.basalt.records.Record;
import dev.basalt.util.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PocketBase's realtime endpoints: the SSE stream ({@code GET /api/realtime}), subscriptions
 * ({@code POST /api/realtime}) and the OAuth2 redirect that feeds the {@code @oauth2} topic.
 * Each SSE connection is served by its own (virtual) thread that writes what the broker queued.
 */
final class RealtimeRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeRoutes.class);
    private static final int STREAM_BUFFER = 4096;
    private static final String LOADING = "An error occurred while loading the submitted data.";
    private static final String REDIRECT_FAILURE = "../_/#/auth/oauth2-redirect-failure";
    private static final String REDIRECT_SUCCESS = "../_/#/auth/oauth2-redirect-success";

    private final Supplier<RealtimeBroker> broker;
    private final Supplier<OAuth2Actions> oauth2;
    private final Http http;
    private final Duration idleTimeout;

    RealtimeRoutes(Supplier<RealtimeBroker> broker, Supplier<OAuth2Actions> oauth2, Http http, Duration idleTimeout) {
        this.broker = broker;
        this.oauth2 = oauth2;
        this.http = http;
        this.idleTimeout = idleTimeout;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/realtime", this::stream);
        routes.post("/api/realtime", this::subscribe);
        routes.get("/api/oauth2-redirect", this::oauth2Redirect);
        routes.post("/api/oauth2-redirect", this::oauth2Redirect);
    }

    private void stream(Context ctx) throws InterruptedException {
        String ip = http.info(ctx, "realtime").ip();
        RealtimeBroker b = broker.get();
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        // frames are small and flushed at once: a small buffer keeps ten thousand idle streams cheap
        res.setBufferSize(STREAM_BUFFER);
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getConnection().getEndPoint();
        // our own idle rule decides when a quiet stream ends; Jetty's timeout only catches stalled writes
        endPoint.setIdleTimeout(idleTimeout.plusMinutes(1).toMillis());
        RealtimeClient client = b.connect(ip);
        // a client that overflows its queue is closed by the broker: drop the socket so a blocked write ends
        client.onClose(endPoint::close);
        try {
            OutputStream out = res.getOutputStream();
            long idleDeadline = System.nanoTime() + idleTimeout.toNanos();
            while (true) {
                long left = idleDeadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                byte[] frame = client.next(Duration.ofNanos(left));
                if (frame == RealtimeClient.CLOSED) {
                    break;
                }
                if (frame == null) {
                    continue;
                }
                // write what else is already queued too, then flush once: one syscall for a burst
                do {
                    out.write(frame);
                    frame = client.next(Duration.ZERO);
                } while (frame != null && frame != RealtimeClient.CLOSED);
                out.flush();
                if (frame == RealtimeClient.CLOSED) {
                    break;
                }
                idleDeadline = System.nanoTime() + idleTimeout.toNanos();
            }
        } catch (IOException e) {
            LOG.debug("realtime client {} went away: {}", client.id(), e.toString());
        } finally {
            b.disconnect(client);
        }
    }

    private void subscribe(Context ctx) {
        Map<String, Object> body = Http.bodyMap(ctx, Http.DEFAULT_BODY_LIMIT, LOADING);
        Object rawId = body.get("clientId");
        Object rawSubs = body.get("subscriptions");
        if ((rawId != null && !(rawId instanceof String)) || (rawSubs != null && !(rawSubs instanceof List<?>))) {
            throw ApiException.badRequest(LOADING);
        }
        String clientId = rawId == null ? "" : (String) rawId;
        List<String> subscriptions = new ArrayList<>();
        if (rawSubs != null) {
            for (Object s : (List<?>) rawSubs) {
                if (!(s instanceof String str)) {
                    throw ApiException.badRequest(LOADING);
                }
                subscriptions.add(str);
            }
        }
        Record auth = http.auth(ctx).map(v -> v.record()).orElse(null);
        broker.get().subscribe(clientId, subscriptions, auth, http.info(ctx, "realtime").ip());
        Http.noContent(ctx);
    }

    /**
     * The provider's redirect of the all-in-one OAuth2 flow: {@code state} is the realtime client
     * id, which receives {@code {state, code[, error]}} on its {@code @oauth2} subscription; the
     * browser goes on to PocketBase's success or failure page.
     */
    private void oauth2Redirect(Context ctx) {
        boolean get = "GET".equals(ctx.method().name());
        int status = get ? 307 : 303;
        Map<String, Object> form = new LinkedHashMap<>();
        if (get) {
            for (String key : List.of("state", "code", "error")) {
                form.put(key, ctx.queryParam(key));
            }
        } else if (String.valueOf(ctx.contentType()).startsWith("application/x-www-form-urlencoded")) {
            // untyped: a numeric-looking code must stay text
            for (String key : List.of("state", "code", "error", "user")) {
                form.put(key, ctx.formParam(key));
            }
        } else {
            try {
                form = Http.bodyMap(ctx, Http.DEFAULT_BODY_LIMIT, LOADING);
            } catch (ApiException e) {
                redirect(ctx, status, REDIRECT_FAILURE);
                return;
            }
        }
        String state = text(form.get("state"));
        String code = text(form.get("code"));
        String error = text(form.get("error"));
        if (!get && !code.isEmpty()) {
            // Apple posts the user's name only here, once
            oauth2.get().rememberAppleName(code, text(form.get("user")));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        data.put("code", code);
        if (!error.isEmpty()) {
            data.put("error", error);
        }
        String ip = http.info(ctx, "default").ip();
        boolean sent = !state.isEmpty() && broker.get().sendOAuth2(state, ip, Json.writeBytes(data));
        redirect(ctx, status, sent && error.isEmpty() && !code.isEmpty() ? REDIRECT_SUCCESS : REDIRECT_FAILURE);
    }

    private static String text(Object v) {
        return v instanceof String s ? s : "";
    }

    private static void redirect(Context ctx, int status, String location) {
        ctx.status(status);
        ctx.header("Location", location);
        ctx.result(new byte[0]);
    }
}
