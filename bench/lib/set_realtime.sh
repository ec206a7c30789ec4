# Sourced by bench/run.sh for --set realtime, once per database: --sse-connections SSE connections and event delivery.
echo "opening $sse_connections SSE connections..." >&2
"$JAVA" -Xss256k "$BENCH_DIR/RealtimeBench.java" "$base" "$su_token" "$server" "$sse_connections" 1000 100 10 | tee "$work/rt.out" >&2
rv() { grep "kind=$1 " "$work/rt.out" | sed "s/.* $2=\([^ ]*\).*/\1/"; }
mkdir -p "$BENCH_DIR/results"
report="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-realtime-$db.md"
{
  echo "### realtime on $(db_label "$db") — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine); server \`-Xmx2g\`, $(db_label "$db"); the load generator (one selector thread holding" \
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
