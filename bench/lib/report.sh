# Sourced by bench/run.sh: the Markdown report of the tabular sets (filters, peers, auth), one
# table with a group of columns per database and each server's ratio to SQLite.

results=(); raw_results=(); notes=()

# The aims issue 8 sets for PostgreSQL (requests/s), by scenario name prefix.
aim() { case "$1" in "S1 "*) echo 36000 ;; "S2 "*) echo 18800 ;; "S3 "*) echo 12800 ;; "S4 "*) echo 6400 ;; esac; }

result_field() { # db, scenario name, field number (3 req/s, 4 p50, 5 p99, 6 errors, 9 other CPU)
  local r
  for r in "${results[@]}"; do
    [[ "$r" == "$1|$2|"* ]] && { cut -d'|' -f"$3" <<<"$r"; return; }
  done
  return 0 # not measured: empty
}
raw_field() { # scenario name, field number (2 req/s, 3 p50, 4 p99, 5 failed)
  local r
  for r in "${raw_results[@]}"; do
    [[ "$r" == "$1|"* ]] && { cut -d'|' -f"$2" <<<"$r"; return; }
  done
  return 0 # not measured: empty
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }

report() {
  local names=() r n d has_sqlite=0 has_raw=0 has_aims=0
  local -A seen=()
  for r in "${results[@]}"; do
    n=$(cut -d'|' -f2 <<<"$r")
    [[ -n "${seen[$n]:-}" ]] || { names+=("$n"); seen[$n]=1; }
  done
  [[ " ${dbs[*]} " == *" sqlite "* ]] && has_sqlite=1
  (( ${#raw_results[@]} > 0 )) && has_raw=1
  [[ "$set_name" == peers && " ${dbs[*]} " == *" postgres "* ]] && has_aims=1
  echo "### $set_name — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine); $users users, $posts posts; wrk -t2 -c$connections, $(warmup_text), ${duration}s per" \
       "scenario; load generator and database servers on the same machine (loopback)."
  for d in "${dbs[@]}"; do echo "- ${db_descriptions[$d]}"; done
  [[ " ${dbs[*]} " == *" sqlite "* && ${#dbs[@]} == 1 ]] || echo "- Basalt's pool on a server: max(10, 2 × CPUs) = $(( $(nproc) * 2 > 10 ? $(nproc) * 2 : 10 )) connections."
  echo
  local head="| scenario |" rule="|---|"
  for d in "${dbs[@]}"; do
    head+=" $(db_label "$d") req/s | p50 ms | p99 ms | errors |"; rule+="---:|---:|---:|---:|"
    if (( has_sqlite )) && [[ "$d" != sqlite ]]; then head+=" $(db_label "$d") / SQLite |"; rule+="---:|"; fi
  done
  if (( has_raw )); then head+=" raw PostgreSQL req/s | PostgreSQL / raw |"; rule+="---:|---:|"; fi
  if (( has_aims )); then head+=" aim (PostgreSQL) | PostgreSQL / aim |"; rule+="---:|---:|"; fi
  echo "$head"; echo "$rule"
  local line rps sqlite_rps
  for n in "${names[@]}"; do
    line="| $n |"; sqlite_rps=$(result_field sqlite "$n" 3)
    for d in "${dbs[@]}"; do
      rps=$(result_field "$d" "$n" 3)
      line+=" ${rps:-–} | $(result_field "$d" "$n" 4) | $(result_field "$d" "$n" 5) | $(result_field "$d" "$n" 6) |"
      if (( has_sqlite )) && [[ "$d" != sqlite ]]; then line+=" $(ratio "$rps" "$sqlite_rps") |"; fi
    done
    if (( has_raw )); then line+=" $(raw_field "$n" 2) | $(ratio "$(result_field postgres "$n" 3)" "$(raw_field "$n" 2)") |"; fi
    if (( has_aims )); then
      local a; a=$(aim "$n")
      line+=" ${a:-–} | $(ratio "$(result_field postgres "$n" 3)" "$a") |"
    fi
    echo "$line"
  done
  if (( ${#dbs[@]} == 1 )); then
    echo
    echo "Ratio to the first row (baseline):"
    local base_rps; base_rps=$(result_field "${dbs[0]}" "${names[0]}" 3)
    for n in "${names[@]}"; do echo "- $n: $(ratio "$(result_field "${dbs[0]}" "$n" 3)" "$base_rps")"; done
  fi
  if (( has_raw )); then
    echo
    echo "Raw PostgreSQL: the statements Basalt sends for each scenario (bench/pgbench/), run by pgbench" \
         "(-M prepared, -c $connections -j 2, ${warmup}s warm-up, ${duration}s) on the same database after Basalt stopped," \
         "with the posts S4 created deleted again; requests/s are pgbench transactions/s (one per Basalt request)."
    echo
    echo "| scenario | raw PostgreSQL req/s | p50 ms | p99 ms | failed | other processes' CPU |"
    echo "|---|---:|---:|---:|---:|---:|"
    for r in "${raw_results[@]}"; do
      IFS='|' read -r n rps p50 p99 fl o <<<"$r"
      echo "| $n | $rps | $p50 | $p99 | $fl | $o% |"
    done
  fi
  echo
  echo "Other processes' CPU while measured (% of all cores; Basalt, wrk and the database server are not" \
       "\"other\"): $(for d in "${dbs[@]}"; do printf '%s %s, ' "$(db_label "$d")" "$(other_range "$d")"; done | sed 's/, $/./')"
  for n in "${notes[@]}"; do echo; echo "$n"; done
  echo
  echo "Checks (answers compared with the seeded data before each scenario; every measured response" \
       "checked for a 2xx status and its item count):"
  if (( ${#failures[@]} == 0 )); then
    echo "- all $(( ${#checks[@]} )) checks passed, no errors."
  else
    for r in "${failures[@]}"; do echo "- FAILED: $r"; done
  fi
  for d in "${dbs[@]}"; do
    local log; log=$(server_log_summary "$d")
    [[ -z "$log" ]] || { echo "- $(db_label "$d") server log, WARN/ERROR lines:"; sed 's/^ */  - /; s/|/\\|/g' <<<"$log"; }
  done
}

other_range() { # db: the least and most other-processes CPU over its scenarios
  local r v lo="" hi=""
  for r in "${results[@]}"; do
    [[ "$r" == "$1|"* ]] || continue
    v=$(cut -d'|' -f9 <<<"$r")
    [[ -z "$lo" || "$v" -lt "$lo" ]] && lo=$v
    [[ -z "$hi" || "$v" -gt "$hi" ]] && hi=$v
  done
  [[ "$lo" == "$hi" ]] && echo "${lo:-?}%" || echo "$lo–$hi%"
}
