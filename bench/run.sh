#!/usr/bin/env bash
# Reproducible benchmark: starts Basalt on a fresh data directory, seeds a deterministic dataset
# through the API, and measures scenarios with wrk (separate process, loopback, warm-up first).
#
#   bench/run.sh [--set filters|peers|files|auth|realtime] [--posts N] [--users N] [--duration SECONDS] [--connections N]
#                [--warmup SECONDS] [--images N] [--jar PATH] [--quiet SECONDS] [--max-other PERCENT]
#                [--stable-warmup | --single-warmup]
#
# Prints a Markdown table (requests/s, p50, p99, errors) and writes it to bench/results/.
# --set realtime holds --sse-connections (10000) SSE connections and measures event delivery.
# --set auth measures logins (rate limits switched off for it) and list throughput during a login storm.
# --set files measures uploads, downloads and thumbnails on local storage instead (no posts seeded;
# fixtures from bench/FilesBench.java). Before each scenario it waits up to --quiet seconds (120)
# for the machine to be idle, measures again (at most 3 times) when other processes took more than
# --max-other % (10) of the CPU meanwhile, and reports that share.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="$(pwd)/bench"; export BENCH_DIR

sse_connections=10000; set_name=filters; posts=100000; users=1000; duration=15; connections=64; warmup=5; images=8; jar=target/basalt.jar; quiet=120; max_other=10; stable_warmup=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --set) set_name="$2"; shift 2 ;;
    --posts) posts="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --sse-connections) sse_connections="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --quiet) quiet="$2"; shift 2 ;;
    --max-other) max_other="$2"; shift 2 ;;
    --stable-warmup) stable_warmup=1; shift ;;
    --single-warmup) stable_warmup=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

