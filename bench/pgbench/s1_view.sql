-- S1 view a random post by id
\set n random(1, :nposts)
select "posts".* from "posts" as "posts" where ("posts"."id" = (select id from bench_post_ids where n = :n) and true) fetch next 1 rows only;
