#!/usr/bin/env python3
"""The Python half of bench/search.sh: the query set, the substring ground truth, the three
alternative engines (SQLite FTS5 trigram, PostgreSQL full-text search over jieba-segmented text,
Groonga with TokenBigram) and the markdown report.

Every engine indexes the same text: the published documents of a gongkai SQLite database, title
and body, the body's HTML stripped exactly as gongkai's `body_text` does. Every engine answers the
same queries with the same semantics (space-separated words ANDed, each word a substring of the
title or of the body), and each search is timed as: the exact number of matches plus the top 20
(ids and titles) in the engine's own relevance order. One warm-up run per query, then RUNS timed
runs; a query's latency is the median of its runs; the figures reported are the median and the
p99 of those 200 medians (the same percentile rule as `gongkai search-bench`).

Subcommands (see bench/search.sh for the order they run in):
  queries   make bench/search-queries.txt from a database (fixed seed)
  export    write the published documents' text to a JSON Lines corpus file
  truth     count, per query, the documents that contain every word (plain substring scan)
  sqlite | postgres | groonga   build the engine's index, time it, run the queries
  wrk       turn a wrk --latency output into JSON
  report    a markdown section from the JSON results
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import http.client

# ---------------------------------------------------------------------------------------------
# Shared helpers


def body_text(h: str) -> str:
    """gongkai_core::document::body_text, transcribed: tags become a space, a few entities are
    decoded, whitespace runs collapse to one space."""
    out = []
    in_tag = False
    last_space = False
    for c in h:
        if c == "<":
            in_tag = True
        elif c == ">" and in_tag:
            in_tag = False
            if out and not last_space:
                out.append(" ")
                last_space = True
        elif not in_tag:
            out.append(c)
            last_space = c == " "
    s = "".join(out)
    s = (
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
    )
    return " ".join(s.split())


def percentile(sorted_values, p):
    """As in gongkai's search-bench: nearest rank, rounded half away from zero."""
    if not sorted_values:
        return 0.0
    rank = math.floor(p / 100.0 * (len(sorted_values) - 1) + 0.5)
    return sorted_values[min(rank, len(sorted_values) - 1)]


