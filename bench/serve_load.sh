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

# The service, on a free port, without a log (evaluate records nothing).
threads_opt=""
[ -n "${THREADS:-}" ] && threads_opt="--threads $THREADS"
# shellcheck disable=SC2086
"$cli" serve --rules-dir rules --listen 127.0.0.1:0 $threads_opt >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^hallmark serve: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "hallmark serve did not start:" >&2; cat "$tmp/serve.err" >&2; exit 2; }
url="http://127.0.0.1:$port"

# Every answer is the decision `hallmark eval` prints, byte for byte.
for f in $files; do
  "$cli" eval --methodology ECEI --rules-dir rules --format json "$f" >"$tmp/eval.json" || true
  curl -sS -o "$tmp/http.json" -H 'Content-Type: application/json' --data-binary "@$f" \
    "$url/api/v1/evaluate?methodology=ECEI"
  cmp -s "$tmp/eval.json" "$tmp/http.json" || { echo "the service answers $f differently from hallmark eval" >&2; exit 1; }
done

# The kernel's count of connections dropped because a listen queue was full (for the
# whole network namespace: other programs' sockets count too).
overflows() {
  awk '/^TcpExt:/ { if (!h) { split($0, n); h = 1 } else { split($0, v); for (i = 1; i <= NF; i++) if (n[i] == "ListenOverflows") print v[i] } }' /proc/net/netstat 2>/dev/null || echo 0
}
overflows_before=$(overflows)
load_before=$(uptime | sed 's/.*load average: //')
# shellcheck disable=SC2086
wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s bench/serve_load.lua "$url" -- $files \
  | tee "$tmp/wrk.txt"
load_after=$(uptime | sed 's/.*load average: //')
overflows_during=$(($(overflows) - overflows_before))
echo "listen queue overflows during the wrk run: $overflows_during"
grep -q '^serve_load:' "$tmp/wrk.txt" || { echo "wrk printed no summary" >&2; exit 1; }
serve_threads=$(ls "/proc/$pid/task" | wc -l)
stop_service
pid=""
if [ -s "$tmp/serve.err" ]; then
  echo "the service's error output:" >&2
  head -20 "$tmp/serve.err" >&2
fi

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

summary=$(grep '^serve_load:' "$tmp/wrk.txt")
field() { echo "$summary" | sed -n "s/.* $1 \([^ ]*\).*/\1/p"; }
sockets=$(grep -i 'socket errors' "$tmp/wrk.txt" | sed 's/^ *//' || true)
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$tmp/wrk.txt")
python3 - "$summary" "$t0" "$t1" "$t2" "$n" "${non2xx:-0}" >"$tmp/table.md" <<'EOF'
import re, sys
summary, t0, t1, t2, n, non2xx = sys.argv[1], *map(float, sys.argv[2:5]), int(sys.argv[5]), int(sys.argv[6])
f = dict(re.findall(r"(\w+) (\S+)", summary.split(":", 1)[1]))
requests, seconds = int(f["requests"]), float(f["seconds"])
errors = sum(int(f[k]) for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout"))
ms = lambda us: f"{int(us) / 1000:.2f} ms"
print("| how | requests | requests/s | p50 latency | p99 latency | non-2xx | socket errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
print(f"| `hallmark serve`, wrk, 2 threads, 200 connections (statuses {f['statuses']}) | {requests:,} | "
      f"{requests / seconds:,.0f} | {ms(f['p50_us'])} | {ms(f['p99_us'])} | {non2xx} | {errors} "
      f"(connect {f['errors_connect']}, read {f['errors_read']}, write {f['errors_write']}, "
      f"timeout {f['errors_timeout']}) |")
for what, s, jobs in (("one at a time", t1 - t0, 1), ("two at a time (xargs -P2)", t2 - t1, 2)):
    print(f"| one `hallmark eval` process per request, {what} | {n} | {n / s:,.0f} | "
          f"{s / n * jobs * 1000:.2f} ms (mean) | — | — | — |")
EOF
sed -i "s/wrk, 2 threads, 200 connections/wrk, $wrk_threads threads, $connections connections, $duration/" "$tmp/table.md"

{
  echo "## Decision service (hallmark serve)"
  echo
  echo "\`bench/serve_load.sh\`: \`wrk -t$wrk_threads -c$connections -d$duration --latency -s bench/serve_load.lua\`" \
    "POSTs the $count example assessments (\`examples/assessments/*.json\`, in turn) to" \
    "\`POST /api/v1/evaluate?methodology=ECEI\` of \`hallmark serve --rules-dir rules${threads_opt:+ $threads_opt}\`" \
    "($serve_threads threads in the service at the end of the run) on 127.0.0.1; every answer was first checked to be" \
    "byte-identical to \`hallmark eval --format json\`. For comparison, $n \`hallmark eval\` processes, one per request" \
    "(each compiles the rules again). The mean latency of a process run is the wall time over the runs, times the" \
    "runs at once."
  echo
  cat "$tmp/table.md"
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
    "$(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), build ${BUILD_TYPE:-RelWithDebInfo} ($build)"
  echo "- load average (1, 5, 15 min): $load_before before wrk, $load_after after it, $load_end after the eval runs"
  [ -n "$sockets" ] && echo "- wrk: $sockets"
  echo "- connections dropped by a full listen queue during the wrk run (TcpExt ListenOverflows): $overflows_during"
  echo
  echo "Caveat: wrk, the service and the \`hallmark eval\` runs share the same $(nproc) cores, so wrk's" \
    "own work is counted against the service; other work on the machine (see the load average) slows" \
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
