#!/bin/sh
# Installs what hallmark needs from Debian's packages (when missing), then configures
# and builds it in ./build. Safe to run again: it only does what is left to do.
set -eu
cd "$(dirname "$0")/.."

packages="g++ cmake make pkg-config tao-pegtl-dev libfmt-dev libboost-test-dev nlohmann-json3-dev libcli11-dev libssl-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j2
