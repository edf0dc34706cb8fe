#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Configures build-asan/: clang with AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer's coverage on everything, so that one build serves both the sanitized test
# suite (scripts/sanitize.sh) and the fuzz targets (tests/fuzz/run.sh).
set -eu
cd "$(dirname "$0")/.."
scripts/install_packages.sh clang libclang-rt-14-dev cmake make pkg-config tao-pegtl-dev libfmt-dev \
  libboost-dev libboost-test-dev nlohmann-json3-dev libcli11-dev libsodium-dev libsqlite3-dev libcpp-httplib-dev python3
# ccache, where the machine has it, makes a second sanitized build of a branch quick.
launcher=""
command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
# shellcheck disable=SC2086
cmake -S . -B build-asan -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DHALLMARK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo $launcher >/dev/null
