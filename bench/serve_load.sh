#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Load benchmark of `hallmark serve` (not a test): wrk posts the 16 example assessments
# (examples/assessments/*.json, in turn) to POST /api/v1/evaluate?methodology=ECEI, and
# the same decisions are made by one `hallmark eval` process per request, one at a time
# and two at a time. Prints a Markdown table, writes it with the machine and the command
# to build/bench-results/serve_load.md, and puts that section into BENCHMARKS.md
# ("Decision service (hallmark serve)"; bench/report.py keeps it when it regenerates).
#
#   bench/serve_load.sh                          200 connections, 30 s, 2 wrk threads
#   CONNECTIONS=50 DURATION=10s bench/serve_load.sh
#   THREADS=16 bench/serve_load.sh               the service's --threads (default: its own)
#   N=200 bench/serve_load.sh                    `hallmark eval` runs per comparison
#   NO_BUILD=1 BUILD_DIR=build bench/serve_load.sh   use the hallmark already built there
#   BEFORE=/tmp/hallmark-old BEFORE_LABEL="as on main" bench/serve_load.sh
#                                                also load another build's service, a row of its own
set -eu
cd "$(dirname "$0")/.."
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

scripts/install_packages.sh wrk curl

build=${BUILD_DIR:-build}
if [ -z "${NO_BUILD:-}" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  cmake --build "$build" -j2 --target hallmark_cli
fi
cli="$build/hallmark"
[ -x "$cli" ] || { echo "no $cli; build hallmark_cli first" >&2; exit 2; }
out=$build/bench-results
mkdir -p "$out"
tmp=$(mktemp -d)
pid=""
# SIGTERM, then SIGKILL after 10 s (a SIGTERM that comes while the service is starting
# can be lost: see the report of this benchmark).
stop_service() {
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "hallmark serve did not stop on SIGTERM within 10 s; killed" >&2
    kill -9 "$pid"
  fi
  wait "$pid" || true
}
cleanup() {
  [ -n "$pid" ] && stop_service
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

connections=${CONNECTIONS:-200}
duration=${DURATION:-30s}
wrk_threads=${WRK_THREADS:-2}
n=${N:-200}
files=$(ls examples/assessments/*.json)
count=$(echo "$files" | wc -l)

# The kernel's count of connections dropped because a listen queue was full (for the
# whole network namespace: other programs' sockets count too).
overflows() {
  awk '/^TcpExt:/ { if (!h) { split($0, n); h = 1 } else { split($0, v); for (i = 1; i <= NF; i++) if (n[i] == "ListenOverflows") print v[i] } }' /proc/net/netstat 2>/dev/null || echo 0
}

# load_run BINARY TAG: `BINARY serve` on a free port, without a log (evaluate records
# nothing), under wrk; leaves $tmp/wrk-TAG.txt and $tmp/info-TAG.txt.
threads_opt=""
[ -n "${THREADS:-}" ] && threads_opt="--threads $THREADS"
load_run() {
  bin=$1 tag=$2
  : >"$tmp/serve.out"
  # shellcheck disable=SC2086
  "$bin" serve --rules-dir rules --listen 127.0.0.1:0 $threads_opt >"$tmp/serve.out" 2>"$tmp/serve-$tag.err" &
  pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|^hallmark serve: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "$bin serve did not start:" >&2; cat "$tmp/serve-$tag.err" >&2; exit 2; }
  url="http://127.0.0.1:$port"
  # Every answer is the decision `hallmark eval` prints, byte for byte.
  for f in $files; do
    "$cli" eval --methodology ECEI --rules-dir rules --format json "$f" >"$tmp/eval.json" || true
    curl -sS -o "$tmp/http.json" -H 'Content-Type: application/json' --data-binary "@$f" \
      "$url/api/v1/evaluate?methodology=ECEI"
    cmp -s "$tmp/eval.json" "$tmp/http.json" || { echo "$bin serve answers $f differently from hallmark eval" >&2; exit 1; }
  done
  before=$(overflows)
  load_before=$(uptime | sed 's/.*load average: //')
  echo "== $bin serve ${threads_opt}"
  # shellcheck disable=SC2086
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s bench/serve_load.lua "$url" -- $files \
    | tee "$tmp/wrk-$tag.txt"
  load_after=$(uptime | sed 's/.*load average: //')
  dropped=$(($(overflows) - before))
  echo "listen queue overflows during the wrk run: $dropped"
  grep -q '^serve_load:' "$tmp/wrk-$tag.txt" || { echo "wrk printed no summary" >&2; exit 1; }
  {
    echo "threads $(ls "/proc/$pid/task" | wc -l)"
    echo "load $load_before before wrk, $load_after after it"
    echo "dropped $dropped"
    echo "sockets $(grep -i 'socket errors' "$tmp/wrk-$tag.txt" | sed 's/^ *//' || true)"
    echo "non2xx $(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$tmp/wrk-$tag.txt")"
  } >"$tmp/info-$tag.txt"
  stop_service
  pid=""
  if [ -s "$tmp/serve-$tag.err" ]; then
    echo "the service's error output:" >&2
    head -20 "$tmp/serve-$tag.err" >&2
  fi
}

load_run "$cli" main
[ -n "${BEFORE:-}" ] && load_run "$BEFORE" before

# One `hallmark eval` process per request: n runs over the same files in turn, one at a
# time and two at a time (xargs -P2).
i=0
: >"$tmp/list"
while [ "$i" -lt "$n" ]; do
  echo "$files" >>"$tmp/list"
  i=$((i + count))