[[ -n "$stable_warmup" ]] || { [[ "$set_name" == files ]] && stable_warmup=1 || stable_warmup=0; }
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
if [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$jar" ]] || ./mvnw -q package -DskipTests

# every SSE connection is a file descriptor, on both ends
if [[ "$set_name" == realtime ]]; then ulimit -n "$(ulimit -Hn)"; fi
work="$(mktemp -d /tmp/basalt-bench-XXXXXX)"
port=$(( 20000 + RANDOM % 20000 ))
base="http://127.0.0.1:$port"
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

"$JAVA" -jar "$jar" superuser upsert bench@example.com benchpass1 --dir "$work/data" >/dev/null
# the server's own temp directory, so upload temp files it leaves behind can be counted
mkdir -p "$work/tmp"
"$JAVA" -Xmx2g -Djava.io.tmpdir="$work/tmp" -jar "$jar" serve --dir "$work/data" --http "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done
su_token=$(curl -sf -X POST "$base/api/collections/_superusers/auth-with-password" -H 'Content-Type: application/json' \
  -d '{"identity":"bench@example.com","password":"benchpass1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

if [[ "$set_name" != files && "$set_name" != realtime ]]; then
  echo "seeding $users users and $posts posts..." >&2
  seed_start=$(date +%s)
  "$JAVA" "$BENCH_DIR/Seed.java" "$base" "$su_token" "$users" "$posts" "$work/ids" >&2
  echo "seeded in $(( $(date +%s) - seed_start ))s" >&2
fi

# CPU used by processes other than the server and wrk while a scenario is measured, in % of all
# cores: the machine may be shared, and numbers taken next to a busy neighbour are not comparable.
clk=$(getconf CLK_TCK)
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
server_cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
children_cpu() { awk 'NR == 2 { gsub(/s/, ""); split($1, u, "m"); split($2, k, "m"); print u[1] * 60 + u[2] + k[1] * 60 + k[2] }' "$1"; }
# `times` must run in this shell (not in $(...)) to see the CPU time of the children it waited for
cpu_start() { busy0=$(cpu_busy); srv0=$(server_cpu); times >"$work/times0"; t0=$(date +%s%N); }
cpu_other() { # sets $other: % of all cores used by other processes since cpu_start
  times >"$work/times1"
  other=$(awk -v b="$(( $(cpu_busy) - busy0 ))" -v s="$(( $(server_cpu) - srv0 ))" -v k0="$(children_cpu "$work/times0")" \
    -v k1="$(children_cpu "$work/times1")" -v t="$(( $(date +%s%N) - t0 ))" -v hz="$clk" -v n="$(nproc)" \
    'BEGIN { o = (b / hz - s / hz - (k1 - k0)) / (t / 1e9 * n) * 100; printf "%.0f", o < 0 ? 0 : o }')
}
wait_quiet() { # waits (at most --quiet seconds) until the whole machine is below 15% CPU for 2 s
  local waited=0 b0 b1
  while (( waited < quiet )); do
    b0=$(cpu_busy); sleep 2; b1=$(cpu_busy)
    (( (b1 - b0) * 100 / (2 * clk * $(nproc)) < 15 )) && return 0
    (( waited == 0 )) && echo "  waiting for the machine to quieten down (other processes are using the CPU)..." >&2
    waited=$(( waited + 2 ))
  done
  echo "  still busy after ${quiet}s, measuring anyway (see the other processes' CPU column)" >&2
}

# Warm-up before each measured scenario: one --warmup period, or with --stable-warmup (the default
# for --set files) repeated periods until requests/s changes by less than 10% (at most 8): on 2
# cores the JIT needs 15-30 s of load per code path, and a single 5 s warm-up measures it half-compiled.
warm() {
  local prev=0 cur i seen=""
  for (( i = 1; i <= (stable_warmup ? 8 : 1); i++ )); do
    cur=$(wrk -t2 -c"$connections" -d"${warmup}s" --timeout 10s -s "$work/run.lua" "$base" 2>/dev/null \
      | awk '/^RESULT/ { split($2, r, "="); split($3, d, "="); printf "%.0f", r[2] / (d[2] / 1e6) }' || true)
    cur=${cur:-0}; seen+="$cur "
    if (( i >= 2 )) && awk -v a="$cur" -v b="$prev" 'BEGIN { exit !(b > 0 && (a - b) / b < 0.1 && (b - a) / b < 0.1) }'; then
      break
    fi
    prev=$cur
  done
  if (( stable_warmup )); then echo "  warm-up: ${seen}req/s in ${warmup}s periods" >&2; fi
}

results=()
run() { # name, script, path, [token]; BENCH_SIZE (bytes moved per request) adds a MiB/s column
  local name="$1" script="$2" path="$3" token="${4:-}"
  cat "$BENCH_DIR/scenarios/$script" "$BENCH_DIR/scenarios/report.lua" > "$work/run.lua"
  export BENCH_PATH="$path" BENCH_TOKEN="$token" BENCH_IDS="${BENCH_IDS:-}" BENCH_FILE="${BENCH_FILE:-}" BENCH_FIELD="${BENCH_FIELD:-doc}"
  local attempt
  for attempt in 1 2 3; do # measured again when a neighbour took more than --max-other % of the CPU
    wait_quiet
    warm
    cpu_start
    wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/run.lua" "$base" >"$work/wrk.out" 2>&1 || true
    cpu_other
    (( other <= max_other )) && break
    echo "  $name: other processes used ${other}% of the CPU meanwhile (attempt $attempt)" >&2
  done
  local out; out=$(cat "$work/wrk.out")
  local line; line=$(grep '^RESULT' <<<"$out")
  local req dur p50 p99 err
  req=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line"); dur=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$line")
  p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<<"$line"); p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<<"$line")
  err=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
  local rps; rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1000000) }')
  local mibs; mibs=$(awk -v r="$req" -v d="$dur" -v s="${BENCH_SIZE:-0}" 'BEGIN { printf "%.1f", r * s / (d / 1000000) / 1048576 }')
  results+=("$name|$rps|$(awk -v v="$p50" 'BEGIN{printf "%.1f", v/1000}')|$(awk -v v="$p99" 'BEGIN{printf "%.1f", v/1000}')|$err|$mibs|$req|$other")
  echo "  $name: $rps req/s${BENCH_SIZE:+, $mibs MiB/s}, p50 $(awk -v v="$p50" 'BEGIN{printf "%.1f", v/1000}') ms, p99 $(awk -v v="$p99" 'BEGIN{printf "%.1f", v/1000}') ms, errors $err, other processes' CPU ${other}%" >&2
}

machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;" \
       "$("$JAVA" -version 2>&1 | head -1)"
}

