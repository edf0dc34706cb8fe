#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The test suite under sanitizers: every test with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang, build-asan/, shared with the fuzz targets), and the
# concurrency tests with ThreadSanitizer (gcc, build-tsan/). Any report fails the run.
# Usage: scripts/sanitize.sh [asan] [tsan]   (both when no argument)
set -eu
cd "$(dirname "$0")/.."
jobs="${*:-asan tsan}"

for job in $jobs; do
  case "$job" in
    asan)
      scripts/configure_asan.sh
      cmake --build build-asan -j2
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j2
      ;;
    tsan)
      scripts/bootstrap.sh --tests >/dev/null
      cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHALLMARK_SANITIZE=thread >/dev/null
      cmake --build build-tsan -j2 --target hallmark_tests hallmark_cli capi_threads
      # The engine's threads, the service's (a race stops the service, which fails the test)
      # and those of C programs sharing one rule set through the C API.
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build-tsan --output-on-failure -R '^(unit\.concurrency|serve\.api|capi\.threads)$'
      ;;
    *) echo "sanitize.sh: unknown job '$job' (asan or tsan)" >&2; exit 2 ;;
  esac
done
