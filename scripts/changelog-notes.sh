#!/usr/bin/env bash
# Prints the release notes of one version from a Keep a Changelog file: the lines under
# "## [X.Y.Z]" (or "## vX.Y.Z") up to the next "## " heading. Fails, naming the fix, when the
# version has no section or the section is empty: a release never ships without notes.
# Usage: changelog-notes.sh vX.Y.Z [CHANGELOG.md]
set -euo pipefail
version=${1:?usage: changelog-notes.sh vX.Y.Z [CHANGELOG.md]}
file=${2:-CHANGELOG.md}
number=${version#v}
notes=$(awk -v number="$number" '
  /^## / {
    if (found) exit
    heading = $0
    sub(/^## +/, "", heading)
    sub(/^\[/, "", heading)
    sub(/^v/, "", heading)
    split(heading, words, /[] ]/)
    if (words[1] == number) { found = 1; next }
  }
  found { print }
' "$file")
if [[ -z "${notes//[[:space:]]/}" ]]; then
  echo "::error title=CHANGELOG.md::no notes for $version in $file: add a \"## [$number] - YYYY-MM-DD\" section (move the Unreleased entries there)" >&2
  exit 1
fi
printf '%s\n' "$notes"
