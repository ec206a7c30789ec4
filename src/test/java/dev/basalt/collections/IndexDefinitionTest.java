package dev.basalt.collections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexDefinitionTest {
    @Test
    void parsesPocketBaseIndexStrings() {
        IndexDefinition idx = IndexDefinition.parse("CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (email) WHERE email != ''");
        assertThat(idx.isValid()).isTrue();
        assertThat(idx.unique()).isTrue();
        assertThat(idx.indexName()).isEqualTo("idx_email__pb_users_auth_");
        assertThat(idx.tableName()).isEqualTo("users");
        assertThat(idx.columns()).extracting(IndexDefinition.Column::name).containsExactly("email");
        assertThat(idx.where()).isEqualTo("email != ''");
        assertThat(idx.onTable("people").build()).isEqualTo("CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `people` (`email`) WHERE email != ''");
    }

    @Test
    void multipleColumnsCollationsAndExpressions() {
        IndexDefinition idx = IndexDefinition.parse("create index if not exists \"i\" on \"t\" (\n\"a\" COLLATE NOCASE DESC, lower(b), c)");
        assertThat(idx.ifNotExists()).isTrue();
        assertThat(idx.columns()).containsExactly(new IndexDefinition.Column("a", "NOCASE", "DESC"),
                new IndexDefinition.Column("lower(b)", "", ""), new IndexDefinition.Column("c", "", ""));
        assertThat(idx.build()).isEqualTo("CREATE INDEX IF NOT EXISTS `i` ON `t` (\n  `a` COLLATE NOCASE DESC,\n  lower(b),\n  `c`\n)");
    }

    @Test
    void invalidStatements() {
        assertThat(IndexDefinition.parse("CREATE INDEX nope").isValid()).isFalse();
        assertThat(IndexDefinition.parse("DROP TABLE x").isValid()).isFalse();
        assertThat(IndexDefinition.parse("CREATE INDEX `a` ON `t` ()").isValid()).isFalse();
    }

    @Test
    void findsSingleColumnUniqueIndexes() {
        List<String> indexes = List.of("CREATE INDEX a ON t (email)", "CREATE UNIQUE INDEX b ON t (x, email)",
                "CREATE UNIQUE INDEX c ON t (EMAIL) WHERE email != ''");
        assertThat(IndexDefinition.findSingleColumnUnique(indexes, "email")).map(IndexDefinition::indexName).contains("c");
        assertThat(IndexDefinition.findSingleColumnUnique(indexes, "x")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void translatedForPostgresAndMariaDb() {
        IndexDefinition email = IndexDefinition.parse("CREATE UNIQUE INDEX `idx_email_x` ON `users` (`email`) WHERE `email` != ''");
        assertThat(email.build(dev.basalt.store.Dialect.POSTGRES, c -> true))
                .isEqualTo("CREATE UNIQUE INDEX \"idx_email_x\" ON \"users\" (\"email\") WHERE \"email\" != ''");
        assertThat(email.build(dev.basalt.store.Dialect.MYSQL, c -> true))
                .as("no partial indexes on MariaDB; a unique long text column needs no prefix")
                .isEqualTo("CREATE UNIQUE INDEX `idx_email_x` ON `users` (`email`)");
        IndexDefinition title = IndexDefinition.parse("CREATE INDEX idx_t ON posts (title COLLATE NOCASE DESC, views)");
        assertThat(title.build(dev.basalt.store.Dialect.POSTGRES, c -> true))
                .isEqualTo("CREATE INDEX \"idx_t\" ON \"posts\" (lower(\"title\") DESC, \"views\")");
        assertThat(title.build(dev.basalt.store.Dialect.MYSQL, c -> c.equals("title")))
                .isEqualTo("CREATE INDEX `idx_t` ON `posts` (`title`(255) DESC, `views`)");
    }
}

