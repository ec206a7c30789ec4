#!/usr/bin/env bash
# Reproducible benchmark: starts Basalt on a fresh data directory, seeds a deterministic dataset
# through the API, and measures scenarios with wrk (separate process, loopback, warm-up first).
#
#   bench/run.sh [--set filters|peers] [--posts N] [--users N] [--duration SECONDS] [--connections N]
#
# Prints a Markdown table (requests/s, p50, p99, errors) and writes it to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="$(pwd)/bench"; export BENCH_DIR

set_name=filters; posts=100000; users=1000; duration=15; connections=64; warmup=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --set) set_name="$2"; shift 2 ;;
    --posts) posts="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
if [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f target/basalt.jar ]] || ./mvnw -q package -DskipTests

work="$(mktemp -d /tmp/basalt-bench-XXXXXX)"
port=$(( 20000 + RANDOM % 20000 ))
base="http://127.0.0.1:$port"
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

"$JAVA" -jar target/basalt.jar superuser upsert bench@example.com benchpass1 --dir "$work/data" >/dev/null
"$JAVA" -Xmx2g -jar target/basalt.jar serve --dir "$work/data" --http "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done
su_token=$(curl -sf -X POST "$base/api/collections/_superusers/auth-with-password" -H 'Content-Type: application/json' \
  -d '{"identity":"bench@example.com","password":"benchpass1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

echo "seeding $users users and $posts posts..." >&2
seed_start=$(date +%s)
"$JAVA" "$BENCH_DIR/Seed.java" "$base" "$su_token" "$users" "$posts" "$work/ids" >&2
echo "seeded in $(( $(date +%s) - seed_start ))s" >&2

results=()
run() { # name, script, path, [token]
  local name="$1" script="$2" path="$3" token="${4:-}"
  cat "$BENCH_DIR/scenarios/$script" "$BENCH_DIR/scenarios/report.lua" > "$work/run.lua"
  export BENCH_PATH="$path" BENCH_TOKEN="$token" BENCH_IDS="${BENCH_IDS:-}"
  wrk -t2 -c"$connections" -d"${warmup}s" -s "$work/run.lua" "$base" >/dev/null 2>&1 || true
  local out; out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/run.lua" "$base" 2>&1)
  local line; line=$(grep '^RESULT' <<<"$out")
  local req dur p50 p99 err
  req=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line"); dur=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$line")
  p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<<"$line"); p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<<"$line")
  err=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
  local rps; rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1000000) }')
  results+=("$name|$rps|$(awk -v v="$p50" 'BEGIN{printf "%.1f", v/1000}')|$(awk -v v="$p99" 'BEGIN{printf "%.1f", v/1000}')|$err")
  echo "  $name: $rps req/s, p50 $(awk -v v="$p50" 'BEGIN{printf "%.1f", v/1000}') ms, p99 $(awk -v v="$p99" 'BEGIN{printf "%.1f", v/1000}') ms, errors $err" >&2
}

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
    IFS='|' read -r name rps p50 p99 err <<<"$r"
    echo "| $name | $rps | $p50 | $p99 | $err |"
  done
  echo
  echo "Ratio to the first row (baseline):"
  for r in "${results[@]}"; do
    IFS='|' read -r name rps _ <<<"$r"
    echo "- $name: $(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')"
  done
} | tee "$report"