if [[ "$set_name" == files ]]; then
  # Files on local storage (the data directory's storage/): downloads and uploads with wrk against
  # GET /api/health as the baseline, then thumbnail generation measured one request at a time.
  fx="$work/fixtures"
  thumb_sizes=(100x100 300x300 640x0 1200x800f)
  echo "generating fixtures ($images+1 JPEGs of 2000x2000)..." >&2
  "$JAVA" "$BENCH_DIR/FilesBench.java" gen "$fx" "$images" >&2
  printf '%s\n' "${thumb_sizes[@]}" > "$fx/thumb_sizes.txt"
  "$JAVA" "$BENCH_DIR/FilesBench.java" setup "$base" "$su_token" "$fx" >&2
  small=$(stat -c %s "$fx/small.bin"); large=$(stat -c %s "$fx/large.bin")
  uploads_id=$(curl -sf "$base/api/collections/uploads" -H "Authorization: $su_token" | sed 's/^{"id":"\([^"]*\)".*/\1/; s/.*"id":"\([^"]*\)".*/\1/')
  checks=()
  uploads_check() { # name: compares records, stored files and server temp files after an upload scenario
    local records stored temp state="" previous i s0
    for (( i = 0; i < 60; i++ )); do # until requests still in flight when wrk stopped are done
      s0=$(server_cpu); sleep 1
      records=$(curl -sf "$base/api/collections/uploads/records?perPage=1" | sed 's/.*"totalItems":\([0-9-]*\).*/\1/')
      stored=$({ find "$work/data/storage/$uploads_id" -type f ! -name '*.attrs' 2>/dev/null || true; } | wc -l)
      temp=$({ find "$work/tmp" -type f ! -name 'sqlite-*' 2>/dev/null || true; } | wc -l)
      previous=$state; state="$records $stored $temp"
      [[ "$state" == "$previous" ]] && (( $(server_cpu) - s0 < clk / 10 )) && break
    done
    checks+=("$1: $records records created (warm-up included), $stored files in storage, $temp upload temp files left in the server's temp directory")
    echo "  $1 check: records $records, stored files $stored, temp files $temp" >&2
    curl -sf -X DELETE "$base/api/collections/uploads/truncate" -H "Authorization: $su_token" >/dev/null \
      || echo "  truncate of uploads failed" >&2
    stored=$({ find "$work/data/storage/$uploads_id" -type f ! -name '*.attrs' 2>/dev/null || true; } | wc -l)
    [[ "$stored" == 0 ]] || checks+=("$1: $stored files still in storage after truncating the collection")
  }

  BENCH_SIZE=""; run "GET /api/health (baseline)" get.lua /api/health
  BENCH_SIZE=$small; run "download 100 KiB" get.lua "$(cat "$fx/small.path")"
  BENCH_SIZE=$large; run "download 5 MiB" get.lua "$(cat "$fx/large.path")"
  BENCH_SIZE=$small; BENCH_FILE="$fx/small.bin"; run "upload 100 KiB" upload.lua /api/collections/uploads/records
  uploads_check "upload 100 KiB"
  BENCH_SIZE=$large; BENCH_FILE="$fx/large.bin"; run "upload 5 MiB" upload.lua /api/collections/uploads/records
  uploads_check "upload 5 MiB"
  BENCH_SIZE=""; BENCH_FILE=""

  thumb_repeats=5
  echo "thumbnails: $images images x ${#thumb_sizes[@]} sizes, cold then $thumb_repeats cached requests each..." >&2
  for attempt in 1 2 3; do # every attempt uploads the images again, so every thumbnail is new
    wait_quiet
    cpu_start
    "$JAVA" "$BENCH_DIR/FilesBench.java" thumbs "$base" "$fx" "$images" "$thumb_repeats" "${thumb_sizes[@]}" >"$work/thumbs.out"
    cpu_other
    (( other <= max_other )) && break
    echo "  thumbnails: other processes used ${other}% of the CPU meanwhile (attempt $attempt)" >&2
  done
  thumbs_out=$(cat "$work/thumbs.out"); thumbs_other=$other
  echo "$thumbs_out" >&2
  tval() { grep "kind=$1 " <<<"$thumbs_out" | sed "s/.* $2=\([^ ]*\).*/\1/"; }
  warnings=$(grep -c ' WARN ' "$work/server.log" || true); errors=$(grep -c ' ERROR ' "$work/server.log" || true)

  mkdir -p "$BENCH_DIR/results"
  report="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-files.md"
  {
    echo "### files — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(machine); local storage ($(df -T "$work" | awk 'NR==2 {print $2}') at $work), SQLite (embedded);" \
         "wrk -t2 -c$connections, ${warmup}s warm-up, ${duration}s per scenario, load generator on the same machine." \
         "Files: $small B and $large B of random bytes, one multipart part each (POST /api/collections/uploads/records)," \
         "downloads of one stored file each (GET /api/files/files/{record}/{name})."
    echo
    echo "| scenario | requests/s | MiB/s | p50 ms | p99 ms | errors | requests/s ratio to baseline | other processes' CPU |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    base_rps="${results[0]#*|}"; base_rps="${base_rps%%|*}"
    for r in "${results[@]}"; do
      IFS='|' read -r name rps p50 p99 err mibs _ other <<<"$r"
      [[ "$mibs" == 0.0 ]] && mibs="–"
      echo "| $name | $rps | $mibs | $p50 | $p99 | $err | $(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.3f", a / b }') | $other% |"
    done
    echo
    echo "Thumbnails of 2000×2000 JPEGs (~$(( $(tval info avg_source_bytes) / 1024 )) KiB, quality 0.9), sizes ${thumb_sizes[*]}" \
         "(all listed in the field's \`thumbs\`), one request at a time: cold = first \`?thumb=\` request (decode, scale," \
         "encode, store, serve), cached = the same request again; $images images after one unmeasured warm-up image;" \
         "other processes' CPU meanwhile: ${thumbs_other}%."
    echo
    echo "| request | samples | p50 ms | p95 ms | max ms | p50 ratio to cached |"
    echo "|---|---:|---:|---:|---:|---:|"
    cached_p50=$(tval cached p50_ms)
    for k in cold cached original; do
      label=$k; [[ $k == cold ]] && label="cold thumbnail (generate)"; [[ $k == cached ]] && label="cached thumbnail (baseline)"
      [[ $k == original ]] && label="the original image, no thumb"
      echo "| $label | $(tval $k n) | $(tval $k p50_ms) | $(tval $k p95_ms) | $(tval $k max_ms) | $(awk -v a="$(tval $k p50_ms)" -v b="$cached_p50" 'BEGIN { printf "%.1f", a / b }') |"
    done
    echo
    echo "Checks:"
    for c in "${checks[@]}"; do echo "- $c"; done
    echo "- server log: $warnings WARN, $errors ERROR lines"
    # the first distinct messages (the log itself goes with the temporary directory)
    grep -E ' (WARN|ERROR) ' "$work/server.log" | cut -d' ' -f3- | cut -c1-240 | sort | uniq -c | sort -rn | head -5 \
      | sed 's/^ */  - /; s/|/\\|/g' || true
  } | tee "$report"
  exit 0
