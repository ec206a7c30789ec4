# Sourced by bench/run.sh: the databases a run measures on. SQLite is embedded (a file in the data
# directory); for PostgreSQL and MariaDB each run creates a scratch database on the server named by
# --pg / --mariadb and drops it again, also when the run fails (drop_scratch_databases in the trap).

db_label() { case "$1" in sqlite) echo SQLite ;; postgres) echo PostgreSQL ;; mariadb) echo MariaDB ;; esac; }

scratch_dbs=() # "kind name", for the EXIT trap

url_parts() { # server URL → u_user, u_pass, u_host, u_port (percent-encoding is not decoded)
  local rest="${1#*://}" cred=""
  [[ "$rest" == *@* ]] && { cred="${rest%%@*}"; rest="${rest#*@}"; }
  rest="${rest%%/*}"; rest="${rest%%\?*}"
  u_user="${cred%%:*}"; u_pass=""; [[ "$cred" == *:* ]] && u_pass="${cred#*:}"
  u_host="${rest%:*}"; u_port="${rest##*:}"; [[ "$rest" == *:* ]] || u_port=""
}
server_url() { case "$1" in postgres) echo "${pg_url%/}" ;; mariadb) echo "${mariadb_url%/}" ;; esac; }

sql() { # kind, database, statement: runs it with the server's command-line client, rows tab-separated
  url_parts "$(server_url "$1")"
  case "$1" in
    postgres) PGPASSWORD="$u_pass" psql -h "$u_host" -p "${u_port:-5432}" -U "${u_user:-postgres}" -d "$2" \
                -v ON_ERROR_STOP=1 -X -q -A -t -F $'\t' -c "$3" ;;
    mariadb) MYSQL_PWD="$u_pass" mariadb -h "$u_host" -P "${u_port:-3306}" -u "${u_user:-root}" -N -B ${2:+"$2"} -e "$3" ;;
  esac
}

create_scratch() { # kind → prints the URL of a new empty database on that server
  local kind="$1" name="basalt_bench_$(date +%s)_$$_$1"
  case "$kind" in
    postgres) sql postgres postgres "CREATE DATABASE $name" ;;
    mariadb) sql mariadb "" "CREATE DATABASE $name CHARACTER SET utf8mb4" ;;
  esac
  scratch_dbs+=("$kind $name")
  scratch_name=$name
}

drop_scratch() { # kind, name
  case "$1" in
    postgres) sql postgres postgres "DROP DATABASE IF EXISTS $2 WITH (FORCE)" ;;
    mariadb) sql mariadb "" "DROP DATABASE IF EXISTS $2" ;;
  esac
}

drop_scratch_databases() {
  local entry
  for entry in "${scratch_dbs[@]}"; do
    # shellcheck disable=SC2086
    drop_scratch $entry || echo "could not drop the scratch database ($entry)" >&2
  done
  scratch_dbs=()
}

check_database_server() { # kind: fails early, with the client's reason, when the server cannot be reached
  local kind="$1" out
  command -v "$([[ $kind == postgres ]] && echo psql || echo mariadb)" >/dev/null \
    || { echo "--db $kind needs the $([[ $kind == postgres ]] && echo psql || echo mariadb) client" >&2; exit 1; }
  out=$(sql "$kind" "$([[ $kind == postgres ]] && echo postgres)" "SELECT 1" 2>&1) \
    || { echo "cannot reach $(db_label "$kind") at $(server_url "$kind"): $out" >&2; exit 1; }
}

