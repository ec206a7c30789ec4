# Sourced by bench/run.sh for --set files: files on local storage (the data directory's storage/):
# downloads and uploads with wrk against GET /api/health as the baseline, then thumbnail generation
# measured one request at a time. SQLite only.
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
    stored=$({ find "$work/sqlite/data/storage/$uploads_id" -type f ! -name '*.attrs' 2>/dev/null || true; } | wc -l)
    temp=$({ find "$work/sqlite/tmp" -type f ! -name 'sqlite-*' 2>/dev/null || true; } | wc -l)
    previous=$state; state="$records $stored $temp"
    [[ "$state" == "$previous" ]] && (( $(server_cpu) - s0 < clk / 10 )) && break
  done
  checks+=("$1: $records records created (warm-up included), $stored files in storage, $temp upload temp files left in the server's temp directory")
  echo "  $1 check: records $records, stored files $stored, temp files $temp" >&2
  curl -sf -X DELETE "$base/api/collections/uploads/truncate" -H "Authorization: $su_token" >/dev/null \
    || echo "  truncate of uploads failed" >&2
  stored=$({ find "$work/sqlite/data/storage/$uploads_id" -type f ! -name '*.attrs' 2>/dev/null || true; } | wc -l)
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
warnings=$(grep -c ' WARN ' "$work/sqlite/server.log" || true); errors=$(grep -c ' ERROR ' "$work/sqlite/server.log" || true)

mkdir -p "$BENCH_DIR/results"
report="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-files.md"
{
  echo "### files — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine); local storage ($(df -T "$work" | awk 'NR==2 {print $2}') at $work), SQLite (embedded);" \
       "wrk -t2 -c$connections, $(warmup_text), ${duration}s per scenario, load generator on the same machine." \
       "Files: $small B and $large B of random bytes, one multipart part each (POST /api/collections/uploads/records)," \
       "downloads of one stored file each (GET /api/files/files/{record}/{name})."
  echo
  echo "| scenario | requests/s | MiB/s | p50 ms | p99 ms | errors | requests/s ratio to baseline | other processes' CPU |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  base_rps=$(cut -d"|" -f3 <<<"${results[0]}")
  for r in "${results[@]}"; do
    IFS='|' read -r _ name rps p50 p99 err mibs _ other <<<"$r"
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
  grep -E ' (WARN|ERROR) ' "$work/sqlite/server.log" | cut -d' ' -f3- | cut -c1-240 | sort | uniq -c | sort -rn | head -5 \
    | sed 's/^ */  - /; s/|/\\|/g' || true
} | tee "$report"
