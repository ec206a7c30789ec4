package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client still uploading when Basalt answers without reading its body (413 for a body over the
 * limit, 404 for an unknown collection) must receive that answer, not a connection reset: closing
 * a socket with unread data makes the kernel send RST, which discards the answer on the client's
 * side before it reads it.
 */
class UnreadBodyIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.fixture();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} with {1} declared bytes → {2}")
    @CsvSource({
        "/api/collections/users/records, 94371840, 413",
        "/api/collections/nothing_here/records, 8388608, 404",
    })
    void answerReachesAClientThatIsStillSending(String path, long declared, int status) throws Exception {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1 << 20]); // the first MiB of the body, as a client streaming it would
            out.flush();
            Thread.sleep(500); // the server answers meanwhile
            out.write(new byte[1 << 20]); // and the client goes on sending: a closed socket answers that with RST
            out.flush();
            Thread.sleep(200);
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 " + status);
            assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: close");
            String body = new String(readBody(socket.getInputStream(), head), StandardCharsets.UTF_8);
            assertThat(body).contains("\"status\":" + status);
            assertThat(socket.getInputStream().read()).as("the server closes once it stops waiting for the body").isEqualTo(-1);
        }
    }

    @Test
    void aSmallUnreadBodyKeepsTheConnectionOpen() throws Exception {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            for (int i = 0; i < 2; i++) { // the second request goes over the same connection
                socket.getOutputStream().write(("POST /api/collections/nothing_here/records HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 65536\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(new byte[65536]);
                String head = readHead(socket.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 404");
                assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("connection: close");
                readBody(socket.getInputStream(), head);
            }
        }
    }

    @Test
    void anAnswerAfterWhichTheServerClosesSaysSo() throws Exception {
        // a multipart part header that never ends fails the request's input: Jetty closes the
        // connection after the 400, and a client reusing it for its next request would fail
        byte[] body = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"" + "x".repeat(1000))
                .getBytes(StandardCharsets.US_ASCII);
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /api/collections/users/records HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=B\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 400");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(new String(readBody(socket.getInputStream(), head), StandardCharsets.UTF_8)).contains("\"status\":400");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the response head ended: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    static byte[] readBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return in.readAllBytes(); // no length: the body ends when the server closes
    }
}
