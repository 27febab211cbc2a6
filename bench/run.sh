#!/usr/bin/env bash
# Performance benchmark of the public portal (not run by CI).
#
#   bench/run.sh                  # 100,000 demo documents
#   DOCS=1000000 bench/run.sh     # 1,000,000 demo documents
#
# Builds the release binary, loads DOCS synthetic documents into a fresh SQLite data dir under
# bench/tmp/, starts the server on 127.0.0.1:18080 and measures with wrk (2 threads,
# 64 connections, gzip accepted): a document page, the first catalog page and a catalog page
# deep in the keyset listing. The same document page, fetched once and served pre-compressed by
# nginx (gzip_static, 127.0.0.1:18081), is the reference. Prints a markdown section with the
# figures and appends it to BENCHMARKS.md.
#
# Environment: DOCS (default 100000), DURATION (wrk duration, default 15s), DEEP_PAGES (API pages
# followed to find the deep listing cursor, default 50).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

DOCS=${DOCS:-100000}
DURATION=${DURATION:-15s}
DEEP_PAGES=${DEEP_PAGES:-50}
GK_ADDR=127.0.0.1:18080
NGINX_ADDR=127.0.0.1:18081
GK=http://$GK_ADDR
NGINX=http://$NGINX_ADDR
WRK_ARGS=(-t2 -c64 "-d$DURATION" --latency -H 'Accept-Encoding: gzip')
WRK_SHOWN="wrk -t2 -c64 -d$DURATION --latency -H 'Accept-Encoding: gzip'"

tmp=$root/bench/tmp
bin=$root/target/release/gongkai
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
# The benchmark uses its own SQLite data dir only.
unset GONGKAI_DATA_DIR GONGKAI_DATABASE_URL GONGKAI_CONFIG GONGKAI_BIND

[[ $DOCS =~ ^[0-9]+$ ]] || { echo "DOCS must be a number, got '$DOCS'" >&2; exit 2; }
[[ $DEEP_PAGES =~ ^[0-9]+$ ]] || { echo "DEEP_PAGES must be a number" >&2; exit 2; }

header() { echo; echo "=== $* ==="; }
die() { echo "bench: $*" >&2; exit 1; }

server_pid=
nginx_pid=
cleanup() {
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
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

# Milliseconds from a wrk latency figure: 850.00us, 1.23ms, 1.02s, 2.00m.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else { printf "?" }
    }'
}

header "Packages: wrk, nginx"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "wrk and nginx are installed"
fi

# The code measured: what the build below compiles.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null || true)
[[ -z $dirty ]] || commit="$commit + uncommitted changes"

header "Build: cargo build --release --workspace --bins"
cargo build --release --workspace --bins
[[ -x $bin ]] || die "$bin was not built"

if curl -fsS -o /dev/null "$GK/healthz" 2>/dev/null; then
    die "something already answers on $GK_ADDR; stop it first"
fi
if curl -sS -o /dev/null "$NGINX/" 2>/dev/null; then
    die "something already answers on $NGINX_ADDR; stop it first"
fi

header "Demo data: $DOCS documents"
rm -rf "$tmp"
mkdir -p "$tmp/www"
t0=$(date +%s.%N)
if ! "$bin" --data-dir bench/tmp/data demo-data --docs "$DOCS" >"$tmp/demo-data.log" 2>&1; then
    cat "$tmp/demo-data.log" >&2
    die "demo-data failed"
fi
t1=$(date +%s.%N)
tail -n 1 "$tmp/demo-data.log"
load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
load_rate=$(awk -v a="$t0" -v b="$t1" -v n="$DOCS" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "$DOCS documents in $load_s s ($load_rate docs/s)"
db_size=$(du -sh "$tmp/data" | cut -f 1)

header "Server: gongkai serve --bind $GK_ADDR"
"$bin" --data-dir bench/tmp/data serve --bind "$GK_ADDR" >"$tmp/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
    curl -fsS -o /dev/null "$GK/healthz" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; die "the server exited"; }
    sleep 0.2
done
curl -fsS "$GK/healthz" >/dev/null || { cat "$tmp/serve.log" >&2; die "no answer from $GK/healthz after 120 s"; }
echo "ready (pid $server_pid)"

header "Pages"
api_first=$(curl -fsS "$GK/api/v1/documents") || die "GET /api/v1/documents failed"
doc_path=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["url"])' <<<"$api_first") ||
    die "cannot read items[0].url from /api/v1/documents: ${api_first:0:300}"