fi

if [[ "$set_name" == realtime ]]; then
  echo "opening $sse_connections SSE connections..." >&2
  "$JAVA" -Xss256k "$BENCH_DIR/RealtimeBench.java" "$base" "$su_token" "$server" "$sse_connections" 1000 100 10 | tee "$work/rt.out" >&2
  rv() { grep "kind=$1 " "$work/rt.out" | sed "s/.* $2=\([^ ]*\).*/\1/"; }
  mkdir -p "$BENCH_DIR/results"
  report="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-realtime.md"
  {
    echo "### realtime — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(machine); server \`-Xmx2g\`, SQLite (embedded); the load generator (one selector thread holding" \
         "every connection, bench/RealtimeBench.java) on the same machine. Latency is from sending the write" \
         "(\`POST /api/collections/rt_bench/records\`) to the event arriving at a subscriber, so it includes the write itself."
    echo
    echo "| measurement | value |"
    echo "|---|---:|"
    echo "| server RSS, no connections | $(rv idle rss_mib) MiB |"
    echo "| server RSS, $(rv connected connections) connections open and subscribed | $(rv connected rss_mib) MiB |"
    echo "| one event to all $(rv fanout connections): latency p50 / p99 (all deliveries of $(rv fanout events) events) | $(rv fanout p50_ms) / $(rv fanout p99_ms) ms |"
    echo "| one event to all: last subscriber reached, p50 of $(rv fanout events) events | $(rv fanout last_delivery_p50_ms) ms |"
    echo "| $(rv sustained rate) events/s for $(rv sustained seconds) s to $(rv sustained subscribers) subscribers: latency p50 / p99 | $(rv sustained p50_ms) / $(rv sustained p99_ms) ms |"
    echo "| events/s achieved, write failures | $(rv sustained achieved_events_per_s), $(rv sustained write_failures) |"
    echo "| server RSS at the end | $(rv sustained rss_mib) MiB |"
  } | tee "$report"
  exit 0
fi