def summarize(per_query):
    """per_query: list of {"query", "total", "median_ms"} → summary dict."""
    ms = sorted(q["median_ms"] for q in per_query)
    return {
        "queries": len(ms),
        "median_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "mean_ms": sum(ms) / max(len(ms), 1),
        "max_ms": ms[-1] if ms else 0.0,
    }


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def read_corpus(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def time_queries(queries, search, runs):
    """search(words) → (total, hits). One warm-up, then `runs` timed runs per query."""
    results = []
    for q in queries:
        words = q.split()
        total, _ = search(words)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            search(words)
            times.append((time.perf_counter() - t0) * 1000.0)
        times.sort()
        results.append({"query": q, "total": total, "median_ms": percentile(times, 50)})
    return results


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Queries

CJK = re.compile(r"^[\u4e00-\u9fff]+$")
STOP = set(
    """关于 有关 以及 进行 其中 通过 我们 一是 二是 三是 四是 五是 六是 相关 为了 对于 按照 根据
    以上 以下 如下 之一 这些 那些 有的 并且 或者 可以 应当 不得 及其 等等 不断 一些 各项 各类""".split()
)


def good_word(w):
    return len(w) >= 2 and CJK.match(w) is not None and w not in STOP


def cmd_queries(a):
    import jieba

    jieba.setLogLevel(60)
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE status='published' ORDER BY id")]
    rng = random.Random(a.seed)
    # 45 % one word, 35 % two words, 20 % three words.
    plan = [1] * (a.n * 45 // 100) + [2] * (a.n * 35 // 100)
    plan += [3] * (a.n - len(plan))
    rng.shuffle(plan)
    chosen, seen = [], set()
    for n in plan:
        for _attempt in range(1000):
            doc_id = rng.choice(ids)
            title, body = db.execute(
                "SELECT title, body_html FROM documents WHERE id=?", (doc_id,)
            ).fetchone()
            text = title if rng.random() < 0.3 else body_text(body)
            words = jieba.lcut(text, HMM=False)
            starts = [
                i for i in range(len(words) - n + 1) if all(good_word(w) for w in words[i : i + n])
            ]
            if not starts:
                continue
            i = rng.choice(starts)
            q = " ".join(words[i : i + n])
            if q in seen:
                continue
            seen.add(q)
            chosen.append(q)
            break
        else:
            raise SystemExit(f"could not find a {n}-word query")
    with open(a.out, "w", encoding="utf-8") as f:
        for q in chosen:
            f.write(q + "\n")
    lengths = {}
    for q in chosen:
        lengths[len(q.split())] = lengths.get(len(q.split()), 0) + 1
    two_char = sum(1 for q in chosen for w in q.split() if len(w) == 2)
    log(f"{len(chosen)} queries ({lengths}), {two_char} two-character words → {a.out}")


# ---------------------------------------------------------------------------------------------
# Corpus and ground truth


def cmd_export(a):
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for doc_id, title, body in db.execute(
            "SELECT id, title, body_html FROM documents WHERE status='published' ORDER BY id"
        ):
            f.write(
                json.dumps({"id": doc_id, "title": title, "body": body_text(body)}, ensure_ascii=False)
            )
            f.write("\n")
            n += 1
    log(f"{n} published documents → {a.out}")


def cmd_truth(a):
    queries = read_queries(a.queries)
    split = [q.split() for q in queries]
    counts = [0] * len(queries)
    n = 0
    for d in read_corpus(a.corpus):
        text = d["title"] + "\n" + d["body"]
        n += 1
        for k, words in enumerate(split):
            if all(w in text for w in words):
                counts[k] += 1
    write_json(a.out, {"documents": n, "totals": dict(zip(queries, counts))})
    log(f"substring scan over {n} documents: {sum(1 for c in counts if c == 0)} queries without a hit")


# ---------------------------------------------------------------------------------------------
# SQLite FTS5, trigram tokenizer


def cmd_sqlite(a):
    queries = read_queries(a.queries)
    os.makedirs(a.workdir, exist_ok=True)
    path = os.path.join(a.workdir, "fts5.db")
    for p in (path, path + "-wal", path + "-journal"):
        if os.path.exists(p):
            os.remove(p)
    version = sqlite3.sqlite_version
    assert tuple(map(int, version.split("."))) >= (3, 34, 0), f"SQLite {version} has no trigram"
    docs = list(read_corpus(a.corpus))
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='trigram')")
    t0 = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
            ((d["id"], d["title"], d["body"]) for d in docs),
        )
    t1 = time.perf_counter()
    with db:
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    t2 = time.perf_counter()
    del docs
    db.close()
    size = os.path.getsize(path)
    db = sqlite3.connect(path)

    def where(words):
        """A word of three characters or more goes through the trigram index (MATCH, a phrase
        of its trigrams: a substring match); a shorter one cannot and falls back to LIKE."""
        phrases = ['"' + w.replace('"', '""') + '"' for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        clauses, params = [], []
        if phrases:
            clauses.append("fts MATCH ?")
            params.append(" AND ".join(phrases))
        for w in short:
            clauses.append("(title LIKE ? OR body LIKE ?)")
            params += [f"%{w}%", f"%{w}%"]
        return " AND ".join(clauses), params, bool(phrases)

    def search(words):
        w, params, ranked = where(words)
        total = db.execute(f"SELECT count(*) FROM fts WHERE {w}", params).fetchone()[0]
        order = "ORDER BY rank" if ranked else "ORDER BY rowid DESC"
        hits = db.execute(f"SELECT rowid, title FROM fts WHERE {w} {order} LIMIT 20", params).fetchall()
        return total, hits

    per_query = time_queries(queries, search, a.runs)
    result = {
        "engine": "sqlite-fts5-trigram",
        "version": f"SQLite {version}",
        "build_s": t2 - t0,
        "build_detail": f"insert {t1 - t0:.1f} s + optimize {t2 - t1:.1f} s",
        "index_bytes": size,
        "size_note": "database file, text included",
        "per_query": per_query,
        **summarize(per_query),
    }
    write_json(a.out, result)
    log(f"sqlite: build {t2 - t0:.1f} s, median {result['median_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms")


# ---------------------------------------------------------------------------------------------
# PostgreSQL full-text search over jieba-segmented text


PG_DB = "gongkai_bench"


def pg_connect(dbname):
    import psycopg2

    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=int(os.environ.get("PGPORT", "5432")),
        user=os.environ.get("PGUSER", "postgres"),
        dbname=dbname,
    )


