#!/bin/sh
# Builds the fuzz targets with clang and runs each for SECONDS (default 60) on one core.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
# The growing corpus goes to build-fuzz/corpus/TARGET; crashes to build-fuzz/findings/.
set -eu
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets="${*:-fuzz_rules fuzz_assessment fuzz_structured}"

scripts/install_packages.sh clang libclang-rt-14-dev cmake make tao-pegtl-dev libfmt-dev nlohmann-json3-dev \
  libcli11-dev libssl-dev libboost-dev
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DHALLMARK_FUZZ=ON -DHALLMARK_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# shellcheck disable=SC2086
cmake --build build-fuzz -j2 --target $targets

seeds() {
  case "$1" in
    fuzz_rules) echo "tests/fuzz/seeds/rules tests/corpus/ok tests/corpus/fail rules/ecei examples/quickstart" ;;
    fuzz_assessment) echo "tests/fuzz/seeds/assessment examples/assessments examples/quickstart tests/corpus/bad_input" ;;
    fuzz_structured) echo "tests/fuzz/seeds/structured" ;;
  esac
}
options() {
  case "$1" in
    fuzz_rules) echo "-dict=tests/fuzz/hallmark.dict" ;;
    fuzz_assessment) echo "-dict=tests/fuzz/json.dict" ;;
    fuzz_structured) echo "-dict=tests/fuzz/hallmark.dict -print_funcs=0" ;;
  esac
}

status=0
for t in $targets; do
  mkdir -p "build-fuzz/corpus/$t" build-fuzz/findings
  echo "fuzz: $t for ${seconds}s"
  # shellcheck disable=SC2046
  if ! "build-fuzz/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/findings/$t-" $(options "$t") \
      "build-fuzz/corpus/$t" $(seeds "$t") 2>"build-fuzz/$t.log"; then
    echo "fuzz: $t FOUND A PROBLEM; see build-fuzz/$t.log and build-fuzz/findings/"
    tail -40 "build-fuzz/$t.log"
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "build-fuzz/$t.log" || true
done
exit $status
