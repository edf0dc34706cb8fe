#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what hallmark needs from Debian's packages (when missing), then configures
# and builds it in ./build. Safe to run again: it only does what is left to do.
#
#   scripts/bootstrap.sh           the build dependencies; the library, command and examples
#   scripts/bootstrap.sh --tests   also what only the tests need, and the test suite
set -eu
cd "$(dirname "$0")/.."

build_packages="g++ cmake make pkg-config tao-pegtl-dev libfmt-dev nlohmann-json3-dev libboost-dev libcli11-dev libsodium-dev libsqlite3-dev libcpp-httplib-dev help2man"
# Boost.Test (unit tests), Python (script tests) with jsonschema (the schema test) and
# Selenium, Chromium and its driver (reports and the questionnaire in a browser).
# Lua 5.4 and LuaJIT, opened at run time by bench.ecei_agree (the ECEI benchmark's Lua
# baselines checked against hallmark).
# fish and zsh: cli.completion drives `hallmark completion` in each shell.
# help2man is a build package: the man page is written from --help at build time.
# python3-cryptography: Ed25519 for tests/log/independent_proofs.py, the decision log's
# checkpoints checked without hallmark (test log.proofs).
# pkg-config is a build package: the build finds cpp-httplib's configuration with it.
# lcov, whose genhtml renders the tracefile of `hallmark test --lcov` (unit.test_command).
# cffi, which the Python module loads the C API through, and pytest, which runs its
# tests (tests/python; docs/bindings.md).
# nodejs and npm: editors.vscode installs the VS Code extension's npm packages
# (vscode-languageclient, esbuild, vsce) into the build tree and runs it under node.
test_packages="libboost-test-dev python3 python3-jsonschema python3-selenium chromium chromium-driver poppler-utils liblua5.4-0 libluajit-5.1-2 fish zsh python3-cryptography python3-cffi python3-pytest lcov nodejs npm"

packages="$build_packages"
tests_option=""
case "${1:-}" in
  --tests) packages="$build_packages $test_packages"; tests_option="-DHALLMARK_BUILD_TESTS=ON" ;;
  # A new build leaves the tests out; an existing one keeps its choice (on after --tests).
  "") [ -f build/CMakeCache.txt ] || tests_option="-DHALLMARK_BUILD_TESTS=OFF" ;;
  *) echo "usage: scripts/bootstrap.sh [--tests]" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086
scripts/install_packages.sh $packages
# shellcheck disable=SC2086
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" $tests_option >/dev/null
cmake --build build -j2
