package dev.basalt.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for tests: S3Proxy (Maven Central {@code org.gaul:s3proxy}) with its
 * in-memory backend, in a separate JVM on a free loopback port, with AWS Signature V4
 * authentication enforced — a request signed with the wrong secret is refused, so the signing of
 * the code under test is really checked.
 *
 * <p>S3Proxy runs on Jetty 11 and Basalt on Jetty 12, so it never joins Basalt's class path: its
 * class path is resolved once by {@code ./mvnw -f src/test/s3proxy/pom.xml dependency:build-classpath}
 * (cached in {@code target/s3proxy/classpath.txt}; after the first download it works offline).
 *
 * <p>When the server cannot be started, {@link #start()} fails the test if the environment variable
 * {@code BASALT_REQUIRE_SERVICES=1} (CI), and otherwise aborts it (JUnit: skipped) with a loud
 * message on stderr.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "basalt-test-access-key";
    public static final String SECRET = "basalt-test-secret-NOT-A-REAL-ONE";
    public static final String REGION = "us-east-1";
    private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(10);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Process process;
    private final Path workDir;
    private final int port;
    private final Thread shutdownHook;

    private S3Server(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "s3proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server, or fails/skips the calling test as described on the class. */
    public static S3Server start() {
        try {
            return launch();
        } catch (Exception e) {
            String message = "S3 tests need S3Proxy (org.gaul:s3proxy from Maven Central, see src/test/s3proxy/pom.xml), "
                    + "which could not be started: " + e.getMessage();
            if ("1".equals(System.getenv("BASALT_REQUIRE_SERVICES"))) {
                throw new AssertionError(message, e);
            }
            System.err.println("\n*** SKIPPING S3 TESTS ***\n" + message + "\n(set BASALT_REQUIRE_SERVICES=1 to fail instead)\n");
            return Assumptions.abort(message);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secret() {
        return SECRET;
    }

    public String region() {
        return REGION;
    }

    /** An independent client with this server's credentials, for looking into buckets. */
    public S3Client client() {
        return new S3Client(endpoint(), ACCESS_KEY, SECRET, REGION);
    }

    /** Creates a new, empty bucket with a unique name and returns the name. */
    public String createBucket() {
        String name = "basalt-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        client().createBucket(name);
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        Fixture.delete(workDir);
    }

    private static S3Server launch() throws IOException, InterruptedException {
        Path root = projectRoot();
        String classpath = classpath(root);
        IOException last = null;
        // a free port can be taken between finding it and S3Proxy binding it: try a few
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path work = Files.createTempDirectory("basalt-s3proxy-");
            Files.writeString(work.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET,
                    "jclouds.provider=transient",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET,
                    ""));
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=" + root.resolve("src/test/s3proxy/logback.xml"),
                    "-cp", classpath, MAIN_CLASS, "--properties", work.resolve("s3proxy.conf").toString()));
            Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("s3proxy.log").toFile()).start();
            try {
                awaitReady(process, port);
                return new S3Server(process, work, port);
            } catch (IOException e) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                String log = Files.exists(work.resolve("s3proxy.log")) ? Files.readString(work.resolve("s3proxy.log")) : "";
                Fixture.delete(work);
                last = new IOException(e.getMessage() + "; log tail:\n" + tail(log), e);
            }
        }
        throw last;
    }

    /** Waits until S3Proxy answers HTTP (any status: without a signature it says 403). */
    private static void awaitReady(Process process, int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with code " + process.exitValue());
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("S3Proxy did not answer on port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** S3Proxy's class path, resolved by Maven on first use and cached. */
    private static String classpath(Path root) throws IOException, InterruptedException {
        Path pom = root.resolve("src/test/s3proxy/pom.xml");
        Path cached = root.resolve("target/s3proxy/classpath.txt");
        if (!usable(cached)) {
            Files.createDirectories(cached.getParent());
            Path log = cached.resolveSibling("resolve.log");
            String mvnw = root.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString();
            ProcessBuilder pb = new ProcessBuilder(mvnw, "-B", "-q", "-f", pom.toString(), "dependency:build-classpath",
                    "-Dmdep.outputFile=" + cached).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(RESOLVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("resolving S3Proxy with Maven took longer than " + RESOLVE_TIMEOUT.toMinutes() + " minutes");
            }
            if (p.exitValue() != 0 || !usable(cached)) {
                throw new IOException("resolving S3Proxy with Maven failed (exit " + p.exitValue() + "):\n" + tail(Files.readString(log)));
            }
        }
        return Files.readString(cached).strip();
    }

    /** The cached class path exists and every jar on it is still in the local repository. */
    private static boolean usable(Path cached) throws IOException {
        if (!Files.isRegularFile(cached)) {
            return false;
        }
        String text = Files.readString(cached).strip();
        if (text.isEmpty() || !text.contains("s3proxy")) {
            return false;
        }
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("src/test/s3proxy/pom.xml"))) {
                return d;
            }
        }
        throw new UncheckedIOException(new IOException("src/test/s3proxy/pom.xml not found above " + dir));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String text) {
        List<String> lines = List.of(text.split("\n"));
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())).strip();
        return tail.isEmpty() ? "(empty)" : tail;
    }
}
