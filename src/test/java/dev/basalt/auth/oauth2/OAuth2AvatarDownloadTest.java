package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2AvatarDownloadTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    final FakeProvider cdn = new FakeProvider();
    final OAuth2Client production = new OAuth2Client(HttpClient.newHttpClient(), Clock.systemUTC(), false);
    final OAuth2Client permissive = new OAuth2Client(HttpClient.newHttpClient(), Clock.systemUTC(), true);

    OAuth2AvatarDownloadTest() throws Exception {
        cdn.on("/avatars/a.png", r -> new FakeProvider.Response(200, "image/png", PNG, Map.of()));
    }

    @AfterEach
    void stop() {
        cdn.close();
    }

    static OAuth2Exception refused(OAuth2Client client, String url) {
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> client.downloadAvatar(url));
        assertThat(e).as(url).isNotNull();
        assertThat(e.stage()).isEqualTo(OAuth2Exception.Stage.AVATAR);
        return e;
    }

    @Test
    void productionRefusesLoopbackPrivateAndLinkLocalBeforeConnecting() {
        int port = URI.create(cdn.url("/")).getPort();
        for (String url : new String[] {
                cdn.url("/avatars/a.png"),
                "http://localhost:" + port + "/avatars/a.png",
                "http://[::1]:" + port + "/avatars/a.png",
                "http://0.0.0.0:" + port + "/avatars/a.png",
                "http://10.1.2.3/a.png",
                "http://172.16.5.4/a.png",
                "http://192.168.1.1/a.png",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00::1]/a.png",
                "http://[::ffff:127.0.0.1]:" + port + "/avatars/a.png"}) {
            assertThat(refused(production, url).getMessage()).as(url).contains("disallowed address");
        }
        assertThat(cdn.requests).isEmpty();
    }

    @Test
    void onlyAbsoluteHttpUrlsAreAccepted() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://example.com/a.png", "/relative.png", "gopher://x", "",
                "http:///nohost"}) {
            assertThat(refused(permissive, url).getMessage()).as(url).containsAnyOf("http(s)", "invalid");
        }
    }

    @Test
    void downloadsWhenPrivateNetworksAreAllowed() {
        Download d = permissive.downloadAvatar(cdn.url("/avatars/a.png"));
        assertThat(d.bytes()).isEqualTo(PNG);
        assertThat(d.fileName()).isEqualTo("a.png");
        assertThat(d.contentType()).isEqualTo("image/png");
        // Go's path.Base of the whole URL: the query stays part of the name (the file store normalises it)
        assertThat(permissive.downloadAvatar(cdn.url("/avatars/a.png?s=96")).fileName()).isEqualTo("a.png?s=96");
        assertThat(SafeDownloader.baseName("https://x.example/a/b/")).isEqualTo("b");
        assertThat(SafeDownloader.baseName("")).isEqualTo(".");
    }

    @Test
    void theSizeCapIsEnforcedNotTruncated() {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        cdn.on("/big", r -> new FakeProvider.Response(200, "image/jpeg", big, Map.of()));
        assertThat(permissive.downloadAvatar(cdn.url("/big"), 100_000).bytes()).hasSize(100_000);
        assertThat(permissive.downloadAvatar(cdn.url("/big")).bytes()).hasSize(100_000); // default cap: 32 MiB
        OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> permissive.downloadAvatar(cdn.url("/big"), 99_999));
        assertThat(e.getMessage()).contains("more than 99999 bytes");
    }

    @Test
    void statusAndEmptyBodiesAreChecked() {
        cdn.json("/missing", 404, "{}");
        assertThat(refused(permissive, cdn.url("/missing")).getMessage()).contains("(404)");
        cdn.on("/empty", r -> new FakeProvider.Response(200, "image/png", new byte[0], Map.of()));
        assertThat(refused(permissive, cdn.url("/empty")).getMessage()).contains("empty");
    }

    @Test
    void followsAtMostThreeRedirects() {
        for (int i = 1; i <= 4; i++) {
            String next = i == 1 ? "/avatars/a.png" : "/r" + (i - 1);
            cdn.on("/r" + i, r -> new FakeProvider.Response(302, "", new byte[0], Map.of("Location", next)));
        }
        assertThat(permissive.downloadAvatar(cdn.url("/r3")).bytes()).isEqualTo(PNG);
        assertThat(permissive.downloadAvatar(cdn.url("/r3")).fileName()).as("named after the requested URL").isEqualTo("r3");
        assertThat(refused(permissive, cdn.url("/r4")).getMessage()).contains("3 redirects");
    }

    @Test
    void everyRedirectHopIsCheckedAgain() {
        // loopback stands in for "public" here; 10.x stays forbidden
        Predicate<InetAddress> policy = InetAddress::isLoopbackAddress;
        OAuth2Client client = new OAuth2Client(HttpClient.newHttpClient(), Clock.systemUTC(), OAuth2AuthRequestTest.counting(),
                OAuth2Client.DEFAULT_ID_TOKEN_LEEWAY, new SafeDownloader(policy));
        cdn.on("/to-internal", r -> new FakeProvider.Response(307, "", new byte[0], Map.of("Location", "http://10.0.0.7/secret")));
        cdn.on("/to-file", r -> new FakeProvider.Response(302, "", new byte[0], Map.of("Location", "file:///etc/passwd")));
        assertThat(refused(client, cdn.url("/to-internal")).getMessage()).contains("10.0.0.7");
        assertThat(refused(client, cdn.url("/to-file")).getMessage()).contains("http(s)");
        assertThat(client.downloadAvatar(cdn.url("/avatars/a.png")).bytes()).isEqualTo(PNG);
    }

    @Test
    void addressPolicy() throws Exception {
        for (String ok : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700::1111", "100.63.255.255", "100.128.0.1"}) {
            assertThat(NetworkAddresses.isPublic(InetAddress.getByName(ok))).as(ok).isTrue();
        }
        for (String bad : new String[] {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "224.0.0.1", "239.1.2.3", "0.0.0.0", "0.1.2.3", "100.100.100.200", "255.255.255.255",
                "::", "::1", "fd00::1", "fc00::1", "fe80::1", "ff02::1", "fec0::1", "::ffff:10.0.0.1", "::127.0.0.1",
                "64:ff9b::a00:1", "2002:a00:1::1"}) {
            assertThat(NetworkAddresses.isPublic(InetAddress.getByName(bad))).as(bad).isFalse();
        }
        assertThat(NetworkAddresses.isPublic(InetAddress.getByName("64:ff9b::808:808"))).isTrue();
    }

    @Test
    void aTricklingBodyHitsTheDeadline() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(1);
                out.flush();
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the client gave up: expected
            }
        });
        slow.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + slow.getAddress().getPort() + "/"))
                    .build();
            long start = System.nanoTime();
            OAuth2Exception e = catchThrowableOfType(OAuth2Exception.class, () -> HttpCalls.send(HttpClient.newHttpClient(),
                    request, 1000, Deadline.after(Duration.ofMillis(300)), OAuth2Exception.Stage.AVATAR, "slow download"));
            assertThat(e.getMessage()).isEqualTo("slow download timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            slow.stop(0);
        }
    }
}
