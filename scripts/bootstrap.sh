#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what hallmark needs from Debian's packages (when missing), then configures
# and builds it in ./build. Safe to run again: it only does what is left to do.
set -eu
cd "$(dirname "$0")/.."

scripts/install_packages.sh g++ cmake make pkg-config tao-pegtl-dev libfmt-dev libboost-test-dev \
  nlohmann-json3-dev libcli11-dev libssl-dev libsqlite3-dev python3 chromium

cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j2
