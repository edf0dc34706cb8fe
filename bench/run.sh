#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds and runs every benchmark, then regenerates BENCHMARKS.md from what this run
# measured on this machine. Never part of the tests; takes about 10 minutes, most of it
# the batch runs over 1,000,000 records.
#
#   bench/run.sh                      everything
#   RECORDS=100000 bench/run.sh       a quicker batch (the figure says how many)
#   NO_BATCH=1 bench/run.sh           without the batch runs
set -eu
cd "$(dirname "$0")/.."

scripts/install_packages.sh g++ cmake make pkg-config tao-pegtl-dev libfmt-dev libboost-dev libboost-test-dev \
  nlohmann-json3-dev libcli11-dev libsodium-dev libsqlite3-dev python3 \
  libbenchmark-dev liblua5.4-dev libluajit-5.1-dev libmuparser-dev libclips-dev libsimdjson-dev linux-perf wrk

# The same build as scripts/bootstrap.sh (./build, RelWithDebInfo), so nothing is
# compiled twice; results and profiles go to build/bench-results.
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j2 --target hallmark_bench hallmark_bench_values hallmark_bench_compile_memory hallmark_cli
out=build/bench-results
mkdir -p "$out"

batch="--batch_records=${RECORDS:-1000000}"
[ -n "${NO_BATCH:-}" ] && batch="--no_batch"
HALLMARK_BENCH_DATA="$out/data" build/bench/hallmark_bench "$batch" \
  --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json
# Peak memory of compiling, one process per size.
for times in 1 10 100; do build/bench/hallmark_bench_compile_memory "$times"; done >"$out/compile_memory.jsonl"
build/bench/hallmark_bench_values \
  --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/values.json" --benchmark_out_format=json

# Where the time goes: a sampled profile of the main paths (perf may be unavailable
# in containers; the report then says so).
for filter in synthetic/hallmark/label/bound synthetic/hallmark/label/converting \
  synthetic/hallmark/explained/bound synthetic/hallmark/label/from_json; do
  name=$(echo "$filter" | tr '/' '_')
  if perf record -q -o "$out/$name.perf" build/bench/hallmark_bench --no_batch \
      --benchmark_filter="^$filter\$" --benchmark_min_time=2 >/dev/null 2>&1; then
    perf report -i "$out/$name.perf" --stdio --no-children 2>/dev/null | grep '%' | grep -v '^#' | head -12 \
      >"$out/$name.profile" || true
  else
    echo "perf record is not available here" >"$out/$name.profile"
  fi
done

{
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "compiler: $(c++ --version | head -1)"
  echo "build: ${BUILD_TYPE:-RelWithDebInfo} (./build)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
} >"$out/machine.txt"

python3 bench/report.py "$out" >BENCHMARKS.md.part
mv BENCHMARKS.md.part BENCHMARKS.md
echo "BENCHMARKS.md regenerated from $out/bench.json"