# Follow the keyset cursor DEEP_PAGES pages down the API listing; the HTML listing takes it too.
cursor=
skipped=0
for ((i = 1; i <= DEEP_PAGES; i++)); do
    page=$(curl -fsS "$GK/api/v1/documents${cursor:+?after=$cursor}") || die "GET /api/v1/documents?after=$cursor failed"
    read -r n cursor < <(python3 -c '
import json, sys, urllib.parse
d = json.load(sys.stdin)
n = d.get("next")
print(len(d["items"]), urllib.parse.quote(n, safe="") if n else "")' <<<"$page") || die "cannot parse API page $i"
    skipped=$((skipped + n))
    [[ -n $cursor ]] || die "the listing ended after $i pages ($skipped documents): no deep page"
done
deep_path="/catalog?after=$cursor"

targets=(doc catalog deep nginx)
declare -A label path url
label[doc]="gongkai: document page"
label[catalog]="gongkai: catalog, first page"
label[deep]="gongkai: catalog, after $skipped documents"
label[nginx]="nginx: same document page, gzip_static"
path[doc]=$doc_path
path[catalog]=/catalog
path[deep]=$deep_path
path[nginx]=/doc.html
for t in doc catalog deep; do url[$t]=$GK${path[$t]}; done
url[nginx]=$NGINX${path[nginx]}

# Status, Content-Encoding and size of one response, with gzip accepted.
declare -A bytes encoding
probe() {
    local t=$1 status
    status=$(curl -sS -o "$tmp/probe-$t.body" -D "$tmp/probe-$t.headers" -w '%{http_code}' \
        -H 'Accept-Encoding: gzip' "${url[$t]}") || die "GET ${url[$t]} failed"
    [[ $status == 200 ]] || die "GET ${url[$t]} answered $status, not 200 (headers in $tmp/probe-$t.headers)"
    bytes[$t]=$(stat -c %s "$tmp/probe-$t.body")
    encoding[$t]=$(awk -F': *' 'tolower($1) == "content-encoding" { sub(/\r$/, "", $2); print $2 }' \
        "$tmp/probe-$t.headers")
    encoding[$t]=${encoding[$t]:-identity}
    printf '%-45s %s  %s bytes, %s\n' "${label[$t]}" "${url[$t]}" "${bytes[$t]}" "${encoding[$t]}"
}
for t in doc catalog deep; do probe "$t"; done

header "nginx: $NGINX_ADDR serving the document page pre-compressed"
curl -fsS -H 'Accept-Encoding: gzip' "${url[doc]}" -o "$tmp/www/doc.html.gz"
curl -fsS "${url[doc]}" -o "$tmp/www/doc.html"
notes=()
if [[ $(head -c 2 "$tmp/www/doc.html.gz" | od -An -tx1 | tr -d ' \n') != 1f8b ]]; then
    notes+=("gongkai did not gzip the document page; nginx serves a copy compressed by gzip -6.")
    echo "WARNING: ${notes[-1]}" >&2
    gzip -6 -c "$tmp/www/doc.html" >"$tmp/www/doc.html.gz"
fi
touch -r "$tmp/www/doc.html" "$tmp/www/doc.html.gz"
nginx_user=
((EUID == 0)) && nginx_user="user root;"
cat >"$tmp/nginx.conf" <<EOF
# Generated by bench/run.sh.
$nginx_user
daemon off;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx-client-body;
    proxy_temp_path $tmp/nginx-proxy;
    fastcgi_temp_path $tmp/nginx-fastcgi;
    uwsgi_temp_path $tmp/nginx-uwsgi;
    scgi_temp_path $tmp/nginx-scgi;
    gzip_static on;
    server {
        listen $NGINX_ADDR;
        root $tmp/www;
    }
}
EOF
nginx -p "$tmp/" -c "$tmp/nginx.conf" -t 2>"$tmp/nginx-test.log" || { cat "$tmp/nginx-test.log" >&2; die "bad nginx config"; }
nginx -p "$tmp/" -c "$tmp/nginx.conf" 2>>"$tmp/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 50); do
    curl -fsS -o /dev/null "$NGINX/doc.html" 2>/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx-error.log" >&2; die "nginx exited"; }
    sleep 0.2
done
probe nginx
[[ ${encoding[nginx]} == gzip ]] || die "nginx did not serve doc.html.gz (Content-Encoding: ${encoding[nginx]})"

declare -A rps p50 p99 requests errors
for t in "${targets[@]}"; do
    header "$WRK_SHOWN ${url[$t]}"
    out=$tmp/wrk-$t.txt
    wrk "${WRK_ARGS[@]}" "${url[$t]}" | tee "$out"
    rps[$t]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50[$t]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99[$t]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    requests[$t]=$(awk '/ requests in / { print $1 }' "$out")
    errors[$t]=$(awk '/Non-2xx or 3xx responses:|Socket errors:/ { sub(/^ +/, ""); printf "%s%s", sep, $0; sep = "; " }' "$out")
    [[ -n ${rps[$t]} ]] || die "cannot read Requests/sec from $out"
