# Sourced by bench/run.sh: before a scenario is measured, one request of it is checked against
# what the seeder wrote (bench/Seed.java's stats.json): a benchmark of wrong answers is worthless,
# and a backend can be fast by returning too little. During the measurement every response is
# checked more cheaply (status and expected item count, see scenarios/report.lua).
# Failed checks go to $failures and make run.sh exit with status 1; the run goes on (a check never
# fails the shell), so one report shows every failure.

failures=()
checks=()

# jq helpers available to every check expression; $s is stats.json, $a an extra argument
JQ_DEFS='def sorted_desc: [.items[].created] as $c | $c == ($c | sort | reverse);
def all_published: all(.items[]; .published == true);
def count($n): (.items | length) == $n;'

check() { # name, jq expression that must be true, method, path, [token], [body], [extra argument $a]
  local name="$1" expr="$2" method="$3" path="$4" token="${5:-}" body="${6:-}" arg="${7:-}"
  local args=(-s -o "$work/check.json" -w '%{http_code}' -X "$method" "$base$path")
  [[ -n "$token" ]] && args+=(-H "Authorization: $token")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  local status; status=$(curl "${args[@]}" || echo 000)
  if [[ "$status" == 2?? ]] && jq -e --argjson s "$(cat "$ids/stats.json")" --arg a "$arg" "$JQ_DEFS $expr" \
      "$work/check.json" >/dev/null 2>&1; then
    checks+=("$db: $name: ok"); check_ok=1
    return 0
  fi
  check_ok=0
  failures+=("$db: $name: $method $path answered $status, expected ${expr//$'\n'/ }; body: $(head -c 400 "$work/check.json")")
  echo "  CHECK FAILED: ${failures[-1]}" >&2
}

# What the measured requests of a list scenario must contain: n items, or an empty list.
list_expect() { # n items, [expanded relation collection]
  if (( $1 == 0 )); then echo '"items":[]=1'; return; fi
  echo "\"collectionName\":\"posts\"=$1${2:+;\"collectionName\":\"$2\"=$1}"
}
seeded() { jq -r "$1" "$ids/stats.json"; }
min() { (( $1 < $2 )) && echo "$1" || echo "$2"; }
# items on page $1 (20 per page) of the published posts
published_page_items() { local left=$(( $(seeded .published) - ($1 - 1) * 20 )); min "$(( left < 0 ? 0 : left ))" 20; }

check_view() { # name
  check "$1" '.id == $s.first_post.id and .collectionName == "posts" and .title == $s.first_post.title
    and .views == $s.first_post.views and .published == $s.first_post.published and .author == $s.first_post.author' \
    GET "$P/$(seeded .first_post.id)"
}

check_published_page() { # name, page, query (filter=published=true, sort=-created, skipTotal), [jq condition]
  local name="$1" page="$2" query="$3" extra="${4:-true}" n; n=$(published_page_items "$page")
  # the page must start where the same order, fetched in one piece, has its (page-1)*20-th item
  local ref=""
  if (( n > 0 )); then
    ref=$(curl -sf "$base$P?perPage=1000&page=1&filter=published%3Dtrue&sort=-created&skipTotal=1" -H "Authorization: $su_token" \
      | jq -r ".items[$(( (page - 1) * 20 ))].created")
  fi
  check "$name" ".page == $page and .totalItems == -1 and count($n) and all_published and sorted_desc
    and ($n == 0 or .items[0].created == \$a) and ($extra)" GET "$P?$query" "" "" "$ref"
}

# A create scenario: one post created and read back before, and afterwards the number of posts
# compared with the 2xx answers wrk counted (warm-up included). Requests still in flight when wrk
# stopped may or may not have been committed: up to $connections per wrk run.
posts_total() { curl -sf "$base$P?perPage=1" -H "Authorization: $su_token" | jq -r .totalItems; }
check_create_before() { # name
  local title="bench check post $$" body
  body="{\"title\":\"$title\",\"body\":\"check\",\"published\":true,\"views\":1,\"category\":\"tech\",\"author\":\"$(seeded .first_post.author)\"}"
  check "$1" ".title == \"$title\" and .published == true and .author == \$s.first_post.author and (.id | length) == 15" POST "$P" "" "$body"
  if (( check_ok )); then check "$1 (read back)" ".title == \"$title\"" GET "$P/$(jq -r .id "$work/check.json")"; fi
  posts_before=$(posts_total)
}
check_create_after() { # name
  local after created i prev=""
  for i in 1 2 3 4 5; do # until requests in flight when wrk stopped are done
    sleep 1; after=$(posts_total); [[ "$after" == "$prev" ]] && break; prev=$after
  done
  created=$(( after - posts_before ))
  if (( created >= sent_ok && created <= sent_ok + connections * wrk_runs )); then
    checks+=("$db: $1: $created posts created, $sent_ok 2xx answers counted by wrk: ok")
  else
    failures+=("$db: $1: $created posts created, but wrk counted $sent_ok 2xx answers in $wrk_runs runs")
    echo "  CHECK FAILED: ${failures[-1]}" >&2
  fi
}
