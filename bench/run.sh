#!/usr/bin/env bash
# Reproducible benchmark: starts Basalt on a fresh data directory (and a fresh scratch database on
# PostgreSQL or MariaDB), seeds a deterministic dataset through the API, and measures scenarios with
# wrk (separate process, loopback, warm-up first).
#
#   bench/run.sh [--set filters|peers|files|auth|realtime] [--db sqlite|postgres|mariadb|all]
#                [--posts N] [--users N] [--duration SECONDS] [--connections N] [--warmup SECONDS]
#                [--images N] [--jar PATH] [--quiet SECONDS] [--max-other PERCENT]
#                [--stable-warmup | --single-warmup] [--pg URL] [--mariadb URL] [--no-raw] [--no-response-check]
#
# Prints a Markdown table (requests/s, p50, p99, errors) and writes it to bench/results/.
# --db (filters, peers, auth, realtime; default sqlite) picks the database; all runs the set on SQLite,
# PostgreSQL and MariaDB one after the other, each on its own fresh database, into one table with
# each server's ratio to SQLite. Scratch databases (basalt_bench_*) are created on the servers
# --pg (postgres://postgres@127.0.0.1:5432) and --mariadb (mariadb://root@127.0.0.1:3306) and
# dropped at the end, also on failure. --set peers on PostgreSQL also runs the same SQL with
# pgbench (raw PostgreSQL baseline, bench/pgbench/) unless --no-raw.
# Every scenario's answer is checked against the seeded data before it is measured, and every
# measured response for its status and item count (in wrk's Lua, 15-40 µs of load-generator CPU
# per response; --no-response-check leaves that to wrk, which counts statuses above 399 only);
# failed checks and errors make the exit status 1.
# --set realtime holds --sse-connections (10000) SSE connections and measures event delivery.
# --set auth measures logins (rate limits switched off for it) and list throughput during a login storm.
# --set files measures uploads, downloads and thumbnails on local storage instead (no posts seeded;
# fixtures from bench/FilesBench.java). Before each scenario it waits up to --quiet seconds (120)
# for the machine to be idle, measures again (at most 3 times) when other processes took more than
# --max-other % (10) of the CPU meanwhile, and reports that share.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="$(pwd)/bench"; export BENCH_DIR

sse_connections=10000; set_name=filters; posts=100000; users=1000; duration=15; connections=64; warmup=5; images=8
jar=target/basalt.jar; quiet=120; max_other=10; stable_warmup=; db_opt=sqlite; raw=1; response_check=1
pg_url=postgres://postgres@127.0.0.1:5432; mariadb_url=mariadb://root@127.0.0.1:3306
while [[ $# -gt 0 ]]; do
  case "$1" in
    --set) set_name="$2"; shift 2 ;;
    --db) db_opt="$2"; shift 2 ;;
    --pg) pg_url="$2"; shift 2 ;;
    --mariadb) mariadb_url="$2"; shift 2 ;;
    --no-raw) raw=0; shift ;;
    --no-response-check) response_check=0; shift ;;
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

case "$set_name" in filters|peers|files|auth|realtime) ;; *) echo "unknown set $set_name" >&2; exit 2 ;; esac
case "$db_opt" in
  sqlite|postgres|mariadb) dbs=("$db_opt") ;;
  all) dbs=(sqlite postgres mariadb) ;;
  *) echo "--db is sqlite, postgres, mariadb or all" >&2; exit 2 ;;
esac
if [[ "$db_opt" != sqlite && "$set_name" == files ]]; then
  echo "--set files runs on SQLite only (file storage does not depend on the database)" >&2; exit 2
fi
# every set warms up until stable: on 2 cores the JIT needs 15-30 s of load per code path
[[ -n "$stable_warmup" ]] || stable_warmup=1
for tool in wrk curl jq; do command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install -y $tool)" >&2; exit 1; }; done
if [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"
# shellcheck source=bench/lib/databases.sh
source "$BENCH_DIR/lib/databases.sh"
# shellcheck source=bench/lib/verify.sh
source "$BENCH_DIR/lib/verify.sh"
# shellcheck source=bench/lib/sets.sh
source "$BENCH_DIR/lib/sets.sh"
# shellcheck source=bench/lib/rawpg.sh
source "$BENCH_DIR/lib/rawpg.sh"
# shellcheck source=bench/lib/report.sh
source "$BENCH_DIR/lib/report.sh"

for d in "${dbs[@]}"; do [[ "$d" == sqlite ]] || check_database_server "$d"; done
[[ -f "$jar" ]] || ./mvnw -q package -DskipTests

# every SSE connection is a file descriptor, on both ends
if [[ "$set_name" == realtime ]]; then ulimit -n "$(ulimit -Hn)"; fi
work="$(mktemp -d /tmp/basalt-bench-XXXXXX)"
server=""
trap 'stop_server; drop_scratch_databases; rm -rf "$work"' EXIT
local_server_pids

if [[ "$set_name" == files ]]; then
  db=sqlite
  start_server sqlite
  # shellcheck source=bench/lib/set_files.sh
  source "$BENCH_DIR/lib/set_files.sh"
  exit 0
fi
if [[ "$set_name" == realtime ]]; then
  for db in "${dbs[@]}"; do
    echo "== $(db_label "$db")" >&2
    start_server "$db"
    # shellcheck source=bench/lib/set_realtime.sh
    source "$BENCH_DIR/lib/set_realtime.sh"
    stop_server
    drop_scratch_databases
  done
  exit 0
fi

declare -A db_descriptions=()
for db in "${dbs[@]}"; do
  echo "== $(db_label "$db")" >&2
  db_descriptions[$db]=$(db_description "$db")
  start_server "$db"
  ids="$work/$db/ids"
  echo "seeding $users users and $posts posts..." >&2
  seed_start=$(date +%s)
  "$JAVA" "$BENCH_DIR/Seed.java" "$base" "$su_token" "$users" "$posts" "$ids" >&2
  echo "seeded in $(( $(date +%s) - seed_start ))s" >&2
  run_set
  stop_server
  if [[ "$db" == postgres && "$set_name" == peers && "$raw" == 1 ]]; then raw_pg "$scratch_name"; fi
  drop_scratch_databases
done
db=""

mkdir -p "$BENCH_DIR/results"
report_file="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$set_name$([[ $db_opt == sqlite ]] || echo "-$db_opt").md"
report | tee "$report_file"
(( ${#failures[@]} == 0 ))
