# Sourced by bench/run.sh: measuring one scenario with wrk (warm-up, CPU accounting, results).
# Uses run.sh's globals: work, base, server, connections, warmup, duration, quiet, max_other,
# stable_warmup, db (the database being measured) and results.

# CPU used by processes other than the system under test (server, its database server, wrk) while
# a scenario is measured, in % of all cores: the machine may be shared, and numbers taken next to
# a busy neighbour are not comparable.
clk=$(getconf CLK_TCK)
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
server_cpu() { if [[ -n "${server:-}" ]]; then awk '{ print $14 + $15 }' "/proc/$server/stat" 2>/dev/null || echo 0; else echo 0; fi; }
children_cpu() { awk 'NR == 2 { gsub(/s/, ""); split($1, u, "m"); split($2, k, "m"); print u[1] * 60 + u[2] + k[1] * 60 + k[2] }' "$1"; }
# `times` must run in this shell (not in $(...)) to see the CPU time of the children it waited for
cpu_start() { busy0=$(cpu_busy); srv0=$(( $(server_cpu) + $(db_server_cpu) )); times >"$work/times0"; t0=$(date +%s%N); }
cpu_other() { # sets $other: % of all cores used by other processes since cpu_start
  times >"$work/times1"
  other=$(awk -v b="$(( $(cpu_busy) - busy0 ))" -v s="$(( $(server_cpu) + $(db_server_cpu) - srv0 ))" -v k0="$(children_cpu "$work/times0")" \
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
  echo "  still busy after ${quiet}s, measuring anyway (see the other processes' CPU)" >&2
}

# Every wrk run of a scenario, warm-up included, adds its 2xx answers to $sent_ok and itself to
# $wrk_runs: a write scenario's check compares them with the records that were really created.
tally() { # file with a RESULT line
  local line; line=$(grep '^RESULT' "$1" || echo "RESULT requests=0 errors=0")
  sent_ok=$(( sent_ok + $(field "$line" requests) - $(field "$line" non2xx 0) - $(field "$line" bad_body 0) ))
  wrk_runs=$(( wrk_runs + 1 ))
}
field() { # RESULT line, key, [default]: the key's value
  local v; v=$(tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p")
  echo "${v:-${3:-0}}"
}

# The warm-up as the reports describe it.
warmup_text() {
  if (( stable_warmup )); then echo "warm-up in ${warmup}s periods until requests/s change by less than 10% (at most 8)"
  else echo "${warmup}s warm-up"; fi
}

# Warm-up before each measured scenario: with --stable-warmup (the default) repeated --warmup
# periods until requests/s changes by less than 10% (at most 8): on 2 cores the JIT needs 15-30 s
# of load per code path, and a single 5 s warm-up (--single-warmup) measures it half-compiled.
warm() {
  local prev=0 cur i seen=""
  for (( i = 1; i <= (stable_warmup ? 8 : 1); i++ )); do
    wrk -t2 -c"$connections" -d"${warmup}s" --timeout 10s -s "$work/run.lua" "$base" >"$work/warm.out" 2>/dev/null || true
    tally "$work/warm.out"
    cur=$(awk '/^RESULT/ { split($2, r, "="); split($3, d, "="); printf "%.0f", r[2] / (d[2] / 1e6) }' "$work/warm.out")
    cur=${cur:-0}; seen+="$cur "
    if (( i >= 2 )) && awk -v a="$cur" -v b="$prev" 'BEGIN { exit !(b > 0 && (a - b) / b < 0.1 && (b - a) / b < 0.1) }'; then
      break
    fi
    prev=$cur
  done
  if (( stable_warmup )); then echo "  warm-up: ${seen}req/s in ${warmup}s periods" >&2; fi
}

ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1000 }'; }

# Appends "db|name|req/s|p50 ms|p99 ms|errors|MiB/s|requests|other CPU %" to $results.
run() { # name, script, path, [token], [expect: see scenarios/report.lua]; BENCH_SIZE (bytes moved per request) adds MiB/s
  local name="$1" script="$2" path="$3" token="${4:-}"
  cat "$BENCH_DIR/scenarios/$script" "$BENCH_DIR/scenarios/report.lua" > "$work/run.lua"
  export BENCH_PATH="$path" BENCH_TOKEN="$token" BENCH_IDS="${BENCH_IDS:-}" BENCH_FILE="${BENCH_FILE:-}" BENCH_FIELD="${BENCH_FIELD:-doc}"
  if (( $# >= 5 && response_check )); then export BENCH_EXPECT="$5"; else unset BENCH_EXPECT; fi
  sent_ok=0; wrk_runs=0
  local attempt
  for attempt in 1 2 3; do # measured again when a neighbour took more than --max-other % of the CPU
    wait_quiet
    warm
    cpu_start
    wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/run.lua" "$base" >"$work/wrk.out" 2>&1 || true
    cpu_other
    tally "$work/wrk.out"
    (( other <= max_other )) && break
    echo "  $name: other processes used ${other}% of the CPU meanwhile (attempt $attempt)" >&2
  done
  local line; line=$(grep '^RESULT' "$work/wrk.out" || true)
  if [[ -z "$line" ]]; then
    echo "  $name: wrk printed no result:" >&2; sed 's/^/    /' "$work/wrk.out" | head -20 >&2
    line="RESULT requests=0 duration_us=1 p50_us=0 p99_us=0 errors=1"
    failures+=("$db: $name: wrk printed no result")
  fi
  local req dur p50 p99 err rps mibs
  req=$(field "$line" requests); dur=$(field "$line" duration_us 1); err=$(field "$line" errors)
  p50=$(ms "$(field "$line" p50_us)"); p99=$(ms "$(field "$line" p99_us)")
  rps=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.0f", r / (d / 1000000) }')
  mibs=$(awk -v r="$req" -v d="$dur" -v s="${BENCH_SIZE:-0}" 'BEGIN { printf "%.1f", r * s / (d / 1000000) / 1048576 }')
  results+=("$db|$name|$rps|$p50|$p99|$err|$mibs|$req|$other")
  if (( req == 0 )); then
    failures+=("$db: $name: no request completed in ${duration}s")
  elif (( err > 0 )); then
    failures+=("$db: $name: $err errors ($(field "$line" non2xx 0) non-2xx, $(field "$line" bad_body 0) unexpected bodies, $(field "$line" socket 0) socket errors or timeouts)")
  fi
  echo "  $name: $rps req/s${BENCH_SIZE:+, $mibs MiB/s}, p50 $p50 ms, p99 $p99 ms, errors $err, other processes' CPU ${other}%" >&2
}

machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;" \
       "$("$JAVA" -version 2>&1 | head -1)"
}
