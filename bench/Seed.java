import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic benchmark dataset, created through the public API of a running server (so it works
 * against any database backend): organizations, users with hashed passwords (password "benchpass1"),
 * posts with a ~40 character title, ~500 character body, published flag, views, a category select,
 * an author (single relation) and organizations (multiple relation), indexed on (published, created).
 *
 * <pre>java bench/Seed.java BASE_URL SUPERUSER_TOKEN USERS POSTS OUT_DIR</pre>
 *
 * Writes OUT_DIR/post_ids.txt, OUT_DIR/user_ids.txt, OUT_DIR/user_token.txt (a token of the first user)
 * and OUT_DIR/stats.json: what the dataset holds, for checking the scenarios' answers (counts, and
 * the first post as it was sent).
 */
public class Seed {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([A-Za-z0-9_]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final String WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int users = Integer.parseInt(args[2]);
        int posts = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        Random random = new Random(42);

        send("POST", base + "/api/collections", token, """
                {"name":"organizations","type":"base","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"}]}""");
        String orgsId = id(send("GET", base + "/api/collections/organizations", token, null));
        send("PATCH", base + "/api/collections/users", token, """
                {"listRule":"","viewRule":"","fields":[%s]}""".formatted(usersFields(base, token, orgsId)));
        String usersId = "_pb_users_auth_";
        send("POST", base + "/api/collections", token, """
                {"name":"posts","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","fields":[
                  {"name":"title","type":"text","required":true},
                  {"name":"body","type":"text","max":2000},
                  {"name":"published","type":"bool"},
                  {"name":"views","type":"number","onlyInt":true},
                  {"name":"category","type":"select","values":["news","tech","life","misc"],"maxSelect":1},
                  {"name":"author","type":"relation","collectionId":"%s","maxSelect":1},
                  {"name":"orgs","type":"relation","collectionId":"%s","maxSelect":5},
                  {"name":"created","type":"autodate","onCreate":true},
                  {"name":"updated","type":"autodate","onCreate":true,"onUpdate":true}],
                 "indexes":["CREATE INDEX idx_posts_published_created ON posts (published, created)"]}""".formatted(usersId, orgsId));

        List<String> orgIds = new ArrayList<>();
        for (int i = 0; i < Math.max(1, users / 10); i++) {
            orgIds.add(id(send("POST", base + "/api/collections/organizations/records", token, "{\"name\":\"org " + i + "\"}")));
        }
        List<String> userIds = parallel(users, 4, i -> send("POST", base + "/api/collections/users/records", token,
                "{\"email\":\"user" + i + "@bench.example.com\",\"password\":\"benchpass1\",\"passwordConfirm\":\"benchpass1\","
                        + "\"name\":\"User " + i + "\",\"org\":\"" + orgIds.get(i % orgIds.size()) + "\",\"verified\":true}"));
        long seed = 7;
        List<String> bodies = new ArrayList<>();
        int published = 0;
        int publishedPopular = 0;
        int firstUserPosts = 0;
        for (int i = 0; i < posts; i++) {
            Random r = new Random(seed + i);
            String title = text(r, 40);
            String body = text(r, 500);
            boolean isPublished = r.nextInt(10) < 8;
            String category = List.of("news", "tech", "life", "misc").get(r.nextInt(4));
            int authorIndex = r.nextInt(userIds.size());
            String author = userIds.get(authorIndex);
            String orgs = "\"" + orgIds.get(r.nextInt(orgIds.size())) + "\",\"" + orgIds.get(r.nextInt(orgIds.size())) + "\"";
            int views = r.nextInt(100000);
            published += isPublished ? 1 : 0;
            publishedPopular += isPublished && views > 1000 ? 1 : 0;
            firstUserPosts += authorIndex == 0 ? 1 : 0;
            bodies.add("{\"title\":\"" + title + "\",\"body\":\"" + body + "\",\"published\":" + isPublished + ",\"views\":"
                    + views + ",\"category\":\"" + category + "\",\"author\":\"" + author + "\",\"orgs\":[" + orgs + "]}");
        }
        List<String> postIds = parallel(posts, 16, i -> send("POST", base + "/api/collections/posts/records", token, bodies.get(i)));
        Files.write(out.resolve("post_ids.txt"), postIds);
        Files.write(out.resolve("user_ids.txt"), userIds);
        String login = send("POST", base + "/api/collections/users/auth-with-password", null,
                "{\"identity\":\"user0@bench.example.com\",\"password\":\"benchpass1\"}");
        Matcher m = TOKEN.matcher(login);
        if (!m.find()) {
            throw new IllegalStateException("login failed: " + login);
        }
        Files.writeString(out.resolve("user_token.txt"), m.group(1));
        Files.writeString(out.resolve("user_id.txt"), userIds.get(0));
        String firstPost = posts == 0 ? "null" : "{\"id\":\"" + postIds.get(0) + "\"," + bodies.get(0).substring(1);
        Files.writeString(out.resolve("stats.json"), "{\"posts\":" + posts + ",\"published\":" + published
                + ",\"published_views_over_1000\":" + publishedPopular + ",\"first_user_posts\":" + firstUserPosts
                + ",\"first_post\":" + firstPost + "}\n");
        System.out.println("seeded " + orgIds.size() + " organizations, " + userIds.size() + " users, " + postIds.size() + " posts");
    }

    static String usersFields(String base, String token, String orgsId) throws Exception {
        String users = send("GET", base + "/api/collections/users", token, null);
        int start = users.indexOf("\"fields\":[") + 10;
        int depth = 1;
        int i = start;
        for (; i < users.length() && depth > 0; i++) {
            char c = users.charAt(i);
            if (c == '[') depth++;
            if (c == ']') depth--;
        }
        return users.substring(start, i - 1) + ",{\"name\":\"org\",\"type\":\"relation\",\"collectionId\":\"" + orgsId + "\",\"maxSelect\":1}";
    }

    static String text(Random r, int length) {
        String[] words = WORDS.split(" ");
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        return sb.substring(0, length).strip();
    }

    interface Call {
        String apply(int i) throws Exception;
    }

    static List<String> parallel(int count, int concurrency, Call call) throws Exception {
        String[] ids = new String[count];
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            permits.acquire();
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    ids[n] = id(call.apply(n));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    permits.release();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        return List.of(ids);
    }

    static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    static String send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