# CPU (clock ticks) of the local database server, counted as part of the system under test: on a
# server database the work of a request is split between Basalt and the server. PostgreSQL forks a
# process per connection; the postmaster's cutime/cstime hold the CPU of the children it has
# reaped, so postmaster + live children is every tick the cluster used, connections that came and
# went included (pgbench's). Other users of the same server are counted too: wait_quiet makes sure
# there are none at the start. 0 for SQLite and for a server on another host.
db_server_cpu() {
  case "${db:-sqlite}" in
    postgres)
      [[ -n "${pg_postmaster:-}" && -r "/proc/$pg_postmaster/stat" ]] || { echo 0; return; }
      local kids; kids=$( { pgrep -P "$pg_postmaster" || true; } | sed 's|.*|/proc/&/stat|' | tr '\n' ' ')
      # shellcheck disable=SC2086
      { cat "/proc/$pg_postmaster/stat"; cat $kids 2>/dev/null || true; } \
        | awk 'NR == 1 { t = $14 + $15 + $16 + $17; next } { t += $14 + $15 } END { print t + 0 }' ;;
    mariadb)
      [[ -n "${mariadb_pid:-}" && -r "/proc/$mariadb_pid/stat" ]] || { echo 0; return; }
      awk '{ print $14 + $15 }' "/proc/$mariadb_pid/stat" ;;
    *) echo 0 ;;
  esac
}

local_server_pids() { # finds the local database servers' processes for db_server_cpu
  url_parts "$pg_url"
  if [[ "$u_host" =~ ^(127\.|localhost$|::1$) ]]; then
    pg_postmaster=$(pgrep -o -x postgres 2>/dev/null || true)
  fi
  url_parts "$mariadb_url"
  if [[ "$u_host" =~ ^(127\.|localhost$|::1$) ]]; then
    mariadb_pid=$(pgrep -o -x mariadbd 2>/dev/null || pgrep -o -x mysqld 2>/dev/null || true)
  fi
}

db_description() { # kind: version and the settings that decide its numbers
  case "$1" in
    sqlite) echo "SQLite (embedded, WAL, synchronous=NORMAL)" ;;
    postgres) sql postgres postgres "SELECT 'PostgreSQL ' || current_setting('server_version') || ' (shared_buffers '
        || current_setting('shared_buffers') || ', synchronous_commit ' || current_setting('synchronous_commit')
        || ', fsync ' || current_setting('fsync') || ')'" ;;
    mariadb) sql mariadb "" "SELECT CONCAT('MariaDB ', VERSION(), ' (innodb_buffer_pool_size ',
        @@innodb_buffer_pool_size DIV 1048576, ' MiB, innodb_flush_log_at_trx_commit ', @@innodb_flush_log_at_trx_commit, ')')" ;;
  esac
}

# Starts Basalt on a fresh data directory for database kind $1 (a scratch database on a server);
# sets server, base, su_token, db_url.
start_server() {
  local kind="$1" dir="$work/$1"
  mkdir -p "$dir/tmp"
  db_url=""; db_args=()
  if [[ "$kind" != sqlite ]]; then
    create_scratch "$kind"; db_url="$(server_url "$kind")/$scratch_name"; db_args=(--db "$db_url")
  fi
  port=$(( 20000 + RANDOM % 20000 ))
  base="http://127.0.0.1:$port"
  "$JAVA" -jar "$jar" superuser upsert bench@example.com benchpass1 --dir "$dir/data" "${db_args[@]}" >"$dir/upsert.log" 2>&1 \
    || { echo "superuser upsert failed on $(db_label "$kind"):" >&2; cat "$dir/upsert.log" >&2; exit 1; }
  # the server's own temp directory, so upload temp files it leaves behind can be counted
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options, e.g. a JFR recording
  "$JAVA" -Xmx2g -Djava.io.tmpdir="$dir/tmp" ${BENCH_JAVA_OPTS:-} -jar "$jar" serve --dir "$dir/data" --http "127.0.0.1:$port" "${db_args[@]}" \
    >"$dir/server.log" 2>&1 &
  server=$!
  local i
  for i in $(seq 1 150); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done
  curl -sf "$base/api/health" >/dev/null || { echo "Basalt did not start on $(db_label "$kind"):" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
  su_token=$(curl -sf -X POST "$base/api/collections/_superusers/auth-with-password" -H 'Content-Type: application/json' \
    -d '{"identity":"bench@example.com","password":"benchpass1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
}

stop_server() {
  if [[ -n "${server:-}" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}

server_log_summary() { # kind: WARN/ERROR lines of that run's server log
  local log="$work/$1/server.log"
  grep -E ' (WARN|ERROR) ' "$log" 2>/dev/null | cut -d' ' -f3- | cut -c1-240 \
    | sort | uniq -c | sort -rn | head -5 || true
}
