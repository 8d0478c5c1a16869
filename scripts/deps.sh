#!/bin/sh
# Installs what leadplan needs to build and test, from Debian's packages only.
# Does nothing when everything is already there; needs root (or sudo) otherwise.
set -eu
# clang and libclang-rt-14-dev: the libFuzzer build of scripts/fuzz.sh (.ci/run runs it).
packages="g++ cmake ninja-build libcli11-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev catch2 libbenchmark-dev python3 clang libclang-rt-14-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps.sh: installing$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
