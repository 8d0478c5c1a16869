#!/bin/sh
# Installs what leadplan needs to build and test, from Debian's packages only,
# and the de_DE.UTF-8 locale the locale-independence test runs under.
# Does nothing when everything is already there; needs root (or sudo) otherwise.
set -eu
# With --ci, also what .ci/run needs beyond the tests: clang and libclang-rt-14-dev
# for the libFuzzer build of scripts/fuzz.sh, clang-format for the layout check.
# chromium, libreoffice-calc-nogui and python3-openpyxl are the real clients the HTML
# and XLSX reports are tested with (their tests skip without them; about 4.5 minutes
# of apt-get install on a fresh machine, docs/reports.md).
# man-db and zsh for the check of the Debian package (scripts/deb-check.sh).
packages="g++ cmake ninja-build libcli11-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libboost-math-dev catch2 libbenchmark-dev python3 python3-jsonschema python3-yaml locales pkg-config libxlsxwriter-dev glpk-utils"
if [ "${1:-}" = "--ci" ]; then
  packages="$packages clang libclang-rt-14-dev clang-format chromium libreoffice-calc-nogui python3-openpyxl man-db zsh"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ -n "$missing" ]; then
  echo "deps.sh: installing$missing" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "deps.sh: generating the de_DE.UTF-8 locale" >&2
  $sudo sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >/dev/null
fi
