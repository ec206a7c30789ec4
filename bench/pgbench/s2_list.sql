-- S2 list 20 published by -created, skipTotal (-D offset=0 for page 1, 980 for page 50)
select "posts".* from "posts" as "posts" where (true and "posts"."published" = true) order by "posts"."created" desc offset :offset rows fetch next 20 rows only;