P=/api/collections/posts/records
export BENCH_IDS="$work/ids/post_ids.txt"
user_token=$(cat "$work/ids/user_token.txt")
case "$set_name" in
  filters)
    run "view by id (baseline)" view.lua "$P/"
    run "list 20, filter + sort" get.lua "$P?perPage=20&filter=published%3Dtrue%26%26views%3E1000&sort=-created"
    run "list 20, filter + sort, skipTotal" get.lua "$P?perPage=20&filter=published%3Dtrue%26%26views%3E1000&sort=-created&skipTotal=1"
    run "list 20, filter + sort, expand=author, skipTotal" get.lua "$P?perPage=20&filter=published%3Dtrue&sort=-created&expand=author&skipTotal=1"
    curl -sf -X PATCH "$base/api/collections/posts" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
      -d '{"listRule":"author = @request.auth.id"}' >/dev/null
    run "rule author = @request.auth.id, no index" get.lua "$P?perPage=20&sort=-created" "$user_token"
    curl -sf -X PATCH "$base/api/collections/posts" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
      -d '{"indexes":["CREATE INDEX idx_posts_published_created ON posts (published, created)","CREATE INDEX idx_posts_author ON posts (author)"]}' >/dev/null
    run "rule author = @request.auth.id, index on author" get.lua "$P?perPage=20&sort=-created" "$user_token"
    ;;
  peers)
    run "S1 view a random post by id" view.lua "$P/"
    run "S2 list 20 published by created desc, page 1" get.lua "$P?perPage=20&page=1&filter=published%3Dtrue&sort=-created&skipTotal=1"
    run "S2 list 20 published by created desc, page 50" get.lua "$P?perPage=20&page=50&filter=published%3Dtrue&sort=-created&skipTotal=1"
    run "S3 as S2 page 1 with expand=author" get.lua "$P?perPage=20&page=1&filter=published%3Dtrue&sort=-created&skipTotal=1&expand=author"
    BENCH_IDS="$work/ids/user_ids.txt" run "S4 create a post" create.lua "$P"
    ;;
  auth)
    # a new data directory rate-limits logins (2 per 3 s per IP): off, or every login would be a 429
    curl -sf -X PATCH "$base/api/settings" -H "Authorization: $su_token" -H 'Content-Type: application/json' \
      -d '{"rateLimits":{"enabled":false}}' >/dev/null
    list="$P?perPage=20&page=1&filter=published%3Dtrue&sort=-created&skipTotal=1"
    export BENCH_USERS="$users"
    run "list 20 published, alone (baseline)" get.lua "$list"
    run "auth-with-password (random user)" login.lua /api/collections/users/auth-with-password
    run "auth-refresh" post.lua /api/collections/users/auth-refresh "$user_token"
    # the storm: logins with as many connections again, for the whole measurement (warm-up included)
    cat "$BENCH_DIR/scenarios/login.lua" "$BENCH_DIR/scenarios/report.lua" > "$work/storm.lua"
    BENCH_PATH=/api/collections/users/auth-with-password wrk -t1 -c"$connections" -d"$(( warmup + duration + 3 ))s" \
      --timeout 10s -s "$work/storm.lua" "$base" > "$work/storm.out" 2>&1 &
    storm=$!
    saved_quiet=$quiet; saved_max_other=$max_other; quiet=0; max_other=100 # the storm is the point here
    run "list 20 published, during a login storm" get.lua "$list"
    quiet=$saved_quiet; max_other=$saved_max_other
    wait "$storm" || true
    storm_line=$(grep '^RESULT' "$work/storm.out" || echo "RESULT requests=0 duration_us=1 p50_us=0 p99_us=0 errors=0")
    storm_note="The storm: $(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
      END { printf "%.0f logins/s, p99 %.0f ms, %d errors", v["requests"] / (v["duration_us"] / 1e6), v["p99_us"] / 1000, v["errors"] }' <<<"$storm_line")" 
    ;;
esac

mkdir -p "$BENCH_DIR/results"
report="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$set_name.md"
{
  echo "### $set_name — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;" \
       "$("$JAVA" -version 2>&1 | head -1); SQLite (embedded); $users users, $posts posts;" \
       "wrk -t2 -c$connections, ${warmup}s warm-up, ${duration}s per scenario, load generator on the same machine."
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|"
  base_rps="${results[0]#*|}"; base_rps="${base_rps%%|*}"
  for r in "${results[@]}"; do
    IFS='|' read -r name rps p50 p99 err _ <<<"$r"
    echo "| $name | $rps | $p50 | $p99 | $err |"
  done
  echo
  echo "Ratio to the first row (baseline):"
  for r in "${results[@]}"; do
    IFS='|' read -r name rps _ <<<"$r"
    echo "- $name: $(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')"
  done
  if [[ -n "${storm_note:-}" ]]; then echo; echo "$storm_note (wrk -t1 -c$connections, alongside the measured list)."; fi
} | tee "$report"
