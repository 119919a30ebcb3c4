#!/usr/bin/env bash
# Hostile HTTP: N requests (default 12,000), a third valid and the rest malformed or hostile, from four
# threads while 1,000 idle connections are held open, against the collector as its own process.
# Prints one line: the counts by kind and status, the collector's peak resident memory, and how many
# acknowledged valid events were stored (each exactly once). Every build runs 2,000.
#   collector/scripts/hostile.sh [--requests N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
requests=12000
if [[ "${1:-}" == "--requests" ]]; then requests="$2"; fi

mkdir -p target
if ! (mvn -B -q -o -DskipTests -pl collector -am install >target/hostile-build.log 2>&1 \
      || mvn -B -q -DskipTests -pl collector -am install >target/hostile-build.log 2>&1); then
  echo "hostile: build failed; see target/hostile-build.log" >&2
  exit 1
fi
out=target/hostile.log
if mvn -B -o -pl collector surefire:test -Dtest=HostileTrafficTest -Dcandor.hostile.requests="$requests" >"$out" 2>&1; then
  grep -h "hostile traffic:" "$out" | head -1
else
  echo "hostile: FAILED; see $out" >&2
  grep -h "hostile traffic:" "$out" >&2 || true
  exit 1
fi
