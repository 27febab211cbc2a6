#!/usr/bin/env bash
# Search benchmark: gongkai's search against SQLite FTS5 (trigram), PostgreSQL full-text search
# over jieba-segmented text, and Groonga (TokenBigram), on the same corpus and queries. Not run
# by CI.
#
#   bench/search.sh                           # 100,000 demo documents, every engine
#   DOCS=1000000 ENGINES=gongkai bench/search.sh   # gongkai alone
#
# Steps: release build; DOCS demo documents into a fresh SQLite data dir under
# bench/tmp/search-DOCS/; `gongkai reindex` (timed; index size = du of DATA/search);
# `gongkai search-bench` over bench/search-queries.txt; `gongkai serve` on 127.0.0.1:18090 and
# wrk on the HTTP search page (bench/search.lua rotates through the queries) and the server's RSS;
# then, one at a time, the other engines (bench/search_compare.py) on the published documents'
# title and body text; the substring ground truth; a markdown section appended to BENCHMARKS.md.
#
# Environment:
#   DOCS        documents to generate (default 100000)
#   ENGINES     comma-separated subset of gongkai,sqlite,postgres,groonga (default: all four;
#               gongkai always runs)
#   RUNS        timed runs per query after one warm-up (default 5)
#   DURATION    wrk duration (default 15s); CONNECTIONS wrk connections (default 16)
#   REUSE_DATA  1: keep the data dir of an earlier run with the same DOCS (skips demo-data)
#   SKIP_BUILD  1: use target/release/gongkai as it is
#   APPEND      0: print the section without appending it to BENCHMARKS.md
#   QUIET_WAIT  seconds to wait, before each timed step, for the machine to be idle (others' jobs
#               below 20 % of a core over 5 s; default 900; the idle share found is reported)
#   QUERIES     query file (default bench/search-queries.txt; made from the corpus if missing)
#   PGHOST/PGPORT/PGUSER  PostgreSQL for the postgres engine (default 127.0.0.1:5432, postgres;
#               the database gongkai_bench is created and dropped)
set -euo pipefail
# The whole script is one block, read before it runs: editing the file during a run is harmless.
{
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

DOCS=${DOCS:-100000}
ENGINES=${ENGINES:-gongkai,sqlite,postgres,groonga}
RUNS=${RUNS:-5}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
REUSE_DATA=${REUSE_DATA:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
APPEND=${APPEND:-1}
QUERIES=${QUERIES:-bench/search-queries.txt}
QUIET_WAIT=${QUIET_WAIT:-900}
ADDR=127.0.0.1:18090

[[ $DOCS =~ ^[0-9]+$ ]] || { echo "DOCS must be a number, got '$DOCS'" >&2; exit 2; }
[[ $RUNS =~ ^[0-9]+$ ]] && ((RUNS >= 1)) || { echo "RUNS must be a number ≥ 1" >&2; exit 2; }

work=$root/bench/tmp/search-$DOCS
data=$work/data
res=$work/results
bin=$root/target/release/gongkai
venv=$root/bench/tmp/venv
py=$venv/bin/python
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
unset GONGKAI_DATA_DIR GONGKAI_DATABASE_URL GONGKAI_CONFIG GONGKAI_BIND

has() { [[ ",$ENGINES," == *",$1,"* ]]; }
header() { echo; echo "=== $* ==="; }
die() { echo "bench: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Idle share of all cores over 5 seconds, in percent.
idle_pct() {
    local a b
    a=($(head -n1 /proc/stat))
    sleep 5
    b=($(head -n1 /proc/stat))
    awk -v i1="${a[4]}" -v w1="${a[5]}" -v i2="${b[4]}" -v w2="${b[5]}" \
        -v t1="$(IFS=+; echo "$((${a[*]:1}))")" -v t2="$(IFS=+; echo "$((${b[*]:1}))")" \
        'BEGIN { printf "%.0f", 100 * ((i2 + w2) - (i1 + w1)) / (t2 - t1) }'
}
# Waits (up to QUIET_WAIT s) until the machine is nearly idle; logs what it found to quiet.log.
wait_quiet() {
    local step=$1 start idle cores need
    start=$(date +%s)
    cores=$(nproc)
    need=$((100 - 20 / cores))
    while :; do
        idle=$(idle_pct)
        ((idle >= need)) && break
        (($(date +%s) - start >= QUIET_WAIT)) && { echo "machine still busy (idle $idle %), measuring anyway"; break; }
        echo "waiting for an idle machine before $step (idle $idle %)"
        sleep 25
    done
    echo "$step: idle $idle % of $cores cores before the step, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$res/quiet.log"
}

server_pid=
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

header "Packages"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
if has groonga; then command -v groonga >/dev/null || missing+=(groonga-bin); fi
if has postgres; then command -v psql >/dev/null || missing+=(postgresql-client); fi
if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [[ ! -x $py ]] || ! "$py" -c 'import jieba, psycopg2' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet jieba psycopg2-binary
fi
echo "wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}'), python $("$py" -c 'import sys, sqlite3; print(sys.version.split()[0], "sqlite", sqlite3.sqlite_version)')"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null || true)
[[ -z $dirty ]] || commit="$commit + uncommitted changes"

if [[ $SKIP_BUILD != 1 ]]; then
    header "Build: cargo build --release --workspace --bins"
    cargo build --release --workspace --bins
fi
[[ -x $bin ]] || die "$bin was not built"
"$bin" search-bench --help >/dev/null 2>&1 || die "$bin has no search-bench subcommand"

if curl -fsS -o /dev/null "http://$ADDR/healthz" 2>/dev/null; then
    die "something already answers on $ADDR; stop it first"
fi

mkdir -p "$work"
rm -rf "$res"
mkdir -p "$res"

header "Demo data: $DOCS documents"
demo_s=None
if [[ $REUSE_DATA == 1 && -f $data/gongkai.db ]]; then
    echo "reusing $data"
else
    rm -rf "$data"
    t0=$(now)
    if ! "$bin" --data-dir "$data" demo-data --docs "$DOCS" >"$work/demo-data.log" 2>&1; then
        tail -n 20 "$work/demo-data.log" >&2
        die "demo-data failed"
    fi
    t1=$(now)
    demo_s=$(elapsed "$t0" "$t1")
    echo "$DOCS documents in $demo_s s"
fi
published=$("$py" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM documents WHERE status='published'\").fetchone()[0])" "$data/gongkai.db")
echo "$published published"

header "gongkai reindex"
rm -rf "$data/search"
wait_quiet reindex
t0=$(now)
/usr/bin/time -f '%M' -o "$work/reindex.maxrss" "$bin" --data-dir "$data" reindex >"$work/reindex.log" 2>"$work/reindex.err" \
    || { tail -n 20 "$work/reindex.err" >&2; die "reindex failed"; }
t1=$(now)
reindex_s=$(elapsed "$t0" "$t1")
index_bytes=$(du -sb "$data/search" | cut -f1)
indexed=$(grep -o '[0-9]\+' "$work/reindex.log" | tail -n1 || echo '?')
reindex_rss_kb=$(tail -n1 "$work/reindex.maxrss")
echo "$(cat "$work/reindex.log") in $reindex_s s, index $index_bytes bytes, peak RSS ${reindex_rss_kb} kB"

if [[ ! -s $QUERIES ]]; then
    header "Queries: $QUERIES (from this corpus)"
    "$py" bench/search_compare.py queries --db "$data/gongkai.db" --out "$QUERIES"
fi
nq=$(grep -c . "$QUERIES")

header "gongkai search-bench ($nq queries, $RUNS runs)"
wait_quiet search-bench
"$bin" --data-dir "$data" search-bench --queries "$QUERIES" --out "$res/gongkai-queries.jsonl" --runs "$RUNS" \
    | tee "$res/gongkai-summary.json"
"$py" - "$res" "$reindex_s" "$index_bytes" "$indexed" "$reindex_rss_kb" <<'EOF'
import json, sys
res, build_s, size, indexed, rss = sys.argv[1:]
summary = json.loads(open(f"{res}/gongkai-summary.json").read().strip().splitlines()[-1])
per_query = [json.loads(l) for l in open(f"{res}/gongkai-queries.jsonl", encoding="utf-8") if l.strip()]
summary.update(
    engine="gongkai", build_s=float(build_s), index_bytes=int(size), indexed=indexed,
    build_detail=f"gongkai reindex, peak RSS {int(rss) / 1024:.0f} MB", size_note="du -sb DATA/search",
    per_query=per_query,
)
json.dump(summary, open(f"{res}/gongkai.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF

header "HTTP search page: gongkai serve --bind $ADDR"
"$bin" --data-dir "$data" serve --bind "$ADDR" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
    curl -fsS -o /dev/null "http://$ADDR/healthz" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/serve.log" >&2; die "server exited"; }
    sleep 0.2
done
curl -fsS -o /dev/null "http://$ADDR/healthz" || die "server did not start"
first=$(head -n1 "$QUERIES")
enc=$("$py" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$first")
curl -fsS -o "$work/probe-search.html" -w 'GET /search?q=… %{http_code}, %{size_download} bytes, %{time_total} s\n' "http://$ADDR/search?q=$enc"
api_total=$(curl -fsS "http://$ADDR/api/v1/search?q=$enc" | "$py" -c 'import json, sys; print(json.load(sys.stdin)["total"])')
bench_total=$(head -n1 "$res/gongkai-queries.jsonl" | "$py" -c 'import json, sys; print(json.load(sys.stdin)["total"])')
echo "'$first': /api/v1/search total $api_total, search-bench total $bench_total"
rss_idle_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')
# One request per query first, as a server that has been answering for a while has seen its
# public's words: the run then measures searches over cached clause sets (see crates/search sets.rs),
# not their first computation (search-bench's "first run" figures show that). The warm-up's query
# strings differ from the run's, so its pages are not reused.
"$py" - "$QUERIES" "$ADDR" >"$work/warm-urls.txt" <<'EOF2'
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        print(f"http://{sys.argv[2]}/search?q={urllib.parse.quote(line.strip())}&n=warm-up")
EOF2
t0=$(now)
xargs -n1 curl -fsS -o /dev/null <"$work/warm-urls.txt"
warm_s=$(elapsed "$t0" "$(now)")
echo "warm-up: $(wc -l <"$work/warm-urls.txt") queries in $warm_s s"
wrk_cmd="wrk -t2 -c$CONNECTIONS -d$DURATION --latency -s bench/search.lua http://$ADDR"
wait_quiet wrk
echo "$wrk_cmd"
SEARCH_QUERIES=$QUERIES wrk -t2 "-c$CONNECTIONS" "-d$DURATION" --latency -s bench/search.lua "http://$ADDR" \
    | tee "$res/wrk.txt"
rss_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')
# Anonymous memory (heap) and file pages (the index, mapped) in that RSS.
rss_anon_kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$server_pid/status")
rss_file_kb=$(awk '/^RssFile:/ { print $2 }' "/proc/$server_pid/status")
echo "server RSS: $rss_kb kB after the run ($rss_idle_kb kB before): anonymous $rss_anon_kb kB, file $rss_file_kb kB"
"$py" bench/search_compare.py wrk --input "$res/wrk.txt" --out "$res/wrk.json"
cleanup
server_pid=

if has sqlite || has postgres || has groonga; then
    header "Corpus: published documents' text, substring ground truth"
    "$py" bench/search_compare.py export --db "$data/gongkai.db" --out "$work/corpus.jsonl"
    "$py" bench/search_compare.py truth --corpus "$work/corpus.jsonl" --queries "$QUERIES" --out "$res/truth.json"
    for engine in sqlite postgres groonga; do
        has "$engine" || continue
        header "$engine"
        wait_quiet "$engine"
        "$py" bench/search_compare.py "$engine" --corpus "$work/corpus.jsonl" --queries "$QUERIES" \
            --workdir "$work/$engine" --out "$res/$engine.json" --runs "$RUNS"
    done
    rm -f "$work/corpus.jsonl"
elif [[ ! -f $res/truth.json ]]; then
    header "Substring ground truth"
    "$py" bench/search_compare.py export --db "$data/gongkai.db" --out "$work/corpus.jsonl"
    "$py" bench/search_compare.py truth --corpus "$work/corpus.jsonl" --queries "$QUERIES" --out "$res/truth.json"
    rm -f "$work/corpus.jsonl"
fi

header "Report"
mem=$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
"$py" - "$res/meta.json" <<EOF
import json, sys
json.dump({
    "date": "$(date -u '+%Y-%m-%d %H:%M UTC')", "docs": $DOCS, "published": $published,
    "runs": $RUNS, "nproc": $(nproc), "cpu": "$cpu", "mem": "$mem", "os": "$os, Linux $(uname -r)",
    "commit": "$commit", "demo_s": $demo_s, "rss_kb": $rss_kb, "rss_idle_kb": $rss_idle_kb,
    "rss_anon_kb": ${rss_anon_kb:-None}, "rss_file_kb": ${rss_file_kb:-None},
    "wrk_cmd": "$wrk_cmd", "api_total": $api_total, "bench_total": $bench_total,
    "warm_s": $warm_s,
}, open(sys.argv[1], "w"), indent=1)
EOF
"$py" bench/search_compare.py report --results "$res" --out "$res/section.md" >/dev/null
cat "$res/section.md"
if [[ $APPEND == 1 ]]; then
    { echo; cat "$res/section.md"; } >>BENCHMARKS.md
    echo "appended to BENCHMARKS.md"
fi
exit
}
