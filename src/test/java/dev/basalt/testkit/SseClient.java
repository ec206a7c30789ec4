package dev.basalt.testkit;

import dev.basalt.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A real Server-Sent Events client over HTTP, reading the stream as the EventSource spec does
 * ({@code id:}, {@code event:}, {@code data:} lines, a blank line ends a message).
 */
public final class SseClient implements AutoCloseable {
    /** One received message. */
    public record Event(String id, String name, String data) {
        public JsonNode json() {
            return Json.parse(data);
        }
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    private final HttpResponse<InputStream> response;
    private volatile boolean ended;
    private final String clientId;

    private SseClient(HttpResponse<InputStream> response) throws InterruptedException {
        this.response = response;
        this.body = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
        Event connect = next(Duration.ofSeconds(10));
        if (connect == null || !"PB_CONNECT".equals(connect.name())) {
            throw new IllegalStateException("no PB_CONNECT, got " + connect);
        }
        this.clientId = connect.id();
    }

    /** Opens {@code GET /api/realtime} and waits for PB_CONNECT. */
    public static SseClient connect(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/realtime")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(r);
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The client id from the first message's SSE id (as the SDK reads it). */
    public String clientId() {
        return clientId;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(line.substring(5)) : data.append('\n').append(line.substring(5));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    /** The next message, or null after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every message that arrives until none came for {@code quiet}. */
    public List<Event> drain(Duration quiet) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (Event e; (e = next(quiet)) != null; ) {
            out.add(e);
        }
        return out;
    }

    /** Each record event as {@code "<event name> <action> <record id>"}, for compact assertions. */
    public static List<String> summary(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            JsonNode data = e.json();
            out.add(e.name() + " " + data.get("action").asString() + " " + data.at("/record/id").asString());
        }
        return out;
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
