# Sourced by bench/run.sh: raw PostgreSQL for the peer workload (bench/pgbench/*.sql with pgbench),
# on the scratch database Basalt was measured on, after Basalt has stopped.
# Appends "name|req/s|p50 ms|p99 ms|failed|other CPU %" to $raw_results.

pgbench_bin() {
  command -v pgbench 2>/dev/null || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1
}

raw_pg() { # scratch database name
  local dbname="$1" pgb; pgb=$(pgbench_bin)
  if [[ -z "$pgb" ]]; then
    echo "pgbench not found (it comes with the PostgreSQL server packages): no raw PostgreSQL baseline" >&2
    return 0
  fi
  echo "raw PostgreSQL (pgbench) on the same database..." >&2
  # the seeded ids for pgbench's random picks; the posts S4 created are deleted first, so the
  # reads see the table Basalt's reads saw
  sql postgres "$dbname" "CREATE TABLE bench_post_ids (n int PRIMARY KEY, id text NOT NULL);
    CREATE TABLE bench_user_ids (n int PRIMARY KEY, id text NOT NULL)"
  awk '{ print NR "\t" $0 }' "$ids/post_ids.txt" | sql postgres "$dbname" '\copy bench_post_ids FROM pstdin'
  awk '{ print NR "\t" $0 }' "$ids/user_ids.txt" | sql postgres "$dbname" '\copy bench_user_ids FROM pstdin'
  sql postgres "$dbname" "DELETE FROM posts WHERE id NOT IN (SELECT id FROM bench_post_ids)" >/dev/null
  sql postgres "$dbname" "VACUUM ANALYZE"
  # S3's authors: the distinct authors of page 1, as Basalt's expand query gets them
  local authors=() vars=() list="" i=0 a
  mapfile -t authors < <(sql postgres "$dbname" "SELECT DISTINCT author FROM (SELECT author FROM posts
    WHERE published ORDER BY created DESC LIMIT 20) page")
  for a in "${authors[@]}"; do i=$(( i + 1 )); vars+=(-D "a$i=$a"); list+="${list:+, }:a$i"; done
  sed "s/:authors/$list/" "$BENCH_DIR/pgbench/s3_expand.sql" > "$work/s3_expand.sql"
  local common=(-D "nposts=$(wc -l < "$ids/post_ids.txt")" -D "nusers=$(wc -l < "$ids/user_ids.txt")")
  raw_run "$pgb" "$dbname" "S1 view a random post by id" "$BENCH_DIR/pgbench/s1_view.sql" "${common[@]}"
  raw_run "$pgb" "$dbname" "S2 list 20 published by created desc, page 1" "$BENCH_DIR/pgbench/s2_list.sql" -D offset=0
  raw_run "$pgb" "$dbname" "S2 list 20 published by created desc, page 50" "$BENCH_DIR/pgbench/s2_list.sql" -D offset=980
  raw_run "$pgb" "$dbname" "S3 as S2 page 1 with expand=author" "$work/s3_expand.sql" "${vars[@]}"
  raw_run "$pgb" "$dbname" "S4 create a post" "$BENCH_DIR/pgbench/s4_create.sql" "${common[@]}"
}

raw_run() { # pgbench, database, scenario name, script, pgbench -D arguments...
  local pgb="$1" dbname="$2" name="$3" script="$4"; shift 4
  url_parts "$pg_url"
  local conn=(-h "$u_host" -p "${u_port:-5432}" -U "${u_user:-postgres}")
  local opts=(-n -M prepared -c "$connections" -j 2 -f "$script" "$@")
  local attempt rc tps failed p50 p99
  for attempt in 1 2 3; do
    wait_quiet
    PGPASSWORD="$u_pass" "$pgb" "${conn[@]}" "${opts[@]}" -T "$warmup" "$dbname" >"$work/pgbench.out" 2>&1 || true
    rm -f "$work"/pgblog.*
    cpu_start
    rc=0
    # a sample of the transactions is logged for the percentiles: pgbench prints only the mean
    PGPASSWORD="$u_pass" "$pgb" "${conn[@]}" "${opts[@]}" -T "$duration" -l --log-prefix="$work/pgblog" --sampling-rate=0.2 \
      "$dbname" >"$work/pgbench.out" 2>&1 || rc=$?
    cpu_other
    (( other <= max_other )) && break
    echo "  raw $name: other processes used ${other}% of the CPU meanwhile (attempt $attempt)" >&2
  done
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.out" | head -1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.out" | head -1)
  read -r p50 p99 < <(cat "$work"/pgblog.* 2>/dev/null | awk '{ print $3 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 0"; exit }
        a = int(NR * 0.5 + 0.5); b = int(NR * 0.99 + 0.5); if (a < 1) a = 1; if (b < 1) b = 1
        printf "%.1f %.1f\n", v[a] / 1000, v[b] / 1000 }')
  if (( rc != 0 )) || [[ -z "$tps" ]]; then
    failures+=("raw PostgreSQL: $name: pgbench failed: $(grep -m3 -iE 'error|abort' "$work/pgbench.out" | tr '\n' ' ')")
    echo "  FAILED: ${failures[-1]}" >&2
    failed="${failed:-?}"; tps="${tps:-0}"
  fi
  tps=$(printf '%.0f' "$tps")
  raw_results+=("$name|$tps|$p50|$p99|${failed:-0}|$other")
  echo "  raw $name: $tps transactions/s, p50 $p50 ms, p99 $p99 ms, failed ${failed:-0}, other processes' CPU ${other}%" >&2
}
