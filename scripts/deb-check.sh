#!/bin/sh
# Builds the Debian package of the build folder BUILD (default `build`) with
# CPack, installs it with dpkg -i, checks what it installed (the executable runs,
# man finds the page, the bash completion completes commands and --set paths,
# the zsh one parses), and removes it again. Needs root (or sudo); .ci/run step 3.
set -eu
build="${1:-build}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
rm -f "$build"/leadplan_*.deb
(cd "$build" && cpack -G DEB > /dev/null)
deb=$(ls "$build"/leadplan_*.deb)
echo "deb-check: $deb ($(wc -c < "$deb") bytes)"
$sudo dpkg -i "$deb" > /dev/null
trap '$sudo dpkg -r leadplan > /dev/null' EXIT
/usr/bin/leadplan --version
man -w leadplan
completion=/usr/share/bash-completion/completions/leadplan
words=$(bash -c ". $completion; COMP_WORDS=(leadplan ch); COMP_CWORD=1; _leadplan; echo \"\${COMPREPLY[*]}\"")
[ "$words" = "check" ] || { echo "deb-check: bash completes \`leadplan ch\` as \`$words\`" >&2; exit 1; }
paths=$(bash -c ". $completion; COMP_WORDS=(leadplan calc examples/seed.yaml --set funnel.mql.ra); COMP_CWORD=4; _leadplan; echo \"\${COMPREPLY[*]}\"")
[ "$paths" = "funnel.mql.rate=" ] || { echo "deb-check: bash completes \`--set funnel.mql.ra\` as \`$paths\`" >&2; exit 1; }
if command -v zsh > /dev/null; then
  zsh -n /usr/share/zsh/vendor-completions/_leadplan
fi
/usr/bin/leadplan init - --template saas | /usr/bin/leadplan check - --quiet
echo "deb-check: installed, ran, completed, removed"
