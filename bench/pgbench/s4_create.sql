-- S4 create a post: Basalt checks that the author exists, then inserts, in one transaction
-- (no colons in literals: pgbench would take them for variables)
\set u random(1, :nusers)
BEGIN;
select count(*) from "users" as "users" where "users"."id" in ((select id from bench_user_ids where n = :u));
insert into "posts" ("id", "title", "body", "published", "views", "category", "author", "orgs", "created", "updated") values (substr(md5(random()::text), 1, 15), 'raw bench post', repeat('lorem ipsum dolor sit amet ', 18), true, cast(1 as double precision), 'tech', (select id from bench_user_ids where n = :u), '[]', left((clock_timestamp() at time zone 'UTC')::text, 23) || 'Z', left((clock_timestamp() at time zone 'UTC')::text, 23) || 'Z');
COMMIT;
