-- S3 S2 page 1 with expand=author: the page, then its authors in one query
select "posts".* from "posts" as "posts" where (true and "posts"."published" = true) order by "posts"."created" desc offset 0 rows fetch next 20 rows only;
select "users".* from "users" as "users" where ("users"."id" in (:authors) and true);