def segment(text, jieba):
    return " ".join(t for t in jieba.cut_for_search(text) if t.strip())


def cmd_postgres(a):
    import io
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    queries = read_queries(a.queries)
    admin = pg_connect("postgres")
    admin.autocommit = True
    with admin.cursor() as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        c.execute(f"CREATE DATABASE {PG_DB}")
        c.execute("SELECT version()")
        version = c.fetchone()[0].split(" on ")[0]
    try:
        conn = pg_connect(PG_DB)
        cur = conn.cursor()
        cur.execute(
            """CREATE TABLE docs (
                id bigint PRIMARY KEY,
                title text NOT NULL,
                title_seg text NOT NULL,
                body_seg text NOT NULL,
                tsv tsvector GENERATED ALWAYS AS
                    (setweight(to_tsvector('simple', title_seg), 'A')
                     || to_tsvector('simple', body_seg)) STORED
            )"""
        )
        conn.commit()

        # Segmentation by the application (jieba, search mode), timed on its own.
        t0 = time.perf_counter()
        buf = io.StringIO()

        def esc(s):
            return s.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")

        n = 0
        for d in read_corpus(a.corpus):
            buf.write(
                f"{d['id']}\t{esc(d['title'])}\t{esc(segment(d['title'], jieba))}\t{esc(segment(d['body'], jieba))}\n"
            )
            n += 1
        t1 = time.perf_counter()
        buf.seek(0)
        cur.copy_expert("COPY docs (id, title, title_seg, body_seg) FROM STDIN", buf)
        conn.commit()
        del buf
        t2 = time.perf_counter()
        cur.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
        conn.commit()
        t3 = time.perf_counter()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE docs")
        t4 = time.perf_counter()
        cur.execute("SELECT pg_relation_size('docs_tsv'), pg_total_relation_size('docs')")
        gin_bytes, total_bytes = cur.fetchone()
        # JIT compilation costs tens of ms on these short queries and gains nothing.
        cur.execute("SET jit = off")

        def tsquery_text(words):
            toks = []
            for w in words:
                toks += [t for t in jieba.cut(w) if t.strip()]
            return " ".join(toks)

        def search(words):
            q = tsquery_text(words)
            cur.execute(
                "SELECT count(*) FROM docs WHERE tsv @@ plainto_tsquery('simple', %s)", (q,)
            )
            total = cur.fetchone()[0]
            cur.execute(
                """SELECT id, title FROM docs, plainto_tsquery('simple', %s) q
                   WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20""",
                (q,),
            )
            return total, cur.fetchall()

        per_query = time_queries(queries, search, a.runs)
        for pq in per_query:
            pq["tsquery"] = tsquery_text(pq["query"].split())
        conn.close()
    finally:
        if not a.keep:
            with admin.cursor() as c:
                c.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin.close()
    result = {
        "engine": "postgres-jieba",
        "version": version,
        "build_s": t4 - t0,
        "build_detail": (
            f"jieba segmentation {t1 - t0:.1f} s + COPY {t2 - t1:.1f} s + GIN index {t3 - t2:.1f} s"
            f" + VACUUM ANALYZE {t4 - t3:.1f} s"
        ),
        "build_db_s": t4 - t1,
        "index_bytes": total_bytes,
        "gin_bytes": gin_bytes,
        "size_note": f"table with segmented text, tsvector and indexes; the GIN index alone {gin_bytes / 1e6:.0f} MB",
        "per_query": per_query,
        **summarize(per_query),
    }
    write_json(a.out, result)
    log(f"postgres: build {t4 - t0:.1f} s ({result['build_detail']}), median {result['median_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms")