done
head -n "$n" "$tmp/list" >"$tmp/list.n"
now() { date +%s.%N; }
t0=$(now)
while read -r f; do
  "$cli" eval --methodology ECEI --rules-dir rules --format json "$f" >/dev/null || true
done <"$tmp/list.n"
t1=$(now)
xargs -P2 -I{} sh -c '"$0" eval --methodology ECEI --rules-dir rules --format json "$1" >/dev/null || true' \
  "$cli" {} <"$tmp/list.n"
t2=$(now)
load_end=$(uptime | sed 's/.*load average: //')

# The table: a row per service run, then the process runs.
python3 - "$tmp" "$t0" "$t1" "$t2" "$n" "$wrk_threads" "$connections" "$duration" "${BEFORE:-}" \
  "${BEFORE_LABEL:-built from an earlier commit}" >"$tmp/table.md" <<'EOF'
import os, re, sys
tmp, (t0, t1, t2), n, wrk_threads, connections, duration, before, before_label = \
    sys.argv[1], map(float, sys.argv[2:5]), int(sys.argv[5]), *sys.argv[6:11]
ms = lambda us: f"{int(us) / 1000:.2f} ms"
print("| how | requests | requests/s | p50 latency | p99 latency | non-2xx | socket errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
notes = []
for tag in ("main", "before") if before else ("main",):
    wrk = open(os.path.join(tmp, f"wrk-{tag}.txt")).read()
    summary = re.search(r"^serve_load: (.*)$", wrk, re.M).group(1)
    f = dict(re.findall(r"(\w+) (\S+)", summary))
    info = dict(line.split(" ", 1) for line in open(os.path.join(tmp, f"info-{tag}.txt")).read().splitlines()
                if " " in line)
    requests, seconds = int(f["requests"]), float(f["seconds"])
    errors = sum(int(f[k]) for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout"))
    which = (" of this commit" if before else "") if tag == "main" else f" {before_label}"
    print(f"| `hallmark serve`{which}: wrk, {wrk_threads} threads, {connections} connections, {duration} "
          f"(statuses {f['statuses']}) | {requests:,} | {requests / seconds:,.0f} | {ms(f['p50_us'])} | "
          f"{ms(f['p99_us'])} | {info.get('non2xx') or 0} | {errors} (connect {f['errors_connect']}, "
          f"read {f['errors_read']}, write {f['errors_write']}, timeout {f['errors_timeout']}) |")
    notes.append(f"- `hallmark serve`{which}: {info['threads']} threads in the service at the end; load average "
                 f"(1, 5, 15 min) {info['load']}; max latency {ms(f['max_us'])}; connections dropped by a full "
                 f"listen queue during the run (TcpExt ListenOverflows, the whole machine): {info['dropped']}")
for what, s, jobs in (("one at a time", t1 - t0, 1), ("two at a time (xargs -P2)", t2 - t1, 2)):
    print(f"| one `hallmark eval` process per request, {what} | {n} | {n / s:,.0f} | "
          f"{s / n * jobs * 1000:.2f} ms (mean) | — | — | — |")
print()
print("\n".join(notes))
EOF

{
  echo "## Decision service (hallmark serve)"
  echo
  echo "\`bench/serve_load.sh\`: \`wrk -t$wrk_threads -c$connections -d$duration --latency -s bench/serve_load.lua\`" \
    "POSTs the $count example assessments (\`examples/assessments/*.json\`, in turn) to" \
    "\`POST /api/v1/evaluate?methodology=ECEI\` of \`hallmark serve --rules-dir rules${threads_opt:+ $threads_opt}\`" \
    "on 127.0.0.1; every answer was first checked to be byte-identical to \`hallmark eval --format json\`." \
    "Latencies are wrk's, from sending a request to reading its answer; wrk counts a request without an answer" \
    "after 2 s as a timeout. For comparison, $n \`hallmark eval\` processes, one per request (each compiles the" \
    "rules again); their mean latency is the wall time over the runs, times the runs at once."
  echo
  cat "$tmp/table.md"
  echo "- \`hallmark eval\` runs: load average $load_end at their end"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
    "$(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(. /etc/os-release && echo "$PRETTY_NAME"), wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p')"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), build ${BUILD_TYPE:-RelWithDebInfo} ($build)"
  echo
  echo "Caveat: wrk, the service and the \`hallmark eval\` runs share the same $(nproc) cores, so wrk's" \
    "own work is counted against the service; other work on the machine (see the load averages) slows" \
    "every figure. The ratio between the rows is the point, not the absolute numbers."
} >"$out/serve_load.md"

echo
cat "$out/serve_load.md"

# Into BENCHMARKS.md: in place of the section of an earlier run, or before "Machine".
python3 - "$out/serve_load.md" <<'EOF'
import re, sys
section = open(sys.argv[1]).read().rstrip() + "\n\n"
text = open("BENCHMARKS.md").read()
old = re.compile(r"## Decision service \(hallmark serve\)\n.*?(?=^## )", re.S | re.M)
if old.search(text):
    text = old.sub(lambda m: section, text, count=1)
else:
    at = text.index("## Machine and how to reproduce")
    text = text[:at] + section + text[at:]
open("BENCHMARKS.md", "w").write(text)
EOF
cp "$out/serve_load.md" bench/serve_load.md
echo "BENCHMARKS.md: section \"Decision service (hallmark serve)\" written (kept in bench/serve_load.md)"
