# Sourced by bench/run.sh: the scenario sets that run on every database (filters, peers, auth).
# Each scenario is checked once before it is measured (bench/lib/verify.sh) and every measured
# response is checked for its status and item count (the expect argument of run).

P=/api/collections/posts/records
set_posts_indexes() { # the posts collection's index definitions (JSON array)
  curl -sf -X PATCH "$base/api/collections/posts" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
    -d "{\"indexes\":$1}" >/dev/null || failures+=("$db: could not set the indexes of posts")
}

run_set() { # the set for the current database ($db), on a seeded server
  export BENCH_IDS="$ids/post_ids.txt"
  local user_token user_id one='"collectionName":"posts"=1' q
  user_token=$(cat "$ids/user_token.txt"); user_id=$(cat "$ids/user_id.txt")
  case "$set_name" in
    filters)
      check_view "view by id"
      run "view by id (baseline)" view.lua "$P/" "" "$one"
      q="perPage=20&filter=published%3Dtrue%26%26views%3E1000&sort=-created"
      local popular; popular=$(min "$(seeded .published_views_over_1000)" 20)
      check "list, filter + sort, with totals" ".totalItems == \$s.published_views_over_1000 and count($popular)
        and all(.items[]; .published == true and .views > 1000) and sorted_desc" GET "$P?$q"
      run "list 20, filter + sort" get.lua "$P?$q" "" "$(list_expect "$popular")"
      check "list, filter + sort, skipTotal" ".totalItems == -1 and count($popular)
        and all(.items[]; .published == true and .views > 1000) and sorted_desc" GET "$P?$q&skipTotal=1"
      run "list 20, filter + sort, skipTotal" get.lua "$P?$q&skipTotal=1" "" "$(list_expect "$popular")"
      q="perPage=20&filter=published%3Dtrue&sort=-created&expand=author&skipTotal=1"
      check_published_page "list, expand=author" 1 "$q" 'all(.items[]; .expand.author.id == .author)'
      run "list 20, filter + sort, expand=author, skipTotal" get.lua "$P?$q" "" "$(list_expect "$(published_page_items 1)" users)"
      q="perPage=20&filter=published%3Dtrue&sort=-created&expand=author.org&skipTotal=1"
      check_published_page "list, expand=author.org" 1 "$q" 'all(.items[]; .expand.author.id == .author
        and .expand.author.expand.org.id == .expand.author.org and .expand.author.expand.org.collectionName == "organizations")'
      run "list 20, filter + sort, expand=author.org (two levels), skipTotal" get.lua "$P?$q" "" \
        "$(list_expect "$(published_page_items 1)" users);\"collectionName\":\"organizations\"=$(published_page_items 1)"
      curl -sf -X PATCH "$base/api/collections/posts" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
        -d '{"listRule":"author = @request.auth.id"}' >/dev/null || failures+=("$db: could not set the list rule")
      local mine; mine=$(min "$(seeded .first_user_posts)" 20)
      q="perPage=20&sort=-created"
      check "list rule author = @request.auth.id" ".totalItems == \$s.first_user_posts and count($mine)
        and all(.items[]; .author == \$a) and sorted_desc" GET "$P?$q" "$user_token" "" "$user_id"
      run "rule author = @request.auth.id, no index" get.lua "$P?$q" "$user_token" "$(list_expect "$mine")"
      set_posts_indexes '["CREATE INDEX idx_posts_published_created ON posts (published, created)","CREATE INDEX idx_posts_author ON posts (author)"]'
      check "list rule author = @request.auth.id, with an index" ".totalItems == \$s.first_user_posts and count($mine)
        and all(.items[]; .author == \$a)" GET "$P?$q" "$user_token" "" "$user_id"
      run "rule author = @request.auth.id, index on author" get.lua "$P?$q" "$user_token" "$(list_expect "$mine")"
      # writes last: the reads above all see the seeded posts only
      check_create_before "create a post"
      BENCH_IDS="$ids/user_ids.txt" run "create a post" create.lua "$P" "" "$one"
      check_create_after "create a post"
      check "update a post" '.id == $s.first_post.id and .views == 7' PATCH "$P/$(seeded .first_post.id)" "" '{"views":7}'
      BENCH_IDS="$ids/post_ids.txt" run "update a post (random, views)" update.lua "$P/" "" "$one"
      ;;
    peers)
      check_view "S1 view"
      run "S1 view a random post by id" view.lua "$P/" "" "$one"
      q="perPage=20&filter=published%3Dtrue&sort=-created&skipTotal=1"
      check_published_page "S2 page 1" 1 "$q&page=1"
      run "S2 list 20 published by created desc, page 1" get.lua "$P?$q&page=1" "" "$(list_expect "$(published_page_items 1)")"
      check_published_page "S2 page 50" 50 "$q&page=50"
      run "S2 list 20 published by created desc, page 50" get.lua "$P?$q&page=50" "" "$(list_expect "$(published_page_items 50)")"
      check_published_page "S3 expand=author" 1 "$q&page=1&expand=author" 'all(.items[]; .expand.author.id == .author
        and .expand.author.collectionName == "users")'
      run "S3 as S2 page 1 with expand=author" get.lua "$P?$q&page=1&expand=author" "" \
        "$(list_expect "$(published_page_items 1)" users)"
      check_create_before "S4 create"
      BENCH_IDS="$ids/user_ids.txt" run "S4 create a post" create.lua "$P" "" "$one"
      check_create_after "S4 create"
      ;;
    auth)
      # a new data directory rate-limits logins (2 per 3 s per IP): off, or every login would be a 429
      curl -sf -X PATCH "$base/api/settings" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
        -d '{"rateLimits":{"enabled":false}}' >/dev/null
      local list="$P?perPage=20&page=1&filter=published%3Dtrue&sort=-created&skipTotal=1" page_one
      page_one=$(list_expect "$(published_page_items 1)")
      export BENCH_USERS="$users"
      check_published_page "list 20 published" 1 "${list#*\?}"
      run "list 20 published, alone (baseline)" get.lua "$list" "" "$page_one"
      check "auth-with-password" '.record.email == "user0@bench.example.com" and (.token | length) > 20' \
        POST /api/collections/users/auth-with-password "" '{"identity":"user0@bench.example.com","password":"benchpass1"}'
      run "auth-with-password (random user)" login.lua /api/collections/users/auth-with-password "" '"token":"=1'
      check "auth-refresh" '.record.id == $a and (.token | length) > 20' POST /api/collections/users/auth-refresh "$user_token" "" "$user_id"
      run "auth-refresh" post.lua /api/collections/users/auth-refresh "$user_token" '"token":"=1'
      # the storm: logins with as many connections again, for the whole measurement (warm-up included)
      cat "$BENCH_DIR/scenarios/login.lua" "$BENCH_DIR/scenarios/report.lua" > "$work/storm.lua"
      if (( response_check )); then export BENCH_EXPECT='"token":"=1'; else unset BENCH_EXPECT; fi
      BENCH_PATH=/api/collections/users/auth-with-password wrk -t1 -c"$connections" \
        -d"$(( warmup + duration + 3 ))s" --timeout 10s -s "$work/storm.lua" "$base" > "$work/storm.out" 2>&1 &
      local storm=$! saved_quiet=$quiet saved_max_other=$max_other
      quiet=0; max_other=100 # the storm is the point here
      run "list 20 published, during a login storm" get.lua "$list" "" "$page_one"
      quiet=$saved_quiet; max_other=$saved_max_other
      wait "$storm" || true
      local storm_line; storm_line=$(grep '^RESULT' "$work/storm.out" || echo "RESULT requests=0 duration_us=1 p50_us=0 p99_us=0 errors=0")
      notes+=("$(db_label "$db"), the storm: $(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
        END { printf "%.0f logins/s, p99 %.0f ms, %d errors", v["requests"] / (v["duration_us"] / 1e6), v["p99_us"] / 1000, v["errors"] }' \
        <<<"$storm_line") (wrk -t1 -c$connections, alongside the measured list).")
      ;;
  esac
}