# ---------------------------------------------------------------------------------------------
# Groonga, TokenBigram


def groonga_escape(w):
    return '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cmd_groonga(a):
    queries = read_queries(a.queries)
    gdir = os.path.join(a.workdir, "groonga")
    shutil.rmtree(gdir, ignore_errors=True)
    os.makedirs(gdir)
    db = os.path.join(gdir, "db")
    version = subprocess.run(["groonga", "--version"], capture_output=True, text=True).stdout.split("\n")[0]

    def groonga(stdin_path=None, args=()):
        with open(stdin_path or os.devnull, "rb") as stdin:
            r = subprocess.run(["groonga", db, *args], stdin=stdin, capture_output=True)
        if r.returncode != 0:
            raise SystemExit(f"groonga {args}: exit {r.returncode}: {r.stderr[-2000:]!r}")
        return r.stdout.decode()

    subprocess.run(["groonga", "-n", db, "status"], check=True, capture_output=True)
    groonga(
        args=(),
        stdin_path=_write(
            os.path.join(a.workdir, "groonga-schema.grn"),
            "table_create Docs TABLE_HASH_KEY UInt32\n"
            "column_create Docs title COLUMN_SCALAR ShortText\n"
            "column_create Docs body COLUMN_SCALAR LongText\n",
        ),
    )
    load = os.path.join(a.workdir, "groonga-load.grn")
    n = 0
    with open(load, "w", encoding="utf-8") as f:
        f.write("load --table Docs\n[\n")
        for d in read_corpus(a.corpus):
            if n:
                f.write(",\n")
            f.write(json.dumps({"_key": d["id"], "title": d["title"], "body": d["body"]}, ensure_ascii=False))
            n += 1
        f.write("\n]\n")
    t0 = time.perf_counter()
    out = groonga(stdin_path=load)
    t1 = time.perf_counter()
    loaded = json.loads(out.strip().splitlines()[-1])[1]
    if loaded != n:
        raise SystemExit(f"groonga loaded {loaded} of {n} documents: {out[-500:]}")
    os.remove(load)
    # The index built after the load (static index construction: Groonga's fastest way).
    groonga(
        stdin_path=_write(
            os.path.join(a.workdir, "groonga-index.grn"),
            "table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram"
            " --normalizer NormalizerAuto\n"
            "column_create Terms docs_index COLUMN_INDEX|WITH_POSITION|WITH_SECTION Docs title,body\n",
        )
    )
    t2 = time.perf_counter()
    size = dir_bytes(gdir)

    port = a.port
    server = subprocess.Popen(
        ["groonga", "-s", "--protocol", "http", "--bind-address", "127.0.0.1", "--port", str(port), db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        conn = None
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/d/status")
                conn.getresponse().read()
                break
            except OSError:
                conn = None
                time.sleep(0.1)
        if conn is None:
            raise SystemExit("groonga server did not start")
        server_ms = {}

        def search(words):
            params = urllib.parse.urlencode(
                {
                    "table": "Docs",
                    "match_columns": "title * 6 || body",
                    "query": " ".join(groonga_escape(w) for w in words),
                    "sort_keys": "-_score",
                    "output_columns": "_key,title",
                    "limit": "20",
                    # Groonga caches select results by default: every run must do the work.
                    "cache": "no",
                }
            )
            conn.request("GET", "/d/select?" + params)
            body = conn.getresponse().read()
            r = json.loads(body)
            header = r[0]
            if header[0] != 0:
                raise SystemExit(f"groonga select {words}: {header}")
            server_ms.setdefault(" ".join(words), []).append(header[2] * 1000.0)
            res = r[1][0]
            return res[0][0], res[2:]

        per_query = time_queries(queries, search, a.runs)
        for pq in per_query:
            t = sorted(server_ms[pq["query"]][1:])  # the warm-up run left out
            pq["server_median_ms"] = percentile(t, 50)
        server_sorted = sorted(pq["server_median_ms"] for pq in per_query)
        rss_kb = _rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "engine": "groonga-bigram",
        "version": version,
        "build_s": t2 - t0,
        "build_detail": f"load {t1 - t0:.1f} s + index {t2 - t1:.1f} s",
        "index_bytes": size,
        "size_note": "database directory, text included",
        "server_median_ms": percentile(server_sorted, 50),
        "server_p99_ms": percentile(server_sorted, 99),
        "server_rss_kb": rss_kb,
        "per_query": per_query,
        **summarize(per_query),
    }
    write_json(a.out, result)
    log(
        f"groonga: build {t2 - t0:.1f} s ({result['build_detail']}), client median {result['median_ms']:.2f} ms,"
        f" p99 {result['p99_ms']:.2f} ms; server median {result['server_median_ms']:.2f} ms,"
        f" p99 {result['server_p99_ms']:.2f} ms"
    )


def _write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def _rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------------------------
# wrk output


def to_ms(v):
    m = re.match(r"^([\d.]+)(us|ms|s|m)$", v)
    if not m:
        return None
    x, unit = float(m.group(1)), m.group(2)
    return x * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(text):
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else None
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms"), ("90", "p90_ms")):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        out[key] = to_ms(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", text)
    out["socket_errors"] = m.group(1).strip() if m else None
    return out