done
server_rss_mb=$(ps -o rss= -p "$server_pid" | awk '{ printf "%.0f", $1 / 1024 }')

header "Report"
ratio=$(awk -v a="${rps[doc]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.1f", 100 * a / b }')
ratio_ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 50) ? "yes" : "no" }')
p99_ok=$(awk -v p="${p99[doc]}" 'BEGIN { print (p < 20) ? "yes" : "no" }')
if [[ $ratio_ok == yes && $p99_ok == yes ]]; then verdict="**target met**"; else verdict="**target not met**"; fi

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cpu=${cpu:-unknown CPU}
# shellcheck disable=SC1091
os=$(. /etc/os-release && echo "${PRETTY_NAME:-unknown OS}")
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
rustc_v=$(rustc --version | cut -d ' ' -f 2)
# `wrk --version` prints its version and usage, then exits 1.
wrk_v=$({ wrk --version 2>&1 || true; } | awk 'NR == 1 { print $2 }')
nginx_v=$(nginx -v 2>&1 | sed 's|.*nginx/||')
fmt_docs=$(printf "%'d" "$DOCS" 2>/dev/null || echo "$DOCS")

section=$tmp/section.md
{
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), DOCS=$DOCS"
    echo
    echo "Machine: $(nproc) cores, $cpu, $mem RAM, $os, Linux $(uname -r)."
    echo "Code: commit $commit, rustc $rustc_v; wrk $wrk_v, nginx $nginx_v."
    echo
    echo "Demo data: $fmt_docs documents in $load_s s ($load_rate docs/s); data dir $db_size."
    echo
    echo "| target | req/s | p50 | p99 |"
    echo "|---|---:|---:|---:|"
    for t in "${targets[@]}"; do
        echo "| ${label[$t]} | ${rps[$t]} | ${p50[$t]} ms | ${p99[$t]} ms |"
    done
    echo
    echo "Document page: ${ratio} % of nginx's req/s (target ≥ 50 %: $ratio_ok), p99 ${p99[doc]} ms (target < 20 ms: $p99_ok): $verdict."
    echo
    echo "Details: \`$WRK_SHOWN\`; server RSS after the runs ${server_rss_mb} MB."
    echo
    for t in "${targets[@]}"; do
        echo "- ${label[$t]}: \`${path[$t]}\`, ${bytes[$t]} bytes (${encoding[$t]}), ${requests[$t]} requests${errors[$t]:+, ${errors[$t]}}"
    done
    for n in "${notes[@]}"; do
        echo "- Note: $n"
    done
} >"$section"
cat "$section"

bad=
for t in "${targets[@]}"; do
    [[ ${errors[$t]} == *Non-2xx* ]] && bad+=" ${label[$t]} (${errors[$t]});"
done
[[ -z $bad ]] || die "error responses during the runs:$bad not appended to BENCHMARKS.md (raw output in $tmp)"

if [[ ! -f BENCHMARKS.md ]]; then
    cat >BENCHMARKS.md <<'EOF'
# Benchmarks

Throughput and latency of the public portal, measured by `bench/run.sh` (not run by CI).

## Method

- `cargo build --release --workspace --bins`, then `gongkai demo-data --docs N` into a fresh
  SQLite data dir under `bench/tmp/` (the load rate is recorded too), then
  `gongkai serve --bind 127.0.0.1:18080`.
- `wrk -t2 -c64 -d15s --latency -H 'Accept-Encoding: gzip'` against, in turn: the first document
  of `/api/v1/documents`, the first catalog page `/catalog`, and a deep catalog page
  `/catalog?after=CURSOR`, the keyset cursor reached by following `next` down 50 pages of
  `/api/v1/documents`.
- Reference: the same document page, fetched once with gzip, served pre-compressed by nginx
  (`gzip_static on`, `access_log off`, `worker_processes auto`) on 127.0.0.1:18081 and measured
  with the same wrk command.
- wrk, the server and nginx run on the same machine and share its cores: figures compare the
  server with nginx on the same hardware rather than give absolute capacity.

## Target

The document page, gzip-compressed, at **at least 50 % of nginx's requests per second** for the
same page served statically pre-compressed, with a **p99 latency under 20 ms**.

## Rerun

    bench/run.sh                  # 100,000 documents
    DOCS=1000000 bench/run.sh     # 1,000,000 documents

Each run appends a dated section below. Raw wrk output and logs stay in `bench/tmp/` (ignored by
git).
EOF
fi
{ echo; cat "$section"; } >>BENCHMARKS.md
echo
echo "Appended to BENCHMARKS.md"
