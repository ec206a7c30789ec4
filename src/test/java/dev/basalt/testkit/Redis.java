package dev.basalt.testkit;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Redis (127.0.0.1:6379, started by {@code .ci/run}). When it does not answer, a test
 * that needs it fails under {@code BASALT_REQUIRE_SERVICES=1} (CI) and is otherwise skipped with a
 * loud message.
 */
public final class Redis {
    public static final String URL = "redis://127.0.0.1:6379";

    private Redis() {}

    /** The URL of the running Redis, or fails/skips the calling test. */
    public static String require() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            if (!new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                throw new IllegalStateException("unexpected reply to PING");
            }
            return URL;
        } catch (Exception e) {
            String message = "this test needs Redis at 127.0.0.1:6379 (see DEVELOPERS.md), which did not answer: " + e.getMessage();
            if ("1".equals(System.getenv("BASALT_REQUIRE_SERVICES"))) {
                throw new AssertionError(message, e);
            }
            System.err.println("\n*** SKIPPING REDIS TESTS ***\n" + message + "\n(set BASALT_REQUIRE_SERVICES=1 to fail instead)\n");
            return Assumptions.abort(message);
        }
    }
}