def cmd_wrk(a):
    with open(a.input, encoding="utf-8") as f:
        write_json(a.out, parse_wrk(f.read()))


# ---------------------------------------------------------------------------------------------
# Report


def load(path):
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return None


def fmt_s(s):
    return f"{s:.1f} s" if s is not None else "–"


def fmt_mb(b):
    return f"{b / 1e6:.0f} MB" if b is not None else "–"


def fmt_ms(x):
    if x is None:
        return "–"
    return f"{x:.3f} ms" if x < 10 else f"{x:.1f} ms"


def fewer(result, truth):
    """Queries where the engine counts fewer documents than the substring scan, with examples."""
    if not result or not truth:
        return None, []
    t = truth["totals"]
    bad = [
        (q["query"], q["total"], t[q["query"]])
        for q in result["per_query"]
        if q["query"] in t and q["total"] < t[q["query"]]
    ]
    return len(bad), bad


def gk_rate(gk, published):
    """`gongkai reindex` indexes every document (drafts too); the others index the published."""
    try:
        n = int(gk.get("indexed"))
    except (TypeError, ValueError):
        n = published
    return n / gk["build_s"] if gk.get("build_s") else None


def cmd_report(a):
    r = a.results
    meta = load(os.path.join(r, "meta.json")) or {}
    truth = load(os.path.join(r, "truth.json"))
    gk = load(os.path.join(r, "gongkai.json"))
    engines = [
        ("gongkai (tantivy, bigrams)", gk),
        ("SQLite FTS5 trigram (+ LIKE for words < 3 chars)", load(os.path.join(r, "sqlite.json"))),
        ("PostgreSQL FTS, jieba-segmented, GIN", load(os.path.join(r, "postgres.json"))),
        ("Groonga TokenBigram", load(os.path.join(r, "groonga.json"))),
    ]
    http_ = load(os.path.join(r, "wrk.json"))
    docs = meta.get("docs")
    published = truth["documents"] if truth else meta.get("published")
    L = []
    L.append(f"## {meta.get('date', '?')}, search, DOCS={docs}")
    L.append("")
    L.append(
        f"Machine: {meta.get('nproc', '?')} cores, {meta.get('cpu', '?')}, {meta.get('mem', '?')}; "
        f"{meta.get('os', '?')}. Code: commit {meta.get('commit', '?')}."
    )
    L.append(
        f"Corpus: {docs} demo documents, {published} of them published (what every engine indexes and "
        f"searches: title and body text). {len(gk['per_query']) if gk else '?'} queries from "
        "`bench/search-queries.txt`; each timed as exact count + top 20 by relevance, "
        f"one warm-up then {meta.get('runs', '?')} runs, a query's latency = median of its runs."
    )
    L.append("")
    L.append(
        "| engine | build time | index size | median | p99 | queries with fewer hits than substring scan |"
    )
    L.append("|---|---:|---:|---:|---:|---:|")
    for name, e in engines:
        if not e:
            continue
        nf, _ = fewer(e, truth)
        extra = ""
        if e.get("server_p99_ms") is not None:
            extra = f" (server {fmt_ms(e['server_median_ms'])})"
        p99extra = f" (server {fmt_ms(e['server_p99_ms'])})" if e.get("server_p99_ms") is not None else ""
        L.append(
            f"| {name} | {fmt_s(e.get('build_s'))} | {fmt_mb(e.get('index_bytes'))} | "
            f"{fmt_ms(e['median_ms'])}{extra} | {fmt_ms(e['p99_ms'])}{p99extra} | "
            f"{nf if nf is not None else '–'} |"
        )
    L.append("")
    L.append("Build details:")
    L.append("")
    for name, e in engines:
        if e and (e.get("build_detail") or e.get("size_note")):
            version = f"; {e['version']}" if e.get("version") else ""
            L.append(f"- {name}: {e.get('build_detail', '')}; size: {e.get('size_note', '')}{version}")
    if gk:
        rate = gk_rate(gk, published)
        L.append(
            f"- gongkai: `gongkai reindex` indexed {gk.get('indexed', '?')} documents"
            + (f" ({rate:.0f} docs/s)" if rate else "")
            + f"; demo data loaded in {fmt_s(meta.get('demo_s'))}."
        )
    if gk and gk.get("first_run_median_ms") is not None:
        L.append(
            f"- gongkai, each query's first run (its words' clause sets not cached yet; the table's "
            f"figures are the later runs): median {fmt_ms(gk['first_run_median_ms'])}, "
            f"p99 {fmt_ms(gk['first_run_p99_ms'])}."
        )
    L.append("")
    if http_:
        L.append(
            f"HTTP search page (`{meta.get('wrk_cmd', 'wrk')}`, rotating through the queries, each "
            "request a new query string so that the page cache never answers"
            + (f"; after a warm-up of one request per query, {meta['warm_s']} s" if meta.get("warm_s") else "")
            + "): "
            f"**{http_['rps']:.0f} req/s, p50 {fmt_ms(http_['p50_ms'])}, p99 {fmt_ms(http_['p99_ms'])}**"
            f" ({http_['requests']} requests, non-2xx {http_['non2xx']}"
            + (f", socket errors {http_['socket_errors']}" if http_.get("socket_errors") else "")
            + f"); server RSS after the run **{meta.get('rss_kb', 0) / 1024:.0f} MiB**"
            + (
                f" ({meta['rss_anon_kb'] / 1024:.0f} MiB anonymous, {meta['rss_file_kb'] / 1024:.0f} MiB mapped index files)"
                if meta.get("rss_anon_kb") is not None and meta.get("rss_file_kb") is not None
                else ""
            )
            + (f" (before the run, after startup and one probe: {meta['rss_idle_kb'] / 1024:.0f} MiB)" if meta.get("rss_idle_kb") else "")
            + "."
        )
        L.append("")
    quiet = os.path.join(r, "quiet.log")
    if os.path.exists(quiet):
        with open(quiet, encoding="utf-8") as f:
            steps = [l.strip() for l in f if l.strip()]
        if steps:
            L.append(
                "Machine state before each timed step (other people's jobs share the 2 cores): "
                + "; ".join(steps)
                + "."
            )
            L.append("")
    # Recall details: the queries where an engine found fewer than the substring scan.
    for name, e in engines:
        nf, bad = fewer(e, truth)
        if nf:
            ex = "; ".join(f"`{q}` {got} vs {want}" for q, got, want in bad[:a.examples])
            L.append(f"Fewer hits, {name}: {ex}{' …' if nf > a.examples else ''}")
            L.append("")
    # Targets.
    groonga = engines[3][1]
    if gk:
        T = []
        T.append(f"gongkai median {fmt_ms(gk['median_ms'])} (target ≤ 1 ms: {'met' if gk['median_ms'] <= 1 else 'not met'})")
        if groonga:
            g99 = groonga.get("server_p99_ms", groonga["p99_ms"])
            ratio = gk["p99_ms"] / g99 if g99 else None
            T.append(
                f"gongkai p99 {fmt_ms(gk['p99_ms'])} vs Groonga's p99 {fmt_ms(g99)} (its own server-side time; "
                f"{fmt_ms(groonga['p99_ms'])} measured by the client), ratio {ratio:.2f} "
                f"(target ≤ 0.10: {'met' if ratio is not None and ratio <= 0.10 else 'not met'})"
            )
            gr = published / groonga["build_s"]
            kr = gk_rate(gk, published)
            T.append(
                f"index build rate gongkai {kr:.0f} docs/s vs Groonga {gr:.0f} docs/s = {kr / gr:.2f}× "
                f"(target ≥ 2.5×: {'met' if kr / gr >= 2.5 else 'not met'})"
            )
        if http_:
            big = (docs or 0) >= 1_000_000
            T.append(
                f"HTTP search page p99 {fmt_ms(http_['p99_ms'])} at -c16 "
                + (
                    f"(target < 30 ms at 1M: {'met' if http_['p99_ms'] < 30 else 'not met'})"
                    if big
                    else "(target < 30 ms is stated at 1M; at this size: "
                    + ("under" if http_["p99_ms"] < 30 else "over")
                    + ")"
                )
            )
            rss_mb = meta.get("rss_kb", 0) / 1024
            T.append(
                f"RSS {rss_mb:.0f} MiB = {meta.get('rss_kb', 0) * 1024 / 1e9:.2f} GB "
                + (
                    f"(target < 1 GB at 1M: {'met' if meta.get('rss_kb', 0) * 1024 < 1e9 else 'not met'} counting 1 GB = 10⁹ bytes,"
                    f" {'met' if rss_mb < 1024 else 'not met'} counting 1 GiB)"
                    if big
                    else "(target < 1 GB is stated at 1M; at this size: " + ("under" if rss_mb < 1024 else "over") + ")"
                )
            )
        L.append("Targets: " + "; ".join(T) + ".")
        L.append("")
    text = "\n".join(L) + "\n"
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)


