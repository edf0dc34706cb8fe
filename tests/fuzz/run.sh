#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets with clang (in build-asan/, see scripts/configure_asan.sh) and
# runs each for SECONDS (default 60) on one core.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
# The growing corpus goes to build-asan/corpus/TARGET; crashes to build-asan/findings/.
set -eu
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets="${*:-fuzz_rules fuzz_assessment fuzz_structured fuzz_corpus fuzz_plan}"

scripts/configure_asan.sh
# shellcheck disable=SC2086
cmake --build build-asan -j2 --target $targets

seeds() {
  case "$1" in
    fuzz_rules) echo "tests/fuzz/seeds/rules tests/corpus/ok tests/corpus/fail rules/ecei examples/quickstart" ;;
    fuzz_assessment) echo "tests/fuzz/seeds/assessment examples/assessments examples/quickstart tests/corpus/bad_input" ;;
    fuzz_structured) echo "tests/fuzz/seeds/structured" ;;
    fuzz_corpus) echo "tests/fuzz/seeds/corpus" ;;
    fuzz_plan) echo "tests/fuzz/seeds/plan" ;;
  esac
}
options() {
  case "$1" in
    fuzz_rules) echo "-dict=tests/fuzz/hallmark.dict" ;;
    fuzz_assessment) echo "-dict=tests/fuzz/json.dict" ;;
    fuzz_structured) echo "-dict=tests/fuzz/hallmark.dict -print_funcs=0" ;;
    fuzz_corpus) echo "-dict=tests/fuzz/json.dict" ;;
    fuzz_plan) echo "" ;;
  esac
}

status=0
for t in $targets; do
  mkdir -p "build-asan/corpus/$t" build-asan/findings
  echo "fuzz: $t for ${seconds}s"
  # shellcheck disable=SC2046
  # A stack frame read after its function returned is caught too, not only heap misuse.
  if ! ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=1}" "build-asan/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="build-asan/findings/$t-" $(options "$t") \
      "build-asan/corpus/$t" $(seeds "$t") 2>"build-asan/$t.log"; then
    echo "fuzz: $t FOUND A PROBLEM; see build-asan/$t.log and build-asan/findings/"
    tail -40 "build-asan/$t.log"
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "build-asan/$t.log" || true
done
exit $status
