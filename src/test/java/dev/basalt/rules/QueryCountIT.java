package dev.basalt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listing with rules, filters and two levels of expand runs a fixed number of statements, not one per row. */
class QueryCountIT {
    @Test
    void listWithTwoLevelsOfExpandIsBatched() {
        try (TestServer s = TestServer.fixture()) {
            String su = s.superuserToken();
            String authors = """
                    {"name":"authors","type":"base","listRule":"","viewRule":"","fields":[
                      {"name":"name","type":"text"},{"name":"org","type":"relation","collectionId":"sz5l5z67tg7gku0","maxSelect":1}]}""";
            assertThat(s.send("POST", "/api/collections", su, authors, Map.of()).status()).isEqualTo(200);
            String authorsId = s.get("/api/collections/authors", su).json().get("id").asString();
            String posts = """
                    {"name":"posts","type":"base","listRule":"author.name != ''","viewRule":"","fields":[
                      {"name":"title","type":"text"},
                      {"name":"author","type":"relation","collectionId":"%s","maxSelect":1},
                      {"name":"tags","type":"relation","collectionId":"%s","maxSelect":5}]}""".formatted(authorsId, authorsId);
            assertThat(s.send("POST", "/api/collections", su, posts, Map.of()).status()).isEqualTo(200);
            String[] authorIds = new String[10];
            for (int i = 0; i < 10; i++) {
                Response a = s.send("POST", "/api/collections/authors/records", su,
                        "{\"name\":\"author " + i + "\",\"org\":\"llvuca81nly1qls\"}", Map.of());
                authorIds[i] = a.json().get("id").asString();
            }
            for (int i = 0; i < 100; i++) {
                String body = "{\"title\":\"post " + i + "\",\"author\":\"" + authorIds[i % 10] + "\",\"tags\":[\""
                        + authorIds[(i + 1) % 10] + "\",\"" + authorIds[(i + 2) % 10] + "\"]}";
                assertThat(s.send("POST", "/api/collections/posts/records", su, body, Map.of()).status()).isEqualTo(200);
            }
            long before = s.basalt().database().statementCount();
            Response list = s.get("/api/collections/posts/records?perPage=100&filter=title~'post'&sort=-title&expand=author.org,tags.org", null);
            long statements = s.basalt().database().statementCount() - before;
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().get("items").size()).isEqualTo(100);
            assertThat(list.json().get("items").get(0).get("expand").get("author").get("expand").get("org").get("title").asString())
                    .isEqualTo("test1");
            assertThat(list.json().get("items").get(0).get("expand").get("tags").size()).isEqualTo(2);
            System.out.println("[measure] list of 100 records with 2 levels of expand: " + statements + " SQL statements");
            // page + count + author + author.org + tags + tags.org
            assertThat(statements).isLessThanOrEqualTo(6);
        }
    }
}