# ---------------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("queries")
    s.add_argument("--db", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--n", type=int, default=200)
    s.add_argument("--seed", type=int, default=20261122)
    s.set_defaults(fn=cmd_queries)
    s = sub.add_parser("export")
    s.add_argument("--db", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(fn=cmd_export)
    s = sub.add_parser("truth")
    s.add_argument("--corpus", required=True)
    s.add_argument("--queries", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(fn=cmd_truth)
    for name, fn in (("sqlite", cmd_sqlite), ("postgres", cmd_postgres), ("groonga", cmd_groonga)):
        s = sub.add_parser(name)
        s.add_argument("--corpus", required=True)
        s.add_argument("--queries", required=True)
        s.add_argument("--workdir", required=True)
        s.add_argument("--out", required=True)
        s.add_argument("--runs", type=int, default=5)
        s.add_argument("--port", type=int, default=10041)
        s.add_argument("--keep", action="store_true", help="postgres: keep the database")
        s.set_defaults(fn=fn)
    s = sub.add_parser("wrk")
    s.add_argument("--input", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(fn=cmd_wrk)
    s = sub.add_parser("report")
    s.add_argument("--results", required=True)
    s.add_argument("--out")
    s.add_argument("--examples", type=int, default=5)
    s.set_defaults(fn=cmd_report)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
